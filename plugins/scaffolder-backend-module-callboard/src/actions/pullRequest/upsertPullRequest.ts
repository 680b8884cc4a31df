import type { ScmIntegrationRegistry } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { GithubClientFactory } from '@callboard/github';
import { applyPlan } from './applyPlan';
import {
  ChangeReport,
  describeChangesWithDiffs,
  formatChangeLine,
  summarizeChanges,
} from './changeReport';
import { checkpointKeys } from './checkpointKeys';
import { PullRequestGithubApi } from './githubApi';
import { planUpsert, UpsertPlan } from './plan';
import { ProgressLog } from './progress';
import { readRepositoryState } from './repositoryState';
import { parsePullRequestRequest } from './request';
import { examples } from './upsertPullRequest.examples';

export const UPSERT_PULL_REQUEST_ACTION_ID = 'callboard:github:pull-request';

export interface UpsertPullRequestActionOptions {
  integrations: ScmIntegrationRegistry;
  /** Built once by the module; defaults to one over `integrations` with default retries. */
  githubClients?: GithubClientFactory;
}

function describePlan(plan: UpsertPlan, where: string): string {
  const files = `${plan.changes.length} file(s) changed`;
  switch (plan.result) {
    case 'created':
      return `open a pull request from ${where} into '${plan.baseBranch}' (${files})`;
    case 'updated':
      return `update pull request #${plan.pull?.number} from ${where} (${files})`;
    default:
      return plan.pull
        ? `leave pull request #${plan.pull.number} from ${where} as it is`
        : `do nothing: ${where} would not differ from '${plan.baseBranch}'`;
  }
}

/**
 * `callboard:github:pull-request`: makes sure exactly one open pull request
 * proposes the given files on the given branch, creating or updating it, and
 * reports `unchanged` without writing when it already does.
 */
export function createUpsertPullRequestAction(
  options: UpsertPullRequestActionOptions,
) {
  const { integrations } = options;
  const githubClients =
    options.githubClients ?? new GithubClientFactory({ integrations });

  return createTemplateAction({
    id: UPSERT_PULL_REQUEST_ACTION_ID,
    description:
      'Creates or updates a GitHub pull request that proposes the given files on a branch. Idempotent: the same input never opens a second pull request or pushes a second commit.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z.string({
            description:
              "The repository, as RepoUrlPicker produces it: '<host>?owner=<owner>&repo=<repo>'",
          }),
        branchName: z =>
          z.string({
            description:
              'The branch the pull request is opened from; created from the base branch when missing',
          }),
        baseBranch: z =>
          z
            .string({
              description:
                "The branch the pull request targets; defaults to the repository's default branch",
            })
            .optional(),
        title: z => z.string({ description: 'The pull request title' }),
        description: z =>
          z.string({ description: 'The pull request body (Markdown)' }),
        files: z =>
          z.array(
            z.object({
              path: z.string({
                description:
                  "Path relative to the repository root, '/'-separated, without '..'",
              }),
              content: z.string({
                description: 'The whole file content, encoded as `encoding`',
              }),
              encoding: z
                .enum(['utf-8', 'base64'], {
                  description:
                    "How `content` is encoded; 'base64' for binary files. Defaults to 'utf-8'",
                })
                .optional(),
              executable: z
                .boolean({
                  description:
                    'Whether the file gets mode 100755; when omitted an existing file keeps its mode',
                })
                .optional(),
            }),
            {
              description:
                'Files to create or overwrite on the branch; files not listed stay as they are',
            },
          ),
        deletions: z =>
          z
            .array(z.string(), {
              description:
                'Paths to delete (a folder deletes everything below it); paths that do not exist are ignored',
            })
            .optional(),
        labels: z =>
          z
            .array(z.string(), {
              description:
                'Labels the pull request must carry; missing labels are created. Labels added by people are kept',
            })
            .optional(),
        reviewers: z =>
          z
            .array(z.string(), {
              description:
                'GitHub logins to request a review from; people who already reviewed are not asked again',
            })
            .optional(),
        teamReviewers: z =>
          z
            .array(z.string(), {
              description:
                "Team slugs of the repository owner ('platform' or 'acme/platform') to request a review from",
            })
            .optional(),
        draft: z =>
          z
            .boolean({
              description:
                'Open the pull request as a draft; on an open pull request, switch it to this state. Omit to leave an open one as it is',
            })
            .optional(),
        commitMessage: z =>
          z
            .string({
              description: 'Message of the commit; defaults to the title',
            })
            .optional(),
        token: z =>
          z
            .string({
              description:
                "A user's GitHub token to act as them instead of the integration's credentials",
            })
            .optional(),
      },
      output: {
        result: z =>
          z.enum(['created', 'updated', 'unchanged'], {
            description:
              "What happened (or, in a dry run, would happen): 'created' a pull request, 'updated' one, or left it 'unchanged'",
          }),
        number: z =>
          z.number({
            description:
              'The pull request number; 0 when there is none (a dry run before creation, or nothing to propose)',
          }),
        url: z =>
          z.string({
            description:
              'The pull request web URL; empty when there is no pull request',
          }),
        branch: z =>
          z.string({ description: 'The branch the pull request comes from' }),
        changes: z =>
          z.array(
            z.object({
              path: z.string({ description: 'Repository path of the file' }),
              change: z.enum(['added', 'modified', 'deleted'], {
                description: 'How the file changes on the branch',
              }),
              sizeBefore: z
                .number({ description: 'Size in bytes before the change' })
                .optional(),
              sizeAfter: z
                .number({ description: 'Size in bytes after the change' })
                .optional(),
              binary: z
                .boolean({
                  description: 'Dry run only: whether the file is binary',
                })
                .optional(),
              diff: z
                .string({
                  description: 'Dry run only: unified diff of a text file',
                })
                .optional(),
            }),
            {
              description:
                'Files this run changed (or, in a dry run, would change), with diffs in dry runs',
            },
          ),
      },
    },

    async handler(ctx) {
      const request = parsePullRequestRequest(ctx.input, integrations);
      const { owner, repo } = request.target;
      const where = `${owner}/${repo} branch '${request.branch}'`;
      const progress = new ProgressLog({
        maxRetries: githubClients.retry.maxRetries,
      });
      const octokit = await githubClients
        .session({ logger: ctx.logger, signal: ctx.signal })
        .get({ ...request.target, token: ctx.input.token });
      const api = new PullRequestGithubApi(octokit, request.target, progress);

      const finish = (
        plan: UpsertPlan,
        pull: { number: number; url: string } | undefined,
        changes: ChangeReport[],
      ) => {
        ctx.output('result', plan.result);
        ctx.output('number', pull?.number ?? 0);
        ctx.output('url', pull?.url ?? '');
        ctx.output('branch', request.branch);
        ctx.output('changes', changes);
      };

      if (ctx.isDryRun) {
        const plan = planUpsert(
          request,
          await readRepositoryState(api, request),
        );
        const changes = await describeChangesWithDiffs(
          plan.changes,
          request,
          api,
        );
        ctx.logger.info(`Dry run: would ${describePlan(plan, where)}`);
        for (const change of changes) {
          ctx.logger.info(
            change.diff
              ? `${formatChangeLine(change)}\n${change.diff}`
              : formatChangeLine(change),
          );
        }
        finish(plan, plan.pull, changes);
        return;
      }

      const keyFor = checkpointKeys(request);
      const plan = await ctx.checkpoint({
        key: keyFor('plan'),
        fn: async () =>
          planUpsert(request, await readRepositoryState(api, request)),
      });
      if (plan.result === 'unchanged') {
        ctx.logger.info(`Nothing to write: ${describePlan(plan, where)}`);
        finish(plan, plan.pull, []);
        return;
      }
      const pull = await applyPlan({
        api,
        request,
        plan,
        checkpoint: ctx.checkpoint.bind(ctx),
        keyFor,
        progress,
        logger: ctx.logger,
      });
      finish(plan, pull, summarizeChanges(plan.changes));
    },
  });
}
