import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FactCollectionFailure,
  FactCollector,
} from '@callboard/plugin-scorecards-node';
import { ScorecardsStore } from '../../database/ScorecardsStore';
import { compileDefinitions } from '../../definitions/loadDefinitions';
import { factCatalogOf } from '../../definitions/celEnvironment';
import { ScorecardsEngine } from './ScorecardsEngine';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

function component(name: string, tags: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', tags },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
  };
}

/** A collector whose answers the test controls. */
class ScriptedCollector implements FactCollector {
  readonly id = 'repo';
  readonly title = 'Repository';
  readonly ttl = { hours: 1 };
  readonly facts = {
    hasReadme: { type: 'bool' as const, description: 'README present' },
    labels: { type: 'list<string>' as const, description: 'labels' },
  };
  answer: (entity: Entity) => { hasReadme: boolean; labels: string[] } =
    () => ({ hasReadme: true, labels: ['x'] });
  fail?: unknown;
  async collect(entities: Entity[]) {
    if (this.fail) throw this.fail;
    return entities.map(e => ({
      entityRef: `component:default/${e.metadata.name}`,
      facts: this.answer(e),
    }));
  }
}

const check = {
  title: 't',
  description: 'd',
  howToFix: 'h',
  filter: { kind: ['Component'] },
};

function setup(databaseId: TestDatabaseId) {
  return async (entities: Entity[]) => {
    const knex = await databases.init(databaseId);
    const store = await ScorecardsStore.create(knex);
    let now = new Date('2026-03-01T10:00:00Z');
    const collector = new ScriptedCollector();
    const catalog = catalogServiceMock({ entities });
    const engine = new ScorecardsEngine({
      store,
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      reader: mockServices.urlReader.mock(),
      collectors: [collector],
      definitionLocations: [],
      retention: { days: 400 },
      now: () => now,
    });
    engine.useDefinitions(
      compileDefinitions(
        [
          {
            url: 'checks.yaml',
            content: JSON.stringify({
              checks: [
                {
                  ...check,
                  id: 'readme',
                  facts: ['repo.hasReadme'],
                  expression: 'repo.hasReadme',
                },
                {
                  ...check,
                  id: 'first-label',
                  facts: ['repo.labels'],
                  expression: 'repo.labels[0] == "x"',
                },
              ],
              scorecards: [
                {
                  id: 'ready',
                  title: 'Ready',
                  description: 'd',
                  levels: [
                    { name: 'Bronze', checks: ['readme'] },
                    { name: 'Silver', checks: ['first-label'] },
                  ],
                },
              ],
            }),
          },
        ],
        factCatalogOf([collector]),
      ),
    );
    return {
      knex,
      store,
      engine,
      collector,
      catalog,
      advance: (ms: number) => {
        now = new Date(now.getTime() + ms);
      },
    };
  };
}

const statuses = async (store: ScorecardsStore) =>
  Object.fromEntries(
    (await store.getResults()).map(r => [
      `${r.entityRef.split('/')[1]}:${r.checkId}`,
      r.status,
    ]),
  );

describe.each(databases.eachSupportedId())(
  'ScorecardsEngine on %s',
  databaseId => {
    const create = setup(databaseId);

    it('evaluates, then writes nothing on a pass where nothing changed', async () => {
      const { engine, collector, store } = await create([
        component('a'),
        component('b'),
      ]);
      await engine.collect(collector, { trigger: 'schedule' });
      const first = await engine.evaluate();
      expect(first).toMatchObject({
        entities: 2,
        checksEvaluated: 4,
        resultsWritten: 4,
        levelsWritten: 2,
      });
      expect(await statuses(store)).toEqual({
        'a:readme': 'pass',
        'a:first-label': 'pass',
        'b:readme': 'pass',
        'b:first-label': 'pass',
      });
      expect(await engine.evaluate()).toMatchObject({
        resultsWritten: 0,
        levelsWritten: 0,
      });
      expect((await store.getLevels()).map(l => l.level)).toEqual([
        'Silver',
        'Silver',
      ]);
    });

    it('re-evaluates only entities whose inputs changed: a fact, a TTL passing, an exemption', async () => {
      const { engine, collector, store, advance } = await create([
        component('a'),
        component('b'),
      ]);
      await engine.collect(collector, { trigger: 'schedule' });
      await engine.evaluate();
      expect(await engine.evaluate()).toMatchObject({
        entities: 2,
        entitiesEvaluated: 0,
        checksEvaluated: 0,
      });

      collector.answer = e => ({
        hasReadme: e.metadata.name !== 'b',
        labels: ['x'],
      });
      advance(60_000);
      await engine.collect(collector, { trigger: 'schedule' });
      expect(await engine.evaluate()).toMatchObject({
        entitiesEvaluated: 1,
        resultsWritten: 1,
      });
      expect((await statuses(store))['b:readme']).toBe('fail');

      advance(2 * 3_600_000);
      expect(await engine.evaluate()).toMatchObject({ entitiesEvaluated: 2 });
      expect((await statuses(store))['a:readme']).toBe('unknown');

      await store.createExemption({
        id: '00000000-0000-4000-8000-000000000001',
        entityRef: 'component:default/a',
        checkId: 'readme',
        reason: 'migrating the docs this quarter',
        status: 'approved',
        requestedBy: 'user:default/olive',
        requestedAt: new Date('2026-03-01T00:00:00Z'),
        expiresAt: new Date('2026-05-01T00:00:00Z'),
      });
      expect(await engine.evaluate()).toMatchObject({ entitiesEvaluated: 1 });
      expect((await statuses(store))['a:readme']).toBe('exempt');
    });

    it('makes only the entity whose expression throws unknown, with the error', async () => {
      const { engine, collector, store } = await create([
        component('a'),
        component('b'),
      ]);
      collector.answer = e => ({
        hasReadme: true,
        labels: e.metadata.name === 'a' ? [] : ['x'],
      });
      await engine.collect(collector, { trigger: 'schedule' });
      await engine.evaluate();
      const results = await store.getResults();
      const a = results.find(
        r =>
          r.entityRef === 'component:default/a' && r.checkId === 'first-label',
      )!;
      expect(a.status).toBe('unknown');
      expect(a.reason).toContain('the expression failed for this entity');
      expect(await statuses(store)).toMatchObject({
        'b:first-label': 'pass',
        'a:readme': 'pass',
      });
    });

    it.each([
      [
        '403',
        Object.assign(new Error('Resource not accessible'), { status: 403 }),
        'forbidden',
      ],
      [
        '429',
        Object.assign(new Error('Too many requests'), {
          status: 429,
          response: { headers: { 'retry-after': '60' } },
        }),
        'rate-limited',
      ],
      [
        '5xx',
        Object.assign(new Error('Bad gateway'), { status: 502 }),
        'unavailable',
      ],
    ])(
      'keeps facts when the collector gets %s, and goes unknown only after their TTL',
      async (_, error, kind) => {
        const { engine, collector, store, advance } = await create([
          component('a'),
        ]);
        await engine.collect(collector, { trigger: 'schedule' });
        await engine.evaluate();
        advance(30 * 60_000);
        collector.fail = error;
        expect(
          await engine.collect(collector, { trigger: 'refresh' }),
        ).toMatchObject({ failed: 1 });
        await engine.evaluate();
        expect(await statuses(store)).toEqual({
          'a:readme': 'pass',
          'a:first-label': 'pass',
        });
        expect((await store.getFacts()).map(f => f.value)).toEqual([
          true,
          ['x'],
        ]);
        advance(45 * 60_000);
        await engine.evaluate();
        const [readme] = (await store.getResults()).filter(
          r => r.checkId === 'readme',
        );
        expect(readme.status).toBe('unknown');
        expect(readme.reason).toContain(`the last collection failed (${kind})`);
        expect(readme.changeCause).toBe('freshness');
      },
    );

    it('holds a rate-limited collector back until the limit resets', async () => {
      const { engine, collector } = await create([component('a')]);
      collector.fail = new FactCollectionFailure(
        'rate-limited',
        'GitHub rate limit exhausted',
        { retryAfter: new Date('2026-03-01T11:00:00Z') },
      );
      await engine.collect(collector, { trigger: 'schedule' });
      collector.fail = undefined;
      expect(await engine.collect(collector, { trigger: 'schedule' })).toEqual({
        collected: 0,
        failed: 0,
        factsWritten: 0,
      });
      expect(
        await engine.collect(collector, { trigger: 'refresh' }),
      ).toMatchObject({ collected: 1 });
    });

    it('records why a status changed: the fact, then the rule', async () => {
      const { engine, collector, store, advance } = await create([
        component('a'),
      ]);
      await engine.collect(collector, { trigger: 'schedule' });
      await engine.evaluate();
      collector.answer = () => ({ hasReadme: false, labels: ['x'] });
      advance(60_000);
      await engine.collect(collector, { trigger: 'schedule' });
      await engine.evaluate();
      let readme = (await store.getResults()).find(
        r => r.checkId === 'readme',
      )!;
      expect(readme).toMatchObject({
        status: 'fail',
        changeCause: 'fact',
        previousStatus: 'pass',
      });

      const definitions = engine.definitions;
      engine.useDefinitions(
        compileDefinitions(
          [
            {
              url: 'checks.yaml',
              content: JSON.stringify({
                checks: [
                  {
                    ...check,
                    id: 'readme',
                    facts: ['repo.hasReadme'],
                    expression: '!repo.hasReadme',
                  },
                ],
              }),
            },
          ],
          factCatalogOf([collector]),
        ),
      );
      advance(60_000);
      await engine.evaluate();
      readme = (await store.getResults()).find(r => r.checkId === 'readme')!;
      expect(readme).toMatchObject({
        status: 'pass',
        changeCause: 'rule',
        previousStatus: 'fail',
      });
      expect(readme.checkVersion).not.toBe(
        definitions.checks.get('readme')!.version,
      );
    });

    it('collects on its first catalog look the entities the collectors have not collected yet', async () => {
      const { engine, collector, store, catalog } = await create([
        component('a'),
      ]);
      // The collector's first run saw only the entity the catalog had read by then.
      await engine.collect(collector, { trigger: 'schedule' });
      const complete = catalogServiceMock({
        entities: [component('a'), component('b')],
      });
      Object.assign(catalog, {
        getEntities: complete.getEntities.bind(complete),
        getEntitiesByRefs: complete.getEntitiesByRefs.bind(complete),
      });
      const answered: string[] = [];
      collector.answer = entity => {
        answered.push(entity.metadata.name);
        return { hasReadme: true, labels: ['x'] };
      };

      expect(await engine.refreshChangedEntities()).toEqual([
        'component:default/b',
      ]);
      expect(answered).toEqual(['b']);
      expect(await store.getLevels(['component:default/b'])).toEqual([
        expect.objectContaining({ scorecardId: 'ready', level: 'Silver' }),
      ]);
      expect(await engine.refreshChangedEntities()).toEqual([]);
      expect(answered).toEqual(['b']);
    });

    it('collects the entities the catalog read after its first look, in one batch', async () => {
      const { engine, collector, store, catalog } = await create([
        component('a'),
      ]);
      await engine.refreshChangedEntities();
      const complete = catalogServiceMock({
        entities: [component('a'), component('b'), component('c')],
      });
      Object.assign(catalog, {
        getEntities: complete.getEntities.bind(complete),
        getEntitiesByRefs: complete.getEntitiesByRefs.bind(complete),
      });
      const batches: string[][] = [];
      const collect = collector.collect.bind(collector);
      collector.collect = async entities => {
        batches.push(entities.map(e => e.metadata.name));
        return collect(entities);
      };

      expect(await engine.refreshChangedEntities()).toEqual([
        'component:default/b',
        'component:default/c',
      ]);
      expect(batches).toEqual([['b', 'c']]);
      expect(
        (await store.getLevels()).map(l => l.entityRef.split('/')[1]).sort(),
      ).toEqual(['a', 'b', 'c']);
    });

    it('removes the facts and results of entities that left the catalog', async () => {
      const { engine, collector, store, catalog } = await create([
        component('a'),
        component('b'),
      ]);
      await engine.collect(collector, { trigger: 'schedule' });
      await engine.evaluate();
      const remaining = catalogServiceMock({ entities: [component('a')] });
      Object.assign(catalog, {
        getEntities: remaining.getEntities.bind(remaining),
      });
      expect(await engine.evaluate()).toMatchObject({ entitiesRemoved: 1 });
      expect(new Set((await store.getFacts()).map(f => f.entityRef))).toEqual(
        new Set(['component:default/a']),
      );
      expect(new Set((await store.getResults()).map(r => r.entityRef))).toEqual(
        new Set(['component:default/a']),
      );
    });
  },
);
