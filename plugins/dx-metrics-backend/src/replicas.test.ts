import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEFAULT_SANDBOX_TOKEN,
  GitHubSandbox,
  startGitHubServer,
} from '@callboard/sandbox';
import { Octokit } from 'octokit';
import { KnexDxStore } from './database/KnexDxStore';
import { dxMetricsPlugin } from './plugin';
import { sandboxConfig } from './__testUtils__/sandbox';

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const FREQUENCY_SECONDS = 3;

describe('two backends on one PostgreSQL', () => {
  let github: GitHubSandbox;

  beforeAll(async () => {
    github = await startGitHubServer();
    const octokit = new Octokit({
      auth: DEFAULT_SANDBOX_TOKEN,
      baseUrl: github.apiBaseUrl,
    });
    await octokit.rest.repos.createForAuthenticatedUser({
      name: 'web',
      auto_init: true,
    });
    const { data: deployment } = await octokit.rest.repos.createDeployment({
      owner: 'octocat',
      repo: 'web',
      ref: 'main',
      environment: 'production',
      required_contexts: [],
      auto_merge: false,
    });
    await octokit.rest.repos.createDeploymentStatus({
      owner: 'octocat',
      repo: 'web',
      deployment_id: (deployment as { id: number }).id,
      state: 'success',
    });
  });

  afterAll(() => github.close());

  it('runs each scheduled ingest pass once per cadence and stores no row twice', async () => {
    const knex = await databases.init('POSTGRES_15');
    const start = () =>
      startTestBackend({
        features: [
          dxMetricsPlugin,
          schedulerServiceFactory,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: {
                  name: 'web',
                  namespace: 'default',
                  annotations: { 'github.com/project-slug': 'octocat/web' },
                },
                spec: {
                  type: 'service',
                  owner: 'team-a',
                  lifecycle: 'production',
                },
              },
            ],
          }),
          mockServices.rootConfig.factory({
            data: sandboxConfig(github, {
              schedule: {
                frequency: { seconds: FREQUENCY_SECONDS },
                timeout: { seconds: 30 },
                initialDelay: { seconds: 0 },
              },
            }),
          }),
        ],
      });
    github.requestCount.reset();
    const started = Date.now();
    // Replicas roll out one after the other; the second finds the schema in place.
    const first = await start();
    const second = await start();
    await new Promise(resolve =>
      setTimeout(resolve, 4 * FREQUENCY_SECONDS * 1000),
    );
    await Promise.all([first.stop(), second.stop()]);
    const elapsed = Date.now() - started;

    // Every pass probes the repository's newest commit exactly once.
    const passes = github.requestCount.count(
      'GET /repos/{owner}/{repo}/commits',
    );
    expect(passes).toBeGreaterThanOrEqual(2);
    expect(passes).toBeLessThanOrEqual(
      Math.ceil(elapsed / (FREQUENCY_SECONDS * 1000)) + 1,
    );

    const store = await KnexDxStore.create({
      getClient: async () => knex,
      migrations: { skip: true },
    });
    expect(await store.counts()).toMatchObject({
      dx_repositories: 1,
      dx_commits: 1,
      dx_deployments: 1,
    });
  });
});
