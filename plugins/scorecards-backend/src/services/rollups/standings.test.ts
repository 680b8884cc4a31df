import { TestDatabases } from '@backstage/backend-test-utils';
import { ScorecardsStore, StoredResult } from '../../database/ScorecardsStore';
import { StandingsCache } from './standings';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const at = new Date('2026-01-01T00:00:00Z');

function result(entityRef: string, status: StoredResult['status']) {
  return {
    entityRef,
    checkId: 'readme',
    checkVersion: 'v1',
    status,
    facts: [],
    changedAt: at,
    changeCause: 'first' as const,
    evaluatedAt: at,
  };
}

describe.each(databases.eachSupportedId())('StandingsCache on %s', id => {
  async function setUp() {
    const store = await ScorecardsStore.create(await databases.init(id));
    await store.upsertEntities(
      [
        { entityRef: 'component:default/a', kind: 'Component' },
        { entityRef: 'component:default/b', kind: 'Component' },
      ],
      [],
    );
    await store.writeLevels(
      [
        {
          entityRef: 'component:default/a',
          scorecardId: 'ready',
          level: 'Bronze',
          levelIndex: 0,
          score: 100,
          unknownChecks: 0,
          changedAt: at,
        },
      ],
      [],
    );
    const results = [
      result('component:default/a', 'pass'),
      result('component:default/b', 'fail'),
    ];
    await store.writeResults(results, [], results);
    await store.markDataChanged();
    return store;
  }

  it('indexes the stored standings by scorecard and entity', async () => {
    const standings = await new StandingsCache(await setUp()).get();
    expect(standings.entities.map(e => e.entityRef).sort()).toEqual([
      'component:default/a',
      'component:default/b',
    ]);
    expect(
      standings.levels.get('ready')?.get('component:default/a'),
    ).toMatchObject({ level: 'Bronze', score: 100 });
    expect(standings.statuses.get('component:default/b')).toEqual([
      { checkId: 'readme', status: 'fail' },
    ]);
  });

  it('serves one load per data version, and reloads when a pass changed data', async () => {
    const store = await setUp();
    const cache = new StandingsCache(store);
    const first = await cache.get();
    const changed = result('component:default/b', 'pass');
    await store.writeResults([changed], [], [changed]);
    expect(await cache.get()).toBe(first);

    await store.markDataChanged();
    const next = await cache.get();
    expect(next).not.toBe(first);
    expect(next.statuses.get('component:default/b')).toEqual([
      { checkId: 'readme', status: 'pass' },
    ]);
  });
});
