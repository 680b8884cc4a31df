import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  createMemoryConditionalRequestCache,
  GithubClientFactory,
} from '@callboard/github';
import {
  DEFAULT_SANDBOX_TOKEN,
  DEFAULT_SANDBOX_USER,
  GitHubSandbox,
  SeedClock,
  seedDemoOrganization,
  startGitHubServer,
} from '@callboard/sandbox';
import { readDxMetricsConfig } from '../config';
import { DxStore } from '../database/DxStore';
import { GithubIngester } from '../services/Ingest/GithubIngester';

/** The demo organization with two months of history, ending a day ago. */
export async function startSeededSandbox(): Promise<GitHubSandbox> {
  const clock = new SeedClock();
  const github = await startGitHubServer({
    clock: clock.now,
    users: [DEFAULT_SANDBOX_USER],
  });
  await seedDemoOrganization({
    store: github.store,
    now: new Date(Date.now() - 86_400_000),
    months: 2,
    clock,
  });
  return github;
}

export function sandboxConfig(
  github: GitHubSandbox,
  dxMetrics: Record<string, unknown> = {},
) {
  return {
    integrations: {
      github: [
        {
          host: github.host,
          apiBaseUrl: github.apiBaseUrl,
          rawBaseUrl: github.rawBaseUrl,
          token: DEFAULT_SANDBOX_TOKEN,
        },
      ],
    },
    callboard: { github: { maxRetries: 3 } },
    dxMetrics: { batchSize: 5, ...dxMetrics },
  };
}

/** An ingester wired to the sandbox as the plugin wires it, with fast retries. */
export function sandboxIngester(
  github: GitHubSandbox,
  store: DxStore,
  options: { now?: () => number; dxMetrics?: Record<string, unknown> } = {},
) {
  const config = new ConfigReader(sandboxConfig(github, options.dxMetrics));
  const integrations = ScmIntegrations.fromConfig(config);
  return new GithubIngester({
    store,
    factory: new GithubClientFactory({
      integrations,
      retry: { maxRetries: 3, serverErrorBackoffMs: 5, maxRetryAfterMs: 2000 },
    }),
    config: readDxMetricsConfig(config),
    logger: mockServices.logger.mock(),
    conditionalRequests: createMemoryConditionalRequestCache({
      maxEntries: 10_000,
    }),
    now: options.now,
  });
}
