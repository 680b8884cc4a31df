import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { GithubClientFactory } from '@callboard/github';
import { checkServiceName, ServiceNameCheck } from './checkServiceName';
import { GoldenPathRepository, repoUrlOf } from './goldenPathRepository';

export const GOLDEN_PATH_REPOSITORY_ACTION_ID =
  'callboard:golden-path:repository';

export interface GoldenPathRepositoryActionOptions {
  repository: GoldenPathRepository;
  catalog: CatalogService;
  githubClients: GithubClientFactory;
}

/** Why a name cannot be used, in a sentence a task log and the form both show. */
export function describeTakenName(check: ServiceNameCheck): string {
  if (check.invalid) {
    return `'${check.name}' is not a valid service name: ${check.invalid}`;
  }
  const reasons = [];
  if (check.catalog.taken.length > 0) {
    reasons.push(`the catalog already has ${check.catalog.taken.join(', ')}`);
  }
  if (check.github.state === 'taken') {
    reasons.push(
      `${check.github.host} already has the repository ${check.github.owner}/${check.name}`,
    );
  }
  return `'${check.name}' is taken: ${reasons.join(' and ')}`;
}

/**
 * Turns the service name into the repository the golden path publishes: host and organisation
 * from `callboard.goldenPath.repository`, repository name = service name. It refuses a taken
 * name before any step creates anything, because the task API accepts names the form never saw.
 */
export function createGoldenPathRepositoryAction(
  options: GoldenPathRepositoryActionOptions,
) {
  return createTemplateAction({
    id: GOLDEN_PATH_REPOSITORY_ACTION_ID,
    description:
      "Checks that a new service's name is free in the catalog and in the GitHub organisation, and returns the repository to publish it to, on the host from callboard.goldenPath.repository.",
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe('The service name, which is also the repository name'),
      },
      output: {
        repoUrl: z =>
          z
            .string()
            .describe(
              'For publish:github, e.g. github.com?owner=tidewater&repo=orders-service',
            ),
        host: z => z.string().describe('The GitHub host, e.g. github.com'),
        owner: z => z.string().describe('The organisation, e.g. tidewater'),
        slug: z =>
          z.string().describe('owner/name, for github.com/project-slug'),
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      const check = await checkServiceName({
        name,
        repository: options.repository,
        catalog: options.catalog,
        githubClients: options.githubClients,
        credentials: await ctx.getInitiatorCredentials(),
        logger: ctx.logger,
      });
      if (!check.available) {
        throw new InputError(describeTakenName(check));
      }
      if (check.github.state === 'unknown') {
        ctx.logger.warn(
          `Could not ask ${check.github.host} whether ${check.github.owner}/${name} exists (${check.github.reason}); publishing will tell`,
        );
      }
      const { host, owner } = options.repository;
      ctx.output('repoUrl', repoUrlOf(options.repository, name));
      ctx.output('host', host);
      ctx.output('owner', owner);
      ctx.output('slug', `${owner}/${name}`);
    },
  });
}
