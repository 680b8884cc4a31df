import { TestDatabases } from '@backstage/backend-test-utils';
import { ScorecardsStore, StoredResult } from './ScorecardsStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-01-02T00:00:00Z');

function result(overrides: Partial<StoredResult> = {}): StoredResult {
  return {
    entityRef: 'component:default/a',
    checkId: 'readme',
    checkVersion: 'v1',
    status: 'pass',
    value: true,
    facts: [{ id: 'github.hasReadme', value: true }],
    changedAt: t0,
    changeCause: 'first',
    evaluatedAt: t0,
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'ScorecardsStore on %s',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      return { knex, store: await ScorecardsStore.create(knex) };
    }

    it('writes a fact only when its value or problem changes, with one history row per change', async () => {
      const { knex, store } = await createStore();
      const fact = {
        entityRef: 'component:default/a',
        factId: 'github.hasReadme',
      };
      expect(await store.writeFacts([{ ...fact, value: true }], t0)).toBe(1);
      expect(await store.writeFacts([{ ...fact, value: true }], t1)).toBe(0);
      expect(
        await store.writeFacts(
          [{ ...fact, problem: 'needs admin access' }],
          t1,
        ),
      ).toBe(1);
      expect(await store.writeFacts([{ ...fact, value: false }], t1)).toBe(1);
      const [{ n }] = await knex('scorecards_fact_history').count({ n: '*' });
      expect(Number(n)).toBe(3);
      expect(await store.getFacts()).toEqual([
        { ...fact, value: false, problem: undefined, changedAt: t1 },
      ]);
    });

    it('records each change once when two writers report the same facts at the same time', async () => {
      const { knex, store } = await createStore();
      const other = new ScorecardsStore(knex);
      const report = (value: number) =>
        Array.from({ length: 300 }, (_, i) => ({
          entityRef: `component:default/service-${i}`,
          factId: 'github.requiredReviews',
          value,
        }));
      const firstPass = await Promise.all([
        store.writeFacts(report(1), t0),
        other.writeFacts(report(1), t0),
      ]);
      expect(firstPass[0] + firstPass[1]).toBe(300);
      const secondPass = await Promise.all([
        store.writeFacts(report(2), t1),
        other.writeFacts([...report(2)].reverse(), t1),
      ]);
      expect(secondPass[0] + secondPass[1]).toBe(300);
      const duplicated = await knex('scorecards_fact_history')
        .select('entity_ref', 'value')
        .count({ n: '*' })
        .groupBy('entity_ref', 'value')
        .having(knex.raw('count(*) > 1'));
      expect(duplicated).toEqual([]);
      const [{ n }] = await knex('scorecards_fact_history').count({ n: '*' });
      expect(Number(n)).toBe(600);
    });

    it('writes a fact reported twice in one call once, as last reported', async () => {
      const { knex, store } = await createStore();
      const fact = {
        entityRef: 'component:default/a',
        factId: 'github.topics',
      };
      expect(
        await store.writeFacts(
          [
            { ...fact, value: ['java'] },
            { ...fact, value: ['java', 'payments'] },
          ],
          t0,
        ),
      ).toBe(1);
      expect((await store.getFacts())[0].value).toEqual(['java', 'payments']);
      const [{ n }] = await knex('scorecards_fact_history').count({ n: '*' });
      expect(Number(n)).toBe(1);
    });

    it('keeps the value of a fact that could not be determined', async () => {
      const { knex, store } = await createStore();
      const fact = {
        entityRef: 'component:default/a',
        factId: 'github.requiredReviews',
      };
      await store.writeFacts([{ ...fact, value: 2 }], t0);
      await store.writeFacts([{ ...fact, problem: 'forbidden' }], t1);
      expect((await store.getFacts())[0]).toMatchObject({
        value: 2,
        problem: 'forbidden',
      });
      const history = await knex('scorecards_fact_history')
        .orderBy('id')
        .select('value', 'problem');
      expect(history).toEqual([
        { value: '2', problem: null },
        { value: '2', problem: 'forbidden' },
      ]);
    });

    it('records a failed collection without losing the last success', async () => {
      const { store } = await createStore();
      const entityRef = 'component:default/a';
      await store.recordCollections('github', [{ entityRef }], t0);
      await store.recordCollections(
        'github',
        [{ entityRef, error: { kind: 'unavailable', message: 'HTTP 502' } }],
        t1,
      );
      expect(await store.getCollections()).toEqual([
        {
          entityRef,
          collectorId: 'github',
          succeededAt: t0,
          failedAt: t1,
          error: { kind: 'unavailable', message: 'HTTP 502' },
        },
      ]);
      await store.recordCollections('github', [{ entityRef }], t1);
      expect((await store.getCollections())[0]).toMatchObject({
        succeededAt: t1,
        failedAt: undefined,
        error: undefined,
      });
    });

    it('records a level transition once when overlapping passes write it, and none when only the unknown count changed', async () => {
      const { knex, store } = await createStore();
      const level = {
        entityRef: 'component:default/a',
        scorecardId: 's',
        level: 'Bronze',
        levelIndex: 0,
        score: 50,
        unknownChecks: 2,
        changedAt: t0,
      };
      await Promise.all([
        store.transaction(tx => tx.writeLevels([level], [])),
        store.transaction(tx => tx.writeLevels([level], [])),
      ]);
      await store.writeLevels(
        [{ ...level, unknownChecks: 0, changedAt: t1 }],
        [],
      );
      expect(await knex('scorecards_level_history').select()).toHaveLength(1);
      expect(await store.getLevels()).toEqual([
        { ...level, unknownChecks: 0, changedAt: t1 },
      ]);

      await store.writeLevels([{ ...level, score: 75, changedAt: t1 }], []);
      expect(
        (await store.levelHistory(['component:default/a'], t0)).map(
          t => t.score,
        ),
      ).toEqual([50, 75]);
    });

    it('keeps results, their history and levels, and prunes history past the retention', async () => {
      const { knex, store } = await createStore();
      await store.writeResults([result()], [], [result()]);
      const failed = result({
        status: 'fail',
        value: false,
        changedAt: t1,
        changeCause: 'fact',
        previousStatus: 'pass',
        evaluatedAt: t1,
      });
      await store.writeResults([failed], [], [failed]);
      expect(await store.getResults()).toEqual([
        { ...failed, reason: undefined },
      ]);
      await store.writeLevels(
        [
          {
            entityRef: 'component:default/a',
            scorecardId: 's',
            level: 'Bronze',
            levelIndex: 0,
            score: 50,
            unknownChecks: 0,
            changedAt: t0,
          },
        ],
        [],
      );
      expect(await store.levelHistory(['component:default/a'], t1)).toEqual([
        {
          entityRef: 'component:default/a',
          scorecardId: 's',
          levelIndex: 0,
          score: 50,
          changedAt: t0,
        },
      ]);
      expect(await store.prune(t1)).toBe(2);
      const [{ n }] = await knex('scorecards_result_history').count({ n: '*' });
      expect(Number(n)).toBe(1);
      expect(await store.getResults()).toHaveLength(1);
    });

    it("reads a team's level history through the stored owners", async () => {
      const { store } = await createStore();
      await store.upsertEntities(
        [
          {
            entityRef: 'component:default/mine',
            kind: 'Component',
            ownerRef: 'group:default/team-a',
          },
          {
            entityRef: 'component:default/theirs',
            kind: 'Component',
            ownerRef: 'group:default/team-b',
          },
        ],
        [],
      );
      const level = (entityRef: string, score: number, changedAt: Date) => ({
        entityRef,
        scorecardId: 's',
        level: null,
        levelIndex: -1,
        score,
        unknownChecks: 0,
        changedAt,
      });
      await store.writeLevels(
        [
          level('component:default/mine', 10, t0),
          level('component:default/theirs', 20, t0),
        ],
        [],
      );
      await store.writeLevels([level('component:default/mine', 30, t1)], []);
      expect(
        (await store.levelHistoryOfOwner('group:default/team-a', t1)).map(t => [
          t.entityRef,
          t.score,
          t.changedAt,
        ]),
      ).toEqual([
        ['component:default/mine', 10, t0],
        ['component:default/mine', 30, t1],
      ]);
    });

    it('writes a pass of more results than SQLite takes in one statement', async () => {
      const { store } = await createStore();
      // The demo's first pass: 44 entities × 20 checks, over SQLite's 500-term compound SELECT.
      const results = Array.from({ length: 880 }, (_, i) =>
        result({
          entityRef: `component:default/service-${Math.floor(i / 20)}`,
          checkId: `check-${i % 20}`,
        }),
      );
      await store.writeResults(results, [], results);
      expect(await store.getResults()).toHaveLength(880);
    });

    it('writes everything in a transaction or nothing', async () => {
      const { store } = await createStore();
      await expect(
        store.transaction(async tx => {
          await tx.writeResults([result()], [], [result()]);
          await tx.writeEvaluationStamps(
            new Map([['component:default/a', 'stamp']]),
            t0,
          );
          throw new Error('the pass failed');
        }),
      ).rejects.toThrow('the pass failed');
      expect(await store.getResults()).toEqual([]);
      expect(await store.getEvaluationStamps()).toEqual(new Map());
    });

    it('moves the data version only when told that data changed', async () => {
      const { store } = await createStore();
      const before = await store.getDataVersion();
      await store.writeResults([result()], [], [result()]);
      expect(await store.getDataVersion()).toBe(before);
      await store.markDataChanged();
      expect(await store.getDataVersion()).toBe(before + 1);
    });

    it('forgets everything about deleted entities', async () => {
      const { store } = await createStore();
      const entityRef = 'component:default/gone';
      await store.upsertEntities([{ entityRef, kind: 'Component' }], []);
      await store.writeFacts(
        [{ entityRef, factId: 'github.hasReadme', value: true }],
        t0,
      );
      await store.writeResults(
        [result({ entityRef })],
        [],
        [result({ entityRef })],
      );
      await store.deleteEntities([entityRef]);
      expect(await store.listEntities()).toEqual([]);
      expect(await store.getFacts()).toEqual([]);
      expect(await store.getResults()).toEqual([]);
    });

    it('decides an exemption once', async () => {
      const { store } = await createStore();
      await store.createExemption({
        id: '8d0b1c6e-8a3a-4d47-9d0c-2f35b0e3c5a1',
        entityRef: 'component:default/a',
        checkId: 'readme',
        reason: 'migrating the repository',
        status: 'pending',
        requestedBy: 'user:default/sam',
        requestedAt: t0,
        expiresAt: t1,
      });
      const review = {
        status: 'approved' as const,
        by: 'user:default/admin',
        at: t0,
      };
      expect(
        await store.reviewExemption(
          '8d0b1c6e-8a3a-4d47-9d0c-2f35b0e3c5a1',
          review,
        ),
      ).toBe(true);
      expect(
        await store.reviewExemption(
          '8d0b1c6e-8a3a-4d47-9d0c-2f35b0e3c5a1',
          review,
        ),
      ).toBe(false);
      expect(await store.listExemptions({ status: 'approved' })).toMatchObject([
        { reviewedBy: 'user:default/admin', expiresAt: t1 },
      ]);
    });
  },
);
