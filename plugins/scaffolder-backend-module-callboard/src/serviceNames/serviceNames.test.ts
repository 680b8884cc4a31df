import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { GithubClientFactory } from '@callboard/github';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import request from 'supertest';
import {
  BOT_TOKEN,
  OWNER,
  startTestGithub,
  TestGithub,
} from '../actions/pullRequest/__testUtils__/testGithub';
import { scaffolderModuleCallboard } from '../module';
import { checkServiceName } from './checkServiceName';
import { createGoldenPathRepositoryAction } from './repositoryAction';
import { createServiceNamesRouter } from './router';

function entity(kind: string, name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { namespace: 'default', name },
    spec: {},
  };
}

const catalogEntities = [
  entity('Component', 'orders-service'),
  entity('API', 'payments-api'),
  entity('Resource', 'ledger-db'),
  // Same name, another kind: a Group does not collide with a new Component.
  entity('Group', 'storefront'),
];

let github: TestGithub;

beforeAll(async () => {
  github = await startTestGithub();
  for (const name of ['orders-service', 'legacy-billing']) {
    await github.admin.rest.repos.createInOrg({ org: OWNER, name });
  }
});

afterAll(() => github?.close());

async function startBackend() {
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleCallboard,
      catalogServiceMock.factory({ entities: catalogEntities }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: {
          integrations: {
            github: [
              {
                host: github.sandbox.host,
                apiBaseUrl: github.sandbox.apiBaseUrl,
                token: BOT_TOKEN,
              },
            ],
          },
          callboard: {
            goldenPath: {
              repository: {
                host: github.sandbox.host,
                owner: OWNER,
              },
            },
            github: { maxRetries: 0 },
          },
        },
      }),
    ],
  });
  return server;
}

function check(server: Awaited<ReturnType<typeof startBackend>>, name: string) {
  return request(server)
    .get(`/api/scaffolder/callboard/service-names/${encodeURIComponent(name)}`)
    .set('Authorization', mockCredentials.user.header());
}

describe('GET /api/scaffolder/callboard/service-names/:name', () => {
  let server: Awaited<ReturnType<typeof startBackend>>;
  beforeAll(async () => {
    server = await startBackend();
  });

  it('says orders-service is taken in the catalog and on GitHub', async () => {
    const response = await check(server, 'orders-service');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      name: 'orders-service',
      catalog: { taken: ['component:default/orders-service'] },
      github: {
        host: github.sandbox.host,
        owner: OWNER,
        state: 'taken',
        url: expect.stringContaining(`/${OWNER}/orders-service`),
      },
      available: false,
    });
  });

  it('says a name is taken when only the GitHub organisation has the repository', async () => {
    const response = await check(server, 'legacy-billing');
    expect(response.body).toMatchObject({
      catalog: { taken: [] },
      github: { state: 'taken' },
      available: false,
    });
  });

  it('says a name is taken when the catalog has the API the service would register', async () => {
    const response = await check(server, 'payments');
    expect(response.body).toMatchObject({
      catalog: { taken: ['api:default/payments-api'] },
      github: { state: 'free' },
      available: false,
    });
  });

  it('says a name is taken when the catalog has its database resource', async () => {
    const response = await check(server, 'ledger');
    expect(response.body).toMatchObject({
      catalog: { taken: ['resource:default/ledger-db'] },
      available: false,
    });
  });

  it('says a name is free when only an unrelated kind carries it', async () => {
    const response = await check(server, 'storefront');
    expect(response.body).toMatchObject({
      catalog: { taken: [] },
      github: { state: 'free' },
      available: true,
    });
  });

  it.each([
    ['upper case', 'Orders'],
    ['too short', 'ab'],
    ['leading dash', '-orders'],
    ['trailing dash', 'orders-'],
    ['leading digit', '1orders'],
    ['underscore', 'orders_service'],
    ['41 characters', `a${'b'.repeat(40)}`],
    ['200 characters', `a${'b'.repeat(199)}`],
  ])('refuses a name that breaks the naming rule (%s)', async (_, name) => {
    const response = await check(server, name);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      name,
      invalid: expect.stringContaining('lowercase'),
      available: false,
    });
  });

  it('refuses an anonymous caller', async () => {
    const response = await request(server)
      .get('/api/scaffolder/callboard/service-names/anything')
      .set('Authorization', mockCredentials.none.header());
    expect(response.status).toBe(401);
  });
});

describe('the service-name check, outside a backend', () => {
  it('refuses a caller who may not create services', async () => {
    const app = express().use(
      createServiceNamesRouter({
        repository: { host: github.sandbox.host, owner: OWNER },
        catalog: catalogServiceMock({ entities: catalogEntities }),
        githubClients: new GithubClientFactory({
          integrations: github.integrations,
        }),
        httpAuth: mockServices.httpAuth(),
        permissions: mockServices.permissions.mock({
          authorize: async () => [{ result: AuthorizeResult.DENY }],
        }),
        logger: mockServices.logger.mock(),
      }),
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
    const response = await request(app)
      .get('/callboard/service-names/anything')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(403);
  });

  it('reports GitHub as unknown, not taken, when the host has no integration', async () => {
    const result = await checkServiceName({
      name: 'brand-new',
      repository: { host: 'github.example.com', owner: OWNER },
      catalog: catalogServiceMock({ entities: catalogEntities }),
      githubClients: new GithubClientFactory({
        integrations: github.integrations,
      }),
      credentials: mockCredentials.user(),
      logger: mockServices.logger.mock(),
    });
    expect(result).toMatchObject({
      catalog: { taken: [] },
      github: {
        host: 'github.example.com',
        state: 'unknown',
        reason: expect.stringContaining('No GitHub integration'),
      },
      available: true,
    });
  });
});

describe('callboard:golden-path:repository', () => {
  function createAction(host = github.sandbox.host) {
    return createGoldenPathRepositoryAction({
      repository: { host, owner: OWNER },
      catalog: catalogServiceMock({ entities: catalogEntities }),
      githubClients: new GithubClientFactory({
        integrations: github.integrations,
        retry: { maxRetries: 0 },
      }),
    });
  }

  it('names the repository after the service, on the configured host', async () => {
    const ctx = createMockActionContext({ input: { name: 'dock-scheduler' } });
    await createAction().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'repoUrl',
      `${github.sandbox.host}?owner=${OWNER}&repo=dock-scheduler`,
    );
    expect(ctx.output).toHaveBeenCalledWith('host', github.sandbox.host);
    expect(ctx.output).toHaveBeenCalledWith('owner', OWNER);
    expect(ctx.output).toHaveBeenCalledWith('slug', `${OWNER}/dock-scheduler`);
  });

  it('stops the task on a taken name, saying where it is taken', async () => {
    const ctx = createMockActionContext({ input: { name: 'orders-service' } });
    await expect(createAction().handler(ctx)).rejects.toThrow(
      `'orders-service' is taken: the catalog already has component:default/orders-service and ${github.sandbox.host} already has the repository ${OWNER}/orders-service`,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('stops the task on an invalid name', async () => {
    const ctx = createMockActionContext({ input: { name: 'Orders' } });
    await expect(createAction().handler(ctx)).rejects.toThrow(
      "'Orders' is not a valid service name",
    );
  });
});
