import { CacheService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  createCacheServiceConditionalRequestCache,
  GithubClientFactory,
  GithubRequestStats,
} from '@callboard/github';
import {
  FactCollectionResult,
  FactCollector,
} from '@callboard/plugin-scorecards-node';

export const projectSlugAnnotation = 'github.com/project-slug';
const sourceLocationAnnotation = 'backstage.io/source-location';

export type GithubCollectorOptions = {
  factory: GithubClientFactory;
  cache?: CacheService;
  /** Host of the repositories, e.g. github.com; from the source location when it names one. */
  defaultHost: string;
  /** `owner/repo/.github/workflows/<file>` of the platform's reusable workflow. */
  reusableWorkflow?: string;
  lockFile: string;
  /** The newest version of a golden-path template, by template name. */
  latestTemplateVersion: (templateName: string) => Promise<string | undefined>;
  /** Counts the collector's GitHub requests, for the benchmark and logs. */
  stats?: GithubRequestStats;
};

type Repo = { host: string; owner: string; repo: string };

function repositoryOf(entity: Entity, defaultHost: string): Repo | undefined {
  const slug = entity.metadata.annotations?.[projectSlugAnnotation];
  if (!slug || !/^[^/\s]+\/[^/\s]+$/.test(slug)) return undefined;
  const [owner, repo] = slug.split('/');
  const location = entity.metadata.annotations?.[sourceLocationAnnotation];
  const host = location?.match(/^url:https?:\/\/([^/]+)\//)?.[1] ?? defaultHost;
  return { host, owner, repo };
}

/** GraphQL string literal: JSON's escaping is valid GraphQL. */
const literal = (value: string) => JSON.stringify(value);

const fileFields = (lockFile: string) => `
  defaultBranchRef { name }
  readme: object(expression: "HEAD:README.md") { __typename }
  codeowners: object(expression: "HEAD:.github/CODEOWNERS") { __typename }
  rootCodeowners: object(expression: "HEAD:CODEOWNERS") { __typename }
  dockerfile: object(expression: "HEAD:Dockerfile") { __typename }
  workflows: object(expression: "HEAD:.github/workflows") {
    ... on Tree { entries { name object { ... on Blob { text } } } }
  }
  lock: object(expression: ${literal(
    `HEAD:${lockFile}`,
  )}) { ... on Blob { text } }
`;

type RepositoryAnswer = {
  defaultBranchRef: { name: string } | null;
  readme: object | null;
  codeowners: object | null;
  rootCodeowners: object | null;
  dockerfile: object | null;
  workflows: {
    entries?: { name: string; object: { text?: string } | null }[];
  } | null;
  lock: { text?: string } | null;
} | null;

/**
 * The ref the platform's reusable workflow is called at, or '' when it is not
 * called. `reusableWorkflow` names one workflow file
 * (`owner/repo/.github/workflows/build.yaml`) or a repository of them
 * (`owner/repo`), in which case a call to any of its workflows counts.
 */
export function reusableWorkflowRef(
  workflows: string[],
  reusableWorkflow: string | undefined,
): string {
  if (!reusableWorkflow) return '';
  const escaped = reusableWorkflow.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const callee =
    reusableWorkflow.split('/').length === 2
      ? `${escaped}/\\.github/workflows/[\\w.-]+`
      : escaped;
  const pattern = new RegExp(`uses:\\s*['"]?${callee}@([\\w./-]+)`, 'i');
  for (const text of workflows) {
    const match = text.match(pattern);
    if (match) return match[1];
  }
  return '';
}

/**
 * Repository facts from GitHub: one GraphQL query per batch of repositories
 * for files, one conditional REST call per repository for branch protection
 * (a 304 costs no rate limit).
 */
export function createGithubCollector(
  options: GithubCollectorOptions,
): FactCollector {
  return {
    id: 'github',
    title: 'GitHub',
    ttl: { hours: 3 },
    schedule: { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
    batchSize: 25,
    facts: {
      hasReadme: {
        type: 'bool',
        description: 'README.md on the default branch.',
      },
      hasCodeowners: {
        type: 'bool',
        description: 'CODEOWNERS in .github/ or the repository root.',
      },
      hasDockerfile: {
        type: 'bool',
        description: 'Dockerfile at the repository root.',
      },
      reusableWorkflowRef: {
        type: 'string',
        description:
          "The ref at which a workflow calls the platform's reusable workflow; '' when none does.",
      },
      goldenPathTemplate: {
        type: 'string',
        description:
          "Template named in the golden path's lock file; '' without a lock file.",
      },
      templateVersion: {
        type: 'string',
        description:
          "Template version in the lock file; '' without a lock file.",
      },
      latestTemplateVersion: {
        type: 'string',
        description:
          "The template's newest version in the catalog; '' when unknown.",
      },
      branchProtected: {
        type: 'bool',
        description: 'The default branch has a protection rule.',
      },
      requiredReviews: {
        type: 'int',
        description:
          'Approving reviews branch protection requires; 0 when none.',
      },
    },
    skipReason: entity =>
      repositoryOf(entity, options.defaultHost)
        ? undefined
        : `no ${projectSlugAnnotation} annotation`,
    async collect(entities, { signal, logger }) {
      // One session per collection run: each owner is authenticated once.
      const clients = options.factory.session({
        logger,
        signal,
        conditionalRequests: options.cache
          ? createCacheServiceConditionalRequestCache(options.cache)
          : undefined,
        onExchange: options.stats?.observe,
      });
      const targets = entities.map(entity => ({
        entityRef: stringifyEntityRef(entity),
        repo: repositoryOf(entity, options.defaultHost)!,
      }));
      const byOwner = new Map<string, typeof targets>();
      for (const target of targets) {
        const key = `${target.repo.host}/${target.repo.owner}`;
        byOwner.set(key, [...(byOwner.get(key) ?? []), target]);
      }
      const results: FactCollectionResult[] = [];
      for (const group of byOwner.values()) {
        const octokit = await clients.get(group[0].repo);
        const query = `query {\n${group
          .map(
            ({ repo }, index) =>
              `r${index}: repository(owner: ${literal(
                repo.owner,
              )}, name: ${literal(repo.repo)}) {${fileFields(
                options.lockFile,
              )}}`,
          )
          .join('\n')}\n}`;
        let data: Record<string, RepositoryAnswer>;
        try {
          data = await octokit.graphql<Record<string, RepositoryAnswer>>(query);
        } catch (error) {
          // A missing repository fails only its alias; keep the others' answers.
          const partial = (error as { data?: Record<string, RepositoryAnswer> })
            .data;
          const errors = (error as { errors?: { type?: string }[] }).errors;
          if (!partial || !errors?.every(e => e.type === 'NOT_FOUND'))
            throw error;
          data = partial;
        }
        for (const [index, target] of group.entries()) {
          const answer = data[`r${index}`];
          if (!answer) {
            results.push({
              entityRef: target.entityRef,
              error: {
                kind: 'not-found',
                message: `GitHub has no repository ${target.repo.owner}/${target.repo.repo}`,
              },
            });
            continue;
          }
          const workflows = (answer.workflows?.entries ?? [])
            .filter(e => /\.ya?ml$/.test(e.name))
            .map(e => e.object?.text ?? '');
          let lock: { template?: { name?: string; version?: string } } = {};
          const missing: Record<string, string> = {};
          if (answer.lock?.text) {
            try {
              lock = JSON.parse(answer.lock.text);
            } catch {
              missing.templateVersion = `${options.lockFile} is not valid JSON`;
            }
          }
          const templateName = lock.template?.name ?? '';
          const latest = templateName
            ? (await options.latestTemplateVersion(templateName)) ?? ''
            : '';
          const protection = await branchProtection(
            octokit,
            target.repo,
            answer.defaultBranchRef?.name,
          );
          if (protection.problem) {
            missing.branchProtected = protection.problem;
            missing.requiredReviews = protection.problem;
          }
          results.push({
            entityRef: target.entityRef,
            facts: {
              hasReadme: Boolean(answer.readme),
              hasCodeowners: Boolean(
                answer.codeowners || answer.rootCodeowners,
              ),
              hasDockerfile: Boolean(answer.dockerfile),
              reusableWorkflowRef: reusableWorkflowRef(
                workflows,
                options.reusableWorkflow,
              ),
              goldenPathTemplate: templateName,
              templateVersion: lock.template?.version ?? '',
              latestTemplateVersion: latest,
              branchProtected: protection.protected,
              requiredReviews: protection.requiredReviews,
            },
            missing: Object.keys(missing).length ? missing : undefined,
          });
        }
      }
      return results;
    },
  };
}

type Octokit = Awaited<
  ReturnType<ReturnType<GithubClientFactory['session']>['get']>
>;

async function branchProtection(
  octokit: Octokit,
  repo: Repo,
  branch: string | undefined,
): Promise<{ protected: boolean; requiredReviews: number; problem?: string }> {
  if (!branch) return { protected: false, requiredReviews: 0 };
  try {
    const { data } = await octokit.rest.repos.getBranchProtection({
      owner: repo.owner,
      repo: repo.repo,
      branch,
    });
    return {
      protected: true,
      requiredReviews:
        data.required_pull_request_reviews?.required_approving_review_count ??
        0,
    };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 404) return { protected: false, requiredReviews: 0 };
    if (status === 403) {
      return {
        protected: false,
        requiredReviews: 0,
        problem:
          'reading branch protection needs admin access to the repository',
      };
    }
    throw error;
  }
}
