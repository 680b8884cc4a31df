import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import type { CatalogServiceRequestOptions } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readDxMetricsConfig } from '../../config';
import { KnexDxStore } from '../../database/KnexDxStore';
import { LAST_PASS_KEY, LastPass } from '../Ingest/GithubIngester';
import { H, HistoryBuilder, T0 } from './__testUtils__';
import { DxMetricsService } from './DxMetricsService';

jest.setTimeout(120_000);

const NOW = T0 + 20 * 24 * H;

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
});

function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'github.com/project-slug': `acme/${name}` },
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-web', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  component('web', 'team-web'),
  component('api', 'team-web'),
];

/** A service that merged and shipped one change a day for a week. */
async function storeService(store: KnexDxStore, id: number, name: string) {
  const builder = new HistoryBuilder(`acme/${name}`);
  for (let day = 10; day < 17; day += 1) {
    builder.pull({
      method: 'squash',
      commitHours: [day * 24],
      openHour: day * 24 + 1,
      reviewHour: day * 24 + 2,
      mergeHour: day * 24 + 3,
    });
    builder.deploy(builder.head(), day * 24 + 4, {
      id: `deployment:${id}-${day}`,
    });
  }
  const { history } = builder;
  await store.upsertRepository({
    id,
    fullName: history.repository,
    url: history.url,
    defaultBranch: 'main',
    createdAt: T0,
    status: 'active',
  });
  await store.setSlugResolution({
    slug: history.repository,
    repositoryId: id,
    status: 'found',
    reason: null,
  });
  await store.upsertCommits(id, history.commits);
  await store.upsertPullRequests(
    id,
    history.pullRequests.map(pull => ({ ...pull, updatedAt: 1 })),
  );
  await store.upsertDeployments(id, history.deployments);
  await store.bumpDataVersion();
  return builder;
}

describe.each(databases.eachSupportedId())(
  'DxMetricsService on %s',
  databaseId => {
    let store: KnexDxStore;
    let metrics: DxMetricsService;
    let web: HistoryBuilder;
    const catalog = catalogServiceMock({ entities });
    const user = mockCredentials.user('user:default/ada');

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      store = await KnexDxStore.create({
        getClient: async () => knex,
        migrations: { skip: false },
      });
      web = await storeService(store, 1, 'web');
      await storeService(store, 2, 'api');
      metrics = new DxMetricsService({
        store,
        catalog,
        cache: CacheManager.fromConfig(new ConfigReader({})).forPlugin(
          'dx-metrics',
        ),
        config: readDxMetricsConfig(new ConfigReader({})),
        serviceCredentials: async () => mockCredentials.service(),
        host: 'github.com',
        now: () => NOW,
      });
    });

    it('rolls the team up over its services, and a new deployment shows at once', async () => {
      const before = await metrics.teamFigures(
        'group:default/team-web',
        30,
        user,
      );
      expect(before.figures.deploymentFrequency.sampleSize).toBe(14);
      expect(before.services.map(s => s.entityRef)).toEqual([
        'component:default/api',
        'component:default/web',
      ]);

      web.deploy(web.head(), 18 * 24, { id: 'deployment:1-late' });
      await store.upsertDeployments(1, web.history.deployments.slice(-1));
      await store.bumpDataVersion();

      const after = await metrics.teamFigures(
        'group:default/team-web',
        30,
        user,
      );
      expect(after.figures.deploymentFrequency.sampleSize).toBe(15);
      expect(
        after.services.find(s => s.entityRef === 'component:default/web')
          ?.figures.deploymentFrequency.sampleSize,
      ).toBe(8);
    });

    it('says the figures may be stale while GitHub’s rate limit pauses the ingest, and keeps them', async () => {
      const pass: LastPass = {
        finishedAt: NOW - H,
        pausedUntil: NOW + H,
        failures: ['incidents of acme/api: Server Error'],
      };
      await store.setState(LAST_PASS_KEY, JSON.stringify(pass));
      await store.bumpDataVersion();

      const api = await metrics.entityFigures(
        'component:default/api',
        30,
        user,
      );
      expect(api.status).toBe('ok');
      expect(api.figures.deploymentFrequency.sampleSize).toBe(7);
      expect(api.coverage.lastIngestAt).toBe(new Date(NOW - H).toISOString());
      expect(api.coverage.notes).toEqual(
        expect.arrayContaining([
          `GitHub's rate limit paused the ingest until ${new Date(NOW + H)
            .toISOString()
            .slice(0, 16)
            .replace(
              'T',
              ' ',
            )} UTC: these figures are from the events stored before, and the next pass resumes where it stopped.`,
          `The ingest pass of ${new Date(NOW - H)
            .toISOString()
            .slice(0, 16)
            .replace(
              'T',
              ' ',
            )} UTC could not read incidents of acme/api: its newest events may be missing until a pass succeeds.`,
        ]),
      );
      const webFigures = await metrics.entityFigures(
        'component:default/web',
        30,
        user,
      );
      expect(webFigures.coverage.notes.join(' ')).not.toContain(
        'could not read',
      );
    });

    it('answers 404 for an entity the caller cannot see', async () => {
      await expect(
        metrics.entityFigures('component:default/hidden', 30, user),
      ).rejects.toThrow("No entity found with ref 'component:default/hidden'");
    });
  },
);

describe('the catalog view of a caller', () => {
  it('is kept per caller: one user’s view never answers another’s', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await KnexDxStore.create({
      getClient: async () => knex,
      migrations: { skip: false },
    });
    await storeService(store, 1, 'web');
    await storeService(store, 2, 'api');
    const catalog = catalogServiceMock.mock({
      getEntityByRef: async ref =>
        entities.find(e => `group:default/${e.metadata.name}` === ref),
      getEntities: async (request, options) => {
        const { credentials } = options as CatalogServiceRequestOptions;
        const who = (credentials.principal as { userEntityRef?: string })
          .userEntityRef;
        const filter = (request?.filter ?? {}) as Record<string, unknown>;
        const items = entities.filter(
          e =>
            e.kind === filter.kind &&
            // Bea may only read the web service.
            (who !== 'user:default/bea' || e.metadata.name !== 'api'),
        );
        return { items };
      },
    });
    const metrics = new DxMetricsService({
      store,
      catalog,
      cache: CacheManager.fromConfig(new ConfigReader({})).forPlugin(
        'dx-metrics',
      ),
      config: readDxMetricsConfig(new ConfigReader({})),
      serviceCredentials: async () => mockCredentials.service(),
      host: 'github.com',
      now: () => NOW,
    });
    const ada = await metrics.teamFigures(
      'group:default/team-web',
      30,
      mockCredentials.user('user:default/ada'),
    );
    const bea = await metrics.teamFigures(
      'group:default/team-web',
      30,
      mockCredentials.user('user:default/bea'),
    );
    expect(ada.services).toHaveLength(2);
    expect(bea.services.map(s => s.entityRef)).toEqual([
      'component:default/web',
    ]);
    expect(bea.figures.deploymentFrequency.sampleSize).toBe(7);
  });
});

describe('the org page', () => {
  const group = (name: string, type: string, parent?: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type, children: [] },
    relations: parent
      ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
      : [],
  });
  const teams = ['team-web', 'team-data', 'team-ops', 'team-mobile'];
  const org: Entity[] = [
    {
      ...group('engineering', 'department'),
      spec: {
        type: 'department',
        children: [],
        profile: { displayName: 'Engineering' },
      },
    },
    ...teams.map(team => group(team, 'team', 'engineering')),
    group('web-guild', 'guild', 'team-web'),
    component('web', 'team-web'),
    component('api', 'web-guild'),
    component('etl', 'team-data'),
    component('app', 'team-mobile'),
  ];

  async function service(store: KnexDxStore) {
    const catalog = catalogServiceMock({ entities: org });
    return {
      catalog,
      metrics: new DxMetricsService({
        store,
        catalog,
        cache: CacheManager.fromConfig(new ConfigReader({})).forPlugin(
          'dx-metrics',
        ),
        config: readDxMetricsConfig(new ConfigReader({})),
        serviceCredentials: async () => mockCredentials.service(),
        host: 'github.com',
        now: () => NOW,
      }),
    };
  }

  it('reads the catalog three times for all its groups and shows each team’s own figures', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await KnexDxStore.create({
      getClient: async () => knex,
      migrations: { skip: false },
    });
    await storeService(store, 1, 'web');
    await storeService(store, 2, 'api');
    await storeService(store, 3, 'etl');
    const user = mockCredentials.user('user:default/ada');

    const { catalog, metrics } = await service(store);
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
    const page = await metrics.orgFigures(30, user);
    // The caller's groups and components, and all components for the monorepo split.
    expect(getEntities).toHaveBeenCalledTimes(3);
    expect(getEntityByRef).not.toHaveBeenCalled();

    expect(
      page.groups.map(g => [
        g.entityRef,
        g.parentRef,
        g.figures.status,
        g.figures.figures.deploymentFrequency.sampleSize,
      ]),
    ).toEqual([
      ['group:default/engineering', undefined, 'ok', 21],
      ['group:default/team-data', 'group:default/engineering', 'ok', 7],
      ['group:default/team-mobile', 'group:default/engineering', 'no-data', 0],
      ['group:default/team-ops', 'group:default/engineering', 'no-data', 0],
      ['group:default/team-web', 'group:default/engineering', 'ok', 14],
    ]);
    // A group's display name, as the catalog shows it; its name when it has none.
    expect(page.groups.map(g => g.title)).toEqual([
      'Engineering',
      'team-data',
      'team-mobile',
      'team-ops',
      'team-web',
    ]);

    // A separate service, so the team endpoint computes its figures instead of reading the org
    // page's from the cache.
    const { metrics: teamPages } = await service(store);
    for (const shown of page.groups) {
      const { services: _services, ...team } = await teamPages.teamFigures(
        shown.entityRef,
        30,
        user,
      );
      expect(shown.figures).toEqual(team);
    }
  });
});
