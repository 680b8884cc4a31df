import type { Config } from '@backstage/config';

/** Where the golden path creates repositories: a GitHub host from `integrations.github`. */
export interface GoldenPathRepository {
  host: string;
  owner: string;
}

/**
 * Reads `callboard.goldenPath.repository`. The host is config, not a form field, so a new user
 * cannot pick one the portal has no credentials for: `./callboard start` points it at the
 * sandbox, and a deployment without the sandbox gets github.com.
 */
export function readGoldenPathRepository(config: Config): GoldenPathRepository {
  const repository = config.getOptionalConfig(
    'callboard.goldenPath.repository',
  );
  return {
    host: repository?.getOptionalString('host') ?? 'github.com',
    owner: repository?.getOptionalString('owner') ?? 'tidewater',
  };
}

/** The scaffolder's repoUrl form (`host?owner=o&repo=r`) that publish:github expects. */
export function repoUrlOf(repository: GoldenPathRepository, name: string) {
  const query = new URLSearchParams({ owner: repository.owner, repo: name });
  return `${repository.host}?${query}`;
}
