import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  describeGithubCall,
  GithubClientFactory,
  githubMessageOf,
  isGithubRequestFailure,
} from '@callboard/github';
import { GoldenPathRepository } from './goldenPathRepository';

/** The golden path's naming rule: it names the repository, the image and Kubernetes objects. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;

export type GithubNameState =
  /** No repository of that name in the organisation. */
  | { state: 'free' }
  | { state: 'taken'; url: string }
  /** GitHub could not be asked (no credentials, unreachable): unknown is not taken. */
  | { state: 'unknown'; reason: string };

export interface ServiceNameCheck {
  name: string;
  /** Why the name breaks the naming rule; absent when it follows it. */
  invalid?: string;
  /** Catalog entities the new service would collide with: its Component, API and database. */
  catalog: { taken: string[] };
  github: GithubNameState & { host: string; owner: string };
  /** False when anything says taken or invalid; an unknown GitHub answer does not block. */
  available: boolean;
}

export interface CheckServiceNameOptions {
  name: string;
  repository: GoldenPathRepository;
  catalog: CatalogService;
  githubClients: GithubClientFactory;
  /** The caller's: the catalog answers with what they may see. */
  credentials: BackstageCredentials;
  logger: LoggerService;
}

/**
 * Whether a new golden-path service may take `name`: no catalog entity the template would
 * register exists, and the GitHub organisation has no repository of that name.
 */
export async function checkServiceName(
  options: CheckServiceNameOptions,
): Promise<ServiceNameCheck> {
  const { name, repository } = options;
  if (!SERVICE_NAME_PATTERN.test(name)) {
    return {
      name,
      invalid:
        'Use 3 to 40 lowercase letters, digits and dashes, starting with a letter and not ending with a dash',
      catalog: { taken: [] },
      github: { ...repository, state: 'unknown', reason: 'not checked' },
      available: false,
    };
  }
  const [taken, github] = await Promise.all([
    takenInCatalog(options),
    githubState(options),
  ]);
  return {
    name,
    catalog: { taken },
    github: { ...repository, ...github },
    available: taken.length === 0 && github.state !== 'taken',
  };
}

async function takenInCatalog(options: CheckServiceNameOptions) {
  const { name } = options;
  // The entities the template's catalog-info.yaml registers, in any namespace.
  const { items } = await options.catalog.getEntities(
    {
      filter: [
        { kind: 'component', 'metadata.name': name },
        { kind: 'api', 'metadata.name': `${name}-api` },
        { kind: 'resource', 'metadata.name': `${name}-db` },
      ],
      fields: ['kind', 'metadata.namespace', 'metadata.name'],
    },
    { credentials: options.credentials },
  );
  return items.map(entity => stringifyEntityRef(entity)).sort();
}

async function githubState(
  options: CheckServiceNameOptions,
): Promise<GithubNameState> {
  const { name, repository } = options;
  const target = { ...repository, repo: name };
  try {
    const octokit = await options.githubClients
      .session({ logger: options.logger })
      .get(target);
    const { data } = await octokit.rest.repos.get({
      owner: repository.owner,
      repo: name,
    });
    return { state: 'taken', url: data.html_url };
  } catch (error) {
    if (isGithubRequestFailure(error) && error.status === 404) {
      return { state: 'free' };
    }
    const reason = isGithubRequestFailure(error)
      ? `${describeGithubCall(error.request.method, error.request.url)}: ${
          error.status
        } ${githubMessageOf(error)}`
      : String((error as Error)?.message ?? error);
    options.logger.warn(
      `Could not check ${repository.host}/${repository.owner}/${name} on GitHub: ${reason}`,
    );
    return { state: 'unknown', reason };
  }
}
