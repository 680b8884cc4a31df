import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { EventParams, eventsServiceRef } from '@backstage/plugin-events-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { DEFAULT_SANDBOX_TOKEN, GitHubSandbox } from '@callboard/sandbox';
import { sign } from '@octokit/webhooks-methods';
import { Octokit } from 'octokit';
import request from 'supertest';
import { dxMetricsPlugin } from './plugin';
import { sandboxConfig, startSeededSandbox } from './__testUtils__/sandbox';

const SECRET = 'webhook-secret';

function component(name: string, owner: string, slug?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: slug ? { 'github.com/project-slug': slug } : {},
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

function group(name: string, type: string, parent?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type, children: [] },
    relations: parent
      ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
      : [],
  };
}

const entities = [
  group('engineering', 'department'),
  group('team-fulfilment', 'team', 'engineering'),
  component(
    'inventory-service',
    'team-fulfilment',
    'tidewater/inventory-service',
  ),
  component(
    'shipment-tracker',
    'team-fulfilment',
    'tidewater/shipment-tracker',
  ),
  component('warehouse-portal', 'team-fulfilment'),
];

describe('dx-metrics HTTP API', () => {
  let github: GitHubSandbox;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const denied = new Set<string>();
  const published: EventParams[] = [];
  const user = mockCredentials.user.header();

  beforeAll(async () => {
    github = await startSeededSandbox();
    const backend = await startTestBackend({
      features: [
        dxMetricsPlugin,
        createBackendModule({
          pluginId: 'dx-metrics',
          moduleId: 'events-listener',
          register(reg) {
            reg.registerInit({
              deps: { events: eventsServiceRef },
              async init({ events }) {
                await events.subscribe({
                  id: 'test-listener',
                  topics: ['github.deployment_status'],
                  onEvent: async event => {
                    published.push(event);
                  },
                });
              },
            });
          },
        }),
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: sandboxConfig(github, { webhooks: { secret: SECRET } }),
        }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => ({
              result:
                'resourceRef' in r && denied.has(String(r.resourceRef))
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })),
        }).factory,
      ],
    });
    server = backend.server;
    // The scheduled ingest runs at start-up; wait until it has stored the first repository.
    for (let attempt = 0; attempt < 120; attempt += 1) {
      const res = await request(server)
        .get(
          '/api/dx-metrics/entity/component/default/inventory-service/figures',
        )
        .set('authorization', user);
      if (res.body.status === 'ok') {
        break;
      }
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  }, 240_000);

  afterAll(() => github?.close());

  const get = (path: string) =>
    request(server).get(`/api/dx-metrics${path}`).set('authorization', user);

  it('answers a component’s five figures with bands, trend and coverage', async () => {
    const res = await get(
      '/entity/component/default/inventory-service/figures?window=90',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/inventory-service',
      window: 90,
      status: 'ok',
      coverage: {
        repositories: ['tidewater/inventory-service'],
        deploymentSource: 'deployments',
      },
    });
    expect(res.body.figures.deploymentFrequency.sampleSize).toBeGreaterThan(0);
    expect(res.body.figures.deploymentFrequency.band).toMatch(
      /elite|high|medium|low/,
    );
    expect(res.body.figures.leadTime.trend).toHaveLength(13);
    expect(res.body.leadTimeBreakdown.changes).toBeGreaterThan(0);
  });

  it.each([
    [
      '14',
      "Invalid query parameter 'window' '14': expected 7, 30 or 90 (days)",
    ],
    [
      'abc',
      "Invalid query parameter 'window' 'abc': expected 7, 30 or 90 (days)",
    ],
    ['', "Invalid query parameter 'window' '': expected 7, 30 or 90 (days)"],
  ])(
    'refuses window=%p with a 400 naming the parameter',
    async (window, message) => {
      const res = await get(
        `/entity/component/default/inventory-service/figures?window=${window}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(message);
    },
  );

  it('refuses an unknown query parameter, naming it', async () => {
    const res = await get(
      '/entity/component/default/inventory-service/figures?days=30',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe("Unknown query parameter 'days'");
  });

  it('says why a component without a project slug has no data', async () => {
    const res = await get('/entity/component/default/warehouse-portal/figures');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('no-data');
    expect(res.body.reason).toMatch(/No github.com\/project-slug annotation/);
    expect(res.body.figures.deploymentFrequency.value).toBeNull();
  });

  it('answers 404 for an entity the catalog does not show', async () => {
    const res = await get('/entity/component/default/nope/figures');
    expect(res.status).toBe(404);
  });

  it('answers 403 when the permission is denied for the entity', async () => {
    denied.add('component:default/shipment-tracker');
    const res = await get('/entity/component/default/shipment-tracker/figures');
    denied.clear();
    expect(res.status).toBe(403);
  });

  it('rolls a team up along the org tree, with a per-service table', async () => {
    const res = await get(
      '/entity/group/default/engineering/figures?window=90',
    );
    expect(res.status).toBe(200);
    expect(
      res.body.services.map((s: { entityRef: string }) => s.entityRef),
    ).toEqual([
      'component:default/inventory-service',
      'component:default/shipment-tracker',
      'component:default/warehouse-portal',
    ]);
    const sum = res.body.services.reduce(
      (total: number, s: any) =>
        total + s.figures.deploymentFrequency.sampleSize,
      0,
    );
    expect(res.body.figures.deploymentFrequency.sampleSize).toBe(sum);
  });

  it('lists departments and teams on the org page', async () => {
    const res = await get('/org/figures?window=30');
    expect(res.status).toBe(200);
    expect(res.body.groups.map((g: any) => [g.entityRef, g.type])).toEqual([
      ['group:default/engineering', 'department'],
      ['group:default/team-fulfilment', 'team'],
    ]);
  });

  it.each([
    ['deployments', 1],
    ['pull-requests', 1],
    ['incidents', 0],
  ])('drills down into %s with links to GitHub', async (kind, atLeast) => {
    const res = await get(
      `/entity/component/default/inventory-service/drill-down?window=90&kind=${kind}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe(kind);
    for (const item of res.body.items) {
      expect(item.url).toContain(
        `http://${github.host}/tidewater/inventory-service`,
      );
    }
    expect(res.body.items.length).toBeGreaterThanOrEqual(atLeast);
  });

  it('refuses an unknown drill-down kind, naming the parameter', async () => {
    const res = await get(
      '/entity/component/default/inventory-service/drill-down?kind=commits',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^Invalid query parameter 'kind' 'commits'/,
    );
  });

  describe('webhooks', () => {
    let payload: string;

    beforeAll(async () => {
      const admin = new Octokit({
        auth: DEFAULT_SANDBOX_TOKEN,
        baseUrl: github.apiBaseUrl,
      });
      const { data: repository } = await admin.rest.repos.get({
        owner: 'tidewater',
        repo: 'inventory-service',
      });
      const { data: head } = await admin.rest.repos.getCommit({
        owner: 'tidewater',
        repo: 'inventory-service',
        ref: 'main',
      });
      const now = new Date().toISOString();
      payload = JSON.stringify({
        action: 'created',
        repository: { id: repository.id, full_name: repository.full_name },
        deployment: {
          id: 987654321,
          environment: 'production',
          sha: head.sha,
          created_at: now,
          payload: {},
        },
        deployment_status: { state: 'success', created_at: now },
      });
    });

    const deliver = (headers: Record<string, string>, body = payload) =>
      request(server)
        .post('/api/dx-metrics/webhooks/github')
        .set({
          'content-type': 'application/json',
          'x-github-event': 'deployment_status',
          ...headers,
        })
        .send(body);

    const deployments7 = async () =>
      (
        await get(
          '/entity/component/default/inventory-service/figures?window=7',
        )
      ).body.figures.deploymentFrequency.sampleSize as number;

    it.each([
      ['missing', {}],
      ['wrong', { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }],
    ])(
      'answers 401 to a %s signature and stores nothing',
      async (_, headers) => {
        const before = await deployments7();
        const res = await deliver({ 'x-github-delivery': 'bad-1', ...headers });
        expect(res.status).toBe(401);
        expect(await deployments7()).toBe(before);
      },
    );

    it('applies a signed deployment status at once, and a replay changes nothing', async () => {
      const before = await deployments7();
      const signature = await sign(SECRET, payload);
      const first = await deliver({
        'x-github-delivery': 'delivery-1',
        'x-hub-signature-256': signature,
      });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        status: 'applied',
        event: 'deployment_status',
        written: 1,
      });
      expect(await deployments7()).toBe(before + 1);

      const replay = await deliver({
        'x-github-delivery': 'delivery-1',
        'x-hub-signature-256': signature,
      });
      expect(replay.body).toEqual({
        status: 'duplicate',
        event: 'deployment_status',
      });
      const redelivered = await deliver({
        'x-github-delivery': 'delivery-2',
        'x-hub-signature-256': signature,
      });
      expect(redelivered.body.status).toBe('applied');
      expect(await deployments7()).toBe(before + 1);
      // Handed on once per applied delivery, for other plugins (scorecards refresh on a push).
      expect(published.map(e => e.metadata?.['x-github-delivery'])).toEqual([
        'delivery-1',
        'delivery-2',
      ]);
      expect(published[0]).toMatchObject({
        topic: 'github.deployment_status',
        eventPayload: JSON.parse(payload),
      });
    });
  });
});
