import {
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  scorecardsCollectorsExtensionPoint,
  FactCollector,
} from '@callboard/plugin-scorecards-node';
import request from 'supertest';
import { scorecardsPlugin } from './plugin';

jest.setTimeout(60_000);

const owner = 'user:default/olive';
const outsider = 'user:default/otto';
const admin = 'user:default/ada';

function group(name: string, type: string, parent?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type, children: [], ...(parent ? { parent } : {}) },
  };
}

function service(name: string, ownerGroup = 'team-a'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', title: name.toUpperCase() },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: ownerGroup,
      system: 'shop',
    },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${ownerGroup}` }],
  };
}

const entities = [
  group('eng', 'department'),
  group('team-a', 'team', 'eng'),
  group('loop-1', 'team', 'loop-2'),
  group('loop-2', 'department', 'loop-1'),
  service('cart'),
  service('vault', 'team-secret'),
];

/** The catalog as the caller sees it: the outsider cannot read `vault`. */
const catalogFactory = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory: () => {
    const inner = catalogServiceMock({ entities });
    const hidden = (credentials: unknown, ref: string) =>
      ref === 'component:default/vault' &&
      (credentials as { principal?: { userEntityRef?: string } }).principal
        ?.userEntityRef === outsider;
    const overrides: Record<string, unknown> = {
      async getEntityByRef(ref: string, options: { credentials: unknown }) {
        return hidden(options.credentials, ref)
          ? undefined
          : inner.getEntityByRef(ref, options as never);
      },
      async getEntitiesByRefs(
        req: { entityRefs: string[] },
        options: { credentials: unknown },
      ) {
        const response = await inner.getEntitiesByRefs(
          req as never,
          options as never,
        );
        return {
          items: response.items.map((e, i) =>
            hidden(options.credentials, req.entityRefs[i]) ? undefined : e,
          ),
        };
      },
      async getEntities(req: never, options: { credentials: unknown }) {
        const response = await inner.getEntities(req, options as never);
        return {
          items: response.items.filter(
            e => !hidden(options.credentials, stringifyEntityRef(e)),
          ),
        };
      },
    };
    return new Proxy(inner, {
      get: (target, property: string) => {
        const value =
          overrides[property] ??
          (target as never as Record<string, unknown>)[property];
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  },
});

/** Owners of team-a's services are allowed the entity permissions; admins everything. */
const permissions = mockServices.permissions.mock({
  authorize: async (requests, options) => {
    const user = (options.credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    return requests.map(r => {
      if (user === admin) return { result: AuthorizeResult.ALLOW };
      const resourceRef = (r as { resourceRef?: string }).resourceRef;
      if (
        resourceRef &&
        user === owner &&
        resourceRef !== 'component:default/vault'
      ) {
        return { result: AuthorizeResult.ALLOW };
      }
      return { result: AuthorizeResult.DENY };
    });
  },
});

const collector: FactCollector = {
  id: 'repo',
  title: 'Repository',
  ttl: { days: 1 },
  facts: { hasReadme: { type: 'bool', description: 'README present' } },
  async collect(batch) {
    return batch.map(e => ({
      entityRef: stringifyEntityRef(e),
      facts: { hasReadme: e.metadata.name !== 'cart' },
    }));
  },
};

const definitions = JSON.stringify({
  checks: [
    {
      id: 'readme',
      title: 'Has a README',
      description: 'Explains itself.',
      howToFix: 'Add a `README.md`.',
      link: 'https://example.com/readme',
      filter: { kind: ['Component'] },
      facts: ['repo.hasReadme'],
      expression: 'repo.hasReadme',
    },
  ],
  scorecards: [
    {
      id: 'ready',
      title: 'Ready',
      description: 'd',
      levels: [{ name: 'Bronze', checks: ['readme'] }],
    },
  ],
});

async function startBackend() {
  const reader = mockServices.urlReader.mock({
    readUrl: async () =>
      ({
        buffer: async () => Buffer.from(definitions),
        stream: () => {
          throw new Error('unused');
        },
      } as never),
  });
  const { server } = await startTestBackend({
    features: [
      scorecardsPlugin,
      catalogFactory,
      permissions.factory,
      reader.factory,
      mockServices.scheduler.mock().factory,
      mockServices.rootConfig.factory({
        data: {
          scorecards: {
            definitions: { locations: ['https://example.com/checks.yaml'] },
          },
        },
      }),
      createBackendModule({
        pluginId: 'scorecards',
        moduleId: 'test-collector',
        register(reg) {
          reg.registerInit({
            deps: { collectors: scorecardsCollectorsExtensionPoint },
            async init({ collectors }) {
              collectors.addCollector(collector);
            },
          });
        },
      }),
    ],
  });
  return server;
}

const as = (user: string) => `Bearer ${mockCredentials.user.token(user)}`;
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString();

describe('scorecards HTTP API', () => {
  it('evaluates on refresh by an owner and shows the deciding facts and how to fix', async () => {
    const server = await startBackend();
    await request(server)
      .post('/api/scorecards/entities/component/default/cart/refresh')
      .set('Authorization', as(outsider))
      .expect(403);
    const refreshed = await request(server)
      .post('/api/scorecards/entities/component/default/cart/refresh')
      .set('Authorization', as(owner));
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.checks).toEqual([
      expect.objectContaining({
        id: 'readme',
        howToFix: 'Add a `README.md`.',
        link: 'https://example.com/readme',
        result: expect.objectContaining({
          status: 'fail',
          changeCause: 'first',
          facts: [
            expect.objectContaining({ id: 'repo.hasReadme', value: false }),
          ],
        }),
      }),
    ]);
    expect(refreshed.body.scorecards[0].standing).toMatchObject({
      level: null,
      score: 0,
    });
  });

  it('shows results only for entities the caller can read', async () => {
    const server = await startBackend();
    await request(server)
      .post('/api/scorecards/definitions/reload')
      .set('Authorization', as(admin))
      .expect(200);
    await request(server)
      .get('/api/scorecards/entities/component/default/vault')
      .set('Authorization', as(owner))
      .expect(200);
    const hidden = await request(server)
      .get('/api/scorecards/entities/component/default/vault')
      .set('Authorization', as(outsider))
      .expect(404);
    expect(hidden.body.error.message).toBe(
      "No entity 'component:default/vault' found, or you may not read it",
    );
    const overview = await request(server)
      .get('/api/scorecards/overview?groupBy=team')
      .set('Authorization', as(outsider))
      .expect(200);
    expect(
      overview.body.rows.map((r: { groupRef: string }) => r.groupRef),
    ).toEqual(['group:default/team-a']);
  });

  it("counts in each caller's overview only what they can read, and follows every pass", async () => {
    const server = await startBackend();
    await request(server)
      .post('/api/scorecards/definitions/reload')
      .set('Authorization', as(admin))
      .expect(200);
    const overview = async (user: string) =>
      (
        await request(server)
          .get('/api/scorecards/overview?groupBy=team')
          .set('Authorization', as(user))
          .expect(200)
      ).body;
    const byOwner = await overview(owner);
    expect(byOwner.rows.map((r: { groupRef: string }) => r.groupRef)).toEqual([
      'group:default/team-a',
      'group:default/team-secret',
    ]);
    expect(byOwner.checks[0]).toMatchObject({ unknown: 2, fail: 0 });
    expect((await overview(outsider)).checks[0]).toMatchObject({
      unknown: 1,
      fail: 0,
    });

    await request(server)
      .post('/api/scorecards/entities/component/default/cart/refresh')
      .set('Authorization', as(owner))
      .expect(200);
    expect((await overview(outsider)).checks[0]).toMatchObject({
      unknown: 0,
      fail: 1,
    });
    expect((await overview(owner)).checks[0]).toMatchObject({
      unknown: 1,
      fail: 1,
    });
  });

  it('lets only admins reload definitions', async () => {
    const server = await startBackend();
    const denied = await request(server)
      .post('/api/scorecards/definitions/reload')
      .set('Authorization', as(owner))
      .expect(403);
    expect(denied.body.error.message).toBe(
      'Only platform admins may reload scorecard definitions',
    );
  });

  describe('exemptions', () => {
    const body = (overrides: object = {}) => ({
      entityRef: 'component:default/cart',
      checkId: 'readme',
      reason: 'The README moves to TechDocs this quarter',
      expiresAt: inDays(30),
      ...overrides,
    });

    it.each([
      [
        'a past expiry',
        { expiresAt: inDays(-1) },
        owner,
        400,
        'is in the past',
      ],
      [
        'an expiry over 180 days',
        { expiresAt: inDays(181) },
        owner,
        400,
        'is more than 180 days away',
      ],
      [
        'a request from a non-owner',
        {},
        outsider,
        403,
        "Only the owners of 'component:default/cart' may request exemptions for it",
      ],
      [
        'an unknown check',
        { checkId: 'nope' },
        owner,
        404,
        "No check found with id 'nope'",
      ],
      [
        'a reason too short to review',
        { reason: 'pls' },
        owner,
        400,
        'must explain why',
      ],
    ])('refuses %s', async (_, change, user, status, message) => {
      const server = await startBackend();
      const response = await request(server)
        .post('/api/scorecards/exemptions')
        .set('Authorization', as(user))
        .send(body(change))
        .expect(status);
      expect(response.body.error.message).toContain(message);
    });

    it('is requested by an owner, refused to a non-admin reviewer, approved by an admin, and then shows as exempt', async () => {
      const server = await startBackend();
      await request(server)
        .post('/api/scorecards/entities/component/default/cart/refresh')
        .set('Authorization', as(owner))
        .expect(200);
      const requested = await request(server)
        .post('/api/scorecards/exemptions')
        .set('Authorization', as(owner))
        .send(body())
        .expect(201);
      expect(requested.body).toMatchObject({
        status: 'pending',
        requestedBy: owner,
      });

      const refused = await request(server)
        .post(`/api/scorecards/exemptions/${requested.body.id}/review`)
        .set('Authorization', as(owner))
        .send({ decision: 'approve' })
        .expect(403);
      expect(refused.body.error.message).toBe(
        'Only platform admins may approve or reject exemptions',
      );

      await request(server)
        .post(`/api/scorecards/exemptions/${requested.body.id}/review`)
        .set('Authorization', as(admin))
        .send({ decision: 'approve', comment: 'ok until the move' })
        .expect(200);
      const entity = await request(server)
        .get('/api/scorecards/entities/component/default/cart')
        .set('Authorization', as(owner))
        .expect(200);
      expect(entity.body.checks[0].result).toMatchObject({
        status: 'exempt',
        changeCause: 'exemption',
        previousStatus: 'fail',
      });
      expect(entity.body.scorecards[0].standing).toMatchObject({
        level: 'Bronze',
        score: 100,
      });

      await request(server)
        .post(`/api/scorecards/exemptions/${requested.body.id}/review`)
        .set('Authorization', as(admin))
        .send({ decision: 'reject' })
        .expect(409);
    });
  });

  describe('bad query input', () => {
    it.each([
      ["lifecycle=' OR 1=1 --", 'lifecycle may only hold letters'],
      [
        'kind=Component;DROP TABLE scorecards_results',
        'kind may only hold letters',
      ],
      ['check=readme%27%29--', 'check may only hold letters'],
      ['groupBy=owner', 'groupBy'],
    ])(
      'refuses overview filters %s with a clear message',
      async (query, message) => {
        const server = await startBackend();
        const response = await request(server)
          .get(`/api/scorecards/overview?${query}`)
          .set('Authorization', as(owner))
          .expect(400);
        expect(response.body.error.message).toContain(message);
        await request(server)
          .get('/api/scorecards/overview')
          .set('Authorization', as(owner))
          .expect(200);
      },
    );

    it.each([
      ['-1', 'window must be at least 1 day'],
      ['100000', 'window must be at most 365 days'],
      ['abc', 'window'],
    ])('refuses window=%s', async (window, message) => {
      const server = await startBackend();
      const response = await request(server)
        .get(`/api/scorecards/teams/default/team-a?window=${window}`)
        .set('Authorization', as(owner))
        .expect(400);
      expect(response.body.error.message).toContain(message);
    });
  });

  describe('levels for the catalog table', () => {
    it('answers the levels of the entities the caller can read, in one request', async () => {
      const server = await startBackend();
      await request(server)
        .post('/api/scorecards/definitions/reload')
        .set('Authorization', as(admin))
        .expect(200);
      const response = await request(server)
        .post('/api/scorecards/levels')
        .set('Authorization', as(outsider))
        .send({
          entityRefs: [
            'component:default/cart',
            'component:default/vault',
            'component:default/gone',
          ],
        })
        .expect(200);
      expect(response.body).toEqual({
        scorecards: [{ id: 'ready', title: 'Ready', levels: ['Bronze'] }],
        items: [
          {
            entityRef: 'component:default/cart',
            standings: [
              expect.objectContaining({ scorecardId: 'ready', level: null }),
            ],
          },
        ],
      });
    });

    it.each([
      [{ entityRefs: [] }, 'entityRefs must name at least one entity'],
      [
        {
          entityRefs: Array.from(
            { length: 201 },
            (_, i) => `component:default/s${i}`,
          ),
        },
        'entityRefs must name at most 200 entities',
      ],
      [
        { entityRefs: ["component:default/x' or '1'='1"] },
        'entityRefs.0 must be a full entity ref',
      ],
      [{}, 'entityRefs Required'],
      [{ entityRefs: ['component:default/cart'], extra: 1 }, 'extra'],
    ])('refuses %j', async (body, message) => {
      const server = await startBackend();
      const response = await request(server)
        .post('/api/scorecards/levels')
        .set('Authorization', as(owner))
        .send(body)
        .expect(400);
      expect(response.body.error.message).toContain(message);
    });
  });

  it('rolls a team up with a trend over the window and the most failing checks', async () => {
    const server = await startBackend();
    await request(server)
      .post('/api/scorecards/entities/component/default/cart/refresh')
      .set('Authorization', as(owner))
      .expect(200);
    const team = await request(server)
      .get('/api/scorecards/teams/default/team-a?window=30')
      .set('Authorization', as(owner))
      .expect(200);
    expect(team.body.services).toEqual([
      {
        entityRef: 'component:default/cart',
        title: 'CART',
        standings: [expect.objectContaining({ level: null })],
      },
    ]);
    expect(team.body.scorecards[0].trend).toHaveLength(30);
    expect(team.body.scorecards[0].shares[0]).toEqual({
      level: null,
      count: 1,
      share: 1,
    });
    expect(team.body.mostFailing).toEqual([
      { checkId: 'readme', title: 'Has a README', failing: 1, of: 1 },
    ]);
  });

  it('reports a cycle in the org tree and still rolls up by department, and exports CSV', async () => {
    const server = await startBackend();
    await request(server)
      .post('/api/scorecards/definitions/reload')
      .set('Authorization', as(admin))
      .expect(200);
    const overview = await request(server)
      .get('/api/scorecards/overview?groupBy=department')
      .set('Authorization', as(owner))
      .expect(200);
    expect(overview.body.problems).toEqual([
      expect.stringMatching(
        /^The org tree has a cycle: group:default\/loop-\d → group:default\/loop-\d → group:default\/loop-\d/,
      ),
    ]);
    expect(
      overview.body.rows.map((r: { groupRef: string }) => r.groupRef),
    ).toEqual(['(none)', 'group:default/eng']);
    const csv = await request(server)
      .get('/api/scorecards/overview?groupBy=team&format=csv')
      .set('Authorization', as(owner))
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe(
      'group,title,entities,score,none,Bronze',
    );
  });
});
