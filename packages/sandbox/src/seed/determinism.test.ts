import { createGitHubStore, GitHubStore } from '../github';
import { SeedClock } from './SeedClock';
import {
  DEMO_ORGANIZATION,
  seedDemoOrganization,
} from './seedDemoOrganization';

jest.setTimeout(300_000);

const NOW = new Date('2025-03-14T16:00:00Z');

/** What must not change between two runs with the same seed: shas, numbers and times. */
async function fingerprint(store: GitHubStore) {
  const repositories = store.repositories.list({ owner: DEMO_ORGANIZATION });
  return Promise.all(
    repositories.map(async repo => {
      const ref = { owner: DEMO_ORGANIZATION, repo: repo.name };
      return {
        name: repo.name,
        pushedAt: repo.pushedAt,
        main: (await store.git.resolveRef(ref, 'main')).sha,
        pulls: store.pulls
          .list(ref, { state: 'all', direction: 'asc' })
          .map(({ pull, issue }) => [
            pull.number,
            issue.createdAt,
            issue.closedAt,
            pull.mergedAt,
            pull.mergeCommitSha,
          ]),
        issues: store.issues
          .list(ref, {
            state: 'all',
            includePullRequests: false,
            direction: 'asc',
          })
          .map(issue => [
            issue.number,
            issue.title,
            issue.createdAt,
            issue.closedAt,
          ]),
        deployments: store.deployments
          .list(ref)
          .map(d => [d.id, d.sha, d.environment, d.createdAt]),
        runs: store.actions
          .listRuns(ref)
          .map(run => [
            run.id,
            run.runNumber,
            run.headSha,
            run.conclusion,
            run.createdAt,
          ]),
      };
    }),
  );
}

async function seededStore(seed: string) {
  const clock = new SeedClock();
  const store = await createGitHubStore({ clock: clock.now });
  const result = await seedDemoOrganization({
    store,
    now: NOW,
    seed,
    months: 2,
    clock,
  });
  return { store, result };
}

describe('seedDemoOrganization determinism', () => {
  const stores: GitHubStore[] = [];
  afterAll(() => Promise.all(stores.map(store => store.close())));

  it('produces identical history for the same seed and a different one for another seed', async () => {
    const first = await seededStore('callboard');
    const second = await seededStore('callboard');
    const other = await seededStore('another-seed');
    stores.push(first.store, second.store, other.store);

    const firstPrint = await fingerprint(first.store);
    expect(await fingerprint(second.store)).toEqual(firstPrint);
    expect(second.result.tokens).toEqual(first.result.tokens);

    const otherPrint = await fingerprint(other.store);
    expect(otherPrint.map(repo => repo.name)).toEqual(
      firstPrint.map(repo => repo.name),
    );
    const differentMains = otherPrint.filter(
      (repo, index) => repo.main !== firstPrint[index].main,
    );
    expect(differentMains).toHaveLength(firstPrint.length);
    expect(otherPrint.map(repo => repo.pulls)).not.toEqual(
      firstPrint.map(repo => repo.pulls),
    );
  });
});
