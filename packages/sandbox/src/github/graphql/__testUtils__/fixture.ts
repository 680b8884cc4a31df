import type { GitHubStore } from '../../store/GitHubStore';

export const OWNER = 'acme';
export const REPO = 'payments';
const ref = { owner: OWNER, repo: REPO };

const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0,
]);

const alice = { name: 'Alice Admin', email: 'alice@example.com' };
const bob = { name: 'Bob Builder', email: 'bob@example.com' };

export interface SeededRepository {
  /** The five commits made directly on `main`, oldest first. */
  main: string[];
  /** The two commits of the merged `feature/refunds` branch, oldest first. */
  refunds: string[];
  mergeCommit: string;
  /** `main`'s history as `git log` lists it, newest first. */
  history: string[];
}

/**
 * `acme/payments`: five commits on `main`, three pull requests (merged,
 * open with changes requested, closed), three issues (two incidents),
 * deployments to production and staging, two releases. Everything carries
 * explicit timestamps so assertions can be exact.
 */
export async function seedPayments(
  store: GitHubStore,
): Promise<SeededRepository> {
  await store.repositories.create({
    owner: OWNER,
    name: REPO,
    creator: 'alice',
    description: 'Payments service',
    visibility: 'private',
    topics: ['payments', 'backstage'],
    createdAt: '2024-01-01T00:00:00Z',
  });
  const commit = async (
    branch: string,
    who: typeof alice,
    date: string,
    message: string,
    changes: Parameters<GitHubStore['git']['commitToBranch']>[0]['changes'],
  ) =>
    (
      await store.git.commitToBranch({
        ...ref,
        branch,
        message,
        changes,
        author: { ...who, date },
        pusher: who === alice ? 'alice' : 'bob',
      })
    ).sha;

  const c1 = await commit(
    'main',
    alice,
    '2024-01-02T09:00:00+02:00',
    'Initial commit\n\nWith a body.',
    [
      { path: 'README.md', content: '# Payments\n' },
      { path: 'src/index.ts', content: 'export const version = 1;\n' },
    ],
  );
  const c2 = await commit('main', bob, '2024-01-03T09:00:00Z', 'Add guide', [
    { path: 'docs/guide.md', content: '# Guide\n\nRead me.\n' },
    {
      path: 'src/index.ts',
      content: 'export const version = 2;\nexport const name = "payments";\n',
    },
  ]);
  const c3 = await commit('main', alice, '2024-01-04T09:00:00Z', 'Add logo', [
    { path: 'assets/logo.png', content: PNG },
  ]);
  const c4 = await commit(
    'main',
    alice,
    '2024-01-05T09:00:00Z',
    'Describe the service',
    [{ path: 'README.md', content: '# Payments\n\nMoves money.\n' }],
  );
  const c5 = await commit(
    'main',
    bob,
    '2024-01-06T09:00:00Z',
    'Add catalog-info',
    [{ path: 'catalog-info.yaml', content: 'kind: Component\n' }],
  );

  const refundsBase = await commit(
    'feature/refunds',
    bob,
    '2024-01-07T09:00:00Z',
    'Add refunds',
    [{ path: 'src/refunds.ts', content: 'export const refund = () => 1;\n' }],
  );
  const refundsHead = await commit(
    'feature/refunds',
    bob,
    '2024-01-08T09:00:00Z',
    'Test refunds',
    [{ path: 'src/refunds.test.ts', content: 'test("refund", () => {});\n' }],
  );
  await store.pulls.create({
    ...ref,
    title: 'Add refunds',
    body: 'Refunds, at last.',
    head: 'feature/refunds',
    base: 'main',
    author: 'bob',
    createdAt: '2024-01-08T10:00:00Z',
  });
  store.issues.addLabels(ref, 1, ['enhancement']);
  store.reviews.create({
    ...ref,
    number: 1,
    author: 'alice',
    event: 'COMMENT',
    body: 'Looking',
    submittedAt: '2024-01-08T11:00:00Z',
  });
  store.reviews.create({
    ...ref,
    number: 1,
    author: 'alice',
    event: 'APPROVE',
    submittedAt: '2024-01-09T09:00:00Z',
  });
  const { sha: mergeCommit } = await store.merges.merge({
    ...ref,
    number: 1,
    merger: 'alice',
    method: 'merge',
    mergedAt: '2024-01-09T12:00:00Z',
  });

  await commit('fix/typo', alice, '2024-01-10T09:00:00Z', 'Fix typo', [
    { path: 'docs/guide.md', content: '# Guide\n\nRead it.\n' },
  ]);
  await store.pulls.create({
    ...ref,
    title: 'Fix typo',
    head: 'fix/typo',
    base: 'main',
    author: 'alice',
    draft: true,
    createdAt: '2024-01-10T10:00:00Z',
  });
  store.issues.addLabels(ref, 2, ['documentation']);
  store.reviews.create({
    ...ref,
    number: 2,
    author: 'bob',
    event: 'REQUEST_CHANGES',
    submittedAt: '2024-01-10T11:00:00Z',
  });

  await commit('experiment', bob, '2024-01-11T09:00:00Z', 'Try something', [
    { path: 'src/experiment.ts', content: 'export {};\n' },
  ]);
  await store.pulls.create({
    ...ref,
    title: 'Experiment',
    head: 'experiment',
    base: 'main',
    author: 'bob',
    createdAt: '2024-01-11T10:00:00Z',
  });
  await store.pulls.update(ref, 3, { state: 'closed' }, 'bob');

  store.issues.create({
    ...ref,
    title: 'Checkout outage',
    author: 'alice',
    labels: ['incident', 'sev1'],
    createdAt: '2024-01-12T08:00:00Z',
  });
  store.issues.update(
    ref,
    4,
    { state: 'closed' },
    'alice',
    '2024-01-12T10:30:00Z',
  );
  store.issues.create({
    ...ref,
    title: 'Slow refunds',
    author: 'bob',
    labels: ['incident'],
    createdAt: '2024-01-13T08:00:00Z',
  });
  store.issues.create({
    ...ref,
    title: 'Document refunds',
    author: 'bob',
    labels: ['documentation'],
    createdAt: '2024-01-14T08:00:00Z',
  });

  const deploy = async (
    environment: string,
    createdAt: string,
    states: Array<{ state: 'in_progress' | 'success' | 'failure'; at: string }>,
  ) => {
    const result = await store.deployments.create({
      ...ref,
      ref: 'main',
      creator: 'alice',
      environment,
      description: `Deploy to ${environment}`,
      requiredContexts: [],
      createdAt,
    });
    if (result.kind !== 'created') throw new Error('deployment not created');
    for (const { state, at } of states) {
      store.deployments.createStatus({
        ...ref,
        deploymentId: result.deployment.id,
        state,
        creator: 'alice',
        description: state,
        createdAt: at,
      });
    }
  };
  await deploy('production', '2024-01-15T09:00:00Z', [
    { state: 'in_progress', at: '2024-01-15T09:01:00Z' },
    { state: 'success', at: '2024-01-15T09:05:00Z' },
  ]);
  await deploy('staging', '2024-01-15T10:00:00Z', [
    { state: 'success', at: '2024-01-15T10:02:00Z' },
  ]);
  await deploy('production', '2024-01-16T09:00:00Z', [
    { state: 'failure', at: '2024-01-16T09:03:00Z' },
  ]);

  await store.releases.create({
    ...ref,
    tagName: 'v1.0.0',
    name: 'First',
    body: 'Notes',
    author: 'alice',
    createdAt: '2024-01-17T09:00:00Z',
  });
  await store.releases.create({
    ...ref,
    tagName: 'v1.1.0-rc.1',
    author: 'alice',
    prerelease: true,
    createdAt: '2024-01-18T09:00:00Z',
  });

  return {
    main: [c1, c2, c3, c4, c5],
    refunds: [refundsBase, refundsHead],
    mergeCommit,
    history: [mergeCommit, refundsHead, refundsBase, c5, c4, c3, c2, c1],
  };
}
