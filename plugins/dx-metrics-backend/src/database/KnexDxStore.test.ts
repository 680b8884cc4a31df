import { TestDatabases } from '@backstage/backend-test-utils';
import { HistoryBuilder } from '../services/Metrics/__testUtils__';
import { KnexDxStore } from './KnexDxStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
});

async function createStore(databaseId: any) {
  const knex = await databases.init(databaseId);
  const store = await KnexDxStore.create({
    getClient: async () => knex,
    migrations: { skip: false },
  });
  return { store, knex };
}

function builtHistory() {
  const builder = new HistoryBuilder('acme/web');
  builder.pull({
    method: 'squash',
    commitHours: [1, 2],
    openHour: 3,
    reviewHour: 4,
    mergeHour: 5,
    labels: ['hotfix'],
  });
  builder.deploy(builder.head(), 6);
  builder.deploy(builder.head(), 7, { status: 'failure' });
  builder.incident(8, 9);
  builder.incident(10, null);
  return builder.history;
}

describe.each(databases.eachSupportedId())('KnexDxStore on %s', databaseId => {
  it('round-trips a history and upserts by GitHub ids without duplicates', async () => {
    const { store } = await createStore(databaseId);
    const history = builtHistory();
    await store.upsertRepository({
      id: 42,
      fullName: 'acme/web',
      url: history.url,
      defaultBranch: 'main',
      createdAt: 1000,
      status: 'active',
    });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await store.upsertCommits(42, history.commits);
      await store.upsertPullRequests(
        42,
        history.pullRequests.map(pull => ({ ...pull, updatedAt: 1 })),
      );
      await store.upsertDeployments(42, history.deployments);
      await store.upsertIncidents(42, history.incidents);
    }
    expect(await store.counts()).toMatchObject({
      dx_commits: 1,
      dx_pull_requests: 1,
      dx_deployments: 2,
      dx_incidents: 2,
    });
    const loaded = await store.loadHistory(42);
    expect(loaded).toEqual({
      ...history,
      createdAt: 1000,
      hasIncidentSignal: true,
      deploymentSource: 'deployments',
    });
  });

  it('keeps a renamed repository’s history under its GitHub id', async () => {
    const { store } = await createStore(databaseId);
    const base = {
      id: 7,
      url: 'https://github.com/acme/old',
      defaultBranch: 'main',
      createdAt: null,
      status: 'active' as const,
    };
    await store.upsertRepository({ ...base, fullName: 'acme/old' });
    await store.upsertIncidents(7, builtHistory().incidents);
    await store.upsertRepository({
      ...base,
      fullName: 'acme/new',
      url: 'https://github.com/acme/new',
    });
    const loaded = await store.loadHistory(7);
    expect(loaded?.repository).toBe('acme/new');
    expect(loaded?.incidents).toHaveLength(2);
  });

  it('drops force-pushed commits from the default branch', async () => {
    const { store } = await createStore(databaseId);
    const history = builtHistory();
    await store.upsertRepository({
      id: 1,
      fullName: 'acme/web',
      url: history.url,
      defaultBranch: 'main',
      createdAt: null,
      status: 'active',
    });
    const builder = new HistoryBuilder();
    for (let hour = 0; hour < 5; hour += 1) {
      builder.commit(hour);
    }
    await store.upsertCommits(1, builder.history.commits);
    expect(await store.maxOrdinal(1)).toBe(5);
    expect(await store.dropCommitsAbove(1, 3)).toBe(2);
    const loaded = await store.loadHistory(1);
    expect(loaded?.commits.map(c => c.ordinal)).toEqual([1, 2, 3]);
    const known = await store.knownCommits(1, [
      builder.history.commits[4].sha,
      'unknown',
    ]);
    expect([...known.values()]).toEqual([
      { ordinal: 5, onDefaultBranch: false },
    ]);
  });

  it('claims a webhook delivery once', async () => {
    const { store } = await createStore(databaseId);
    expect(await store.claimDelivery('d-1', 'push', 1)).toBe(true);
    expect(await store.claimDelivery('d-1', 'push', 2)).toBe(false);
    expect(await store.counts()).toMatchObject({ dx_deliveries: 1 });
  });

  it('keeps cursors and slug resolutions per repository', async () => {
    const { store } = await createStore(databaseId);
    await store.setCursor(1, 'pulls', 'a');
    await store.setCursor(1, 'pulls', 'b');
    await store.setCursor(2, 'pulls', 'c');
    expect(await store.getCursor(1, 'pulls')).toBe('b');
    expect(await store.getCursor(1, 'commits')).toBeUndefined();
    await store.setSlugResolution({
      slug: 'Acme/Gone',
      repositoryId: null,
      status: 'not-found',
      reason: 'Could not resolve to a Repository',
    });
    expect(
      (await store.getSlugResolutions(['acme/gone'])).get('acme/gone'),
    ).toMatchObject({ status: 'not-found' });
    const before = await store.dataVersion();
    await new Promise(resolve => setTimeout(resolve, 2));
    await store.bumpDataVersion();
    expect(await store.dataVersion()).toBeGreaterThan(before);
  });
});
