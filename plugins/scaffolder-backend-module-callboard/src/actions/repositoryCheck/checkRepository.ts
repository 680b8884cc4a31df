import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './checkRepository.examples';

export type RepositoryLocation = { host: string; owner: string; repo: string };

/**
 * The checks a form's RepoUrlPicker makes, on the server: the task API accepts any value, so
 * without this a run could publish anywhere the integration's token reaches. The golden path
 * feeds it the repository that callboard:golden-path:repository derived from configuration, so
 * a host or owner added to configuration is refused until the reviewed template allows it.
 */
export function checkRepositoryLocation(
  location: RepositoryLocation,
  rules: { allowedHosts: string[]; allowedOwners: string[]; name: string },
): void {
  const problems: string[] = [];
  if (!rules.allowedHosts.includes(location.host)) {
    problems.push(
      `host '${
        location.host
      }' is not allowed; allowed hosts are ${rules.allowedHosts.join(', ')}`,
    );
  }
  if (!rules.allowedOwners.includes(location.owner)) {
    problems.push(
      `owner '${
        location.owner
      }' is not allowed; allowed owners are ${rules.allowedOwners.join(', ')}`,
    );
  }
  if (location.repo !== rules.name) {
    problems.push(
      `repository name '${location.repo}' must equal the service name '${rules.name}'`,
    );
  }
  if (problems.length > 0) {
    throw new InputError(
      `Repository location ${location.host}/${location.owner}/${
        location.repo
      } refused: ${problems.join('; ')}`,
    );
  }
}

/**
 * Reads a RepoUrlPicker value (`host?owner=o&repo=r`) the way the scaffolder's parseRepoUrl
 * does, without its integration lookup: an unknown host must fail with the allowed hosts named,
 * not with "no matching integration".
 */
function readRepoUrl(repoUrl: string): Partial<RepositoryLocation> {
  let url: URL;
  try {
    url = new URL(`https://${repoUrl}`);
  } catch {
    throw new InputError(`Repository location '${repoUrl}' is not a valid URL`);
  }
  return {
    host: url.host,
    owner: url.searchParams.get('owner') ?? undefined,
    repo: url.searchParams.get('repo') ?? undefined,
  };
}

/** `callboard:repository:check`, the golden path's first step. */
export function createCheckRepositoryAction() {
  return createTemplateAction({
    id: 'callboard:repository:check',
    description:
      "Refuses a repository location outside the template's allowed hosts and owners, or whose name differs from the service name, before anything is created.",
    examples,
    // Only reads its input, so a dry run performs the same check.
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z
            .string()
            .describe(
              "A RepoUrlPicker value or callboard:golden-path:repository's repoUrl output, e.g. 'github.com?owner=tidewater&repo=payments-api'",
            ),
        name: z =>
          z
            .string()
            .describe('The service name the repository must be named after'),
        allowedHosts: z =>
          z
            .array(z.string())
            .min(1)
            .describe(
              "Hosts a repository may be created on; the same list as the form's ui:options.allowedHosts",
            ),
        allowedOwners: z =>
          z
            .array(z.string())
            .min(1)
            .describe(
              "Organizations or users a repository may be created under; the same list as the form's ui:options.allowedOwners",
            ),
      },
      output: {
        host: z => z.string().describe('The checked host'),
        owner: z => z.string().describe('The checked owner'),
        repo: z => z.string().describe('The checked repository name'),
      },
    },
    async handler(ctx) {
      const { repoUrl, name, allowedHosts, allowedOwners } = ctx.input;
      const { host, owner, repo } = readRepoUrl(repoUrl);
      if (!host || !owner || !repo) {
        throw new InputError(
          `Repository location '${repoUrl}' must name a host, an owner and a repository; allowed hosts are ${allowedHosts.join(
            ', ',
          )}, allowed owners are ${allowedOwners.join(
            ', ',
          )}, and the repository must be named '${name}'`,
        );
      }
      const location = { host, owner, repo };
      checkRepositoryLocation(location, { allowedHosts, allowedOwners, name });
      ctx.output('host', host);
      ctx.output('owner', owner);
      ctx.output('repo', repo);
    },
  });
}
