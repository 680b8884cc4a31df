import { startTestSandbox, TestSandbox } from '../__testUtils__/testSandbox';
import {
  OWNER,
  REPO,
  seedPayments,
  SeededRepository,
} from './__testUtils__/fixture';

jest.setTimeout(60_000);

interface PullRequestPage {
  repository: {
    pullRequests: {
      totalCount: number;
      nodes: Array<{ number: number }>;
      edges: Array<{ cursor: string; node: { number: number } }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
}

describe('GraphQL pull requests', () => {
  let env: TestSandbox;
  let seeded: SeededRepository;
  const vars = { owner: OWNER, name: REPO };

  beforeAll(async () => {
    env = await startTestSandbox();
    seeded = await seedPayments(env.sandbox.store);
  });

  afterAll(() => env.close());

  async function pullRequestNumbers(args: string): Promise<number[]> {
    const data = await env.alice.graphql<PullRequestPage>(
      `query ($owner: String!, $name: String!) {
        repository(owner: $owner, name: $name) {
          pullRequests(${args}) { nodes { number } }
        }
      }`,
      vars,
    );
    return data.repository.pullRequests.nodes.map(node => node.number);
  }

  it.each([
    ['first: 10', [1, 2, 3]],
    ['first: 10, orderBy: {field: CREATED_AT, direction: DESC}', [3, 2, 1]],
    ['first: 10, states: [MERGED]', [1]],
    ['first: 10, states: [OPEN, CLOSED]', [2, 3]],
    ['first: 10, labels: ["documentation", "enhancement"]', [1, 2]],
    ['first: 10, headRefName: "fix/typo"', [2]],
    ['last: 2', [2, 3]],
  ])('filters and orders with %s', async (args, expected) => {
    await expect(pullRequestNumbers(args)).resolves.toEqual(expected);
  });

  it('paginates with edges, cursors and totalCount', async () => {
    const query = `query ($owner: String!, $name: String!, $after: String) {
      repository(owner: $owner, name: $name) {
        pullRequests(first: 2, after: $after) {
          totalCount
          edges { cursor node { number } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }`;
    const first = await env.alice.graphql<PullRequestPage>(query, vars);
    expect(first.repository.pullRequests.totalCount).toBe(3);
    expect(
      first.repository.pullRequests.edges.map(edge => edge.node.number),
    ).toEqual([1, 2]);
    expect(first.repository.pullRequests.pageInfo).toEqual({
      hasNextPage: true,
      endCursor: first.repository.pullRequests.edges[1].cursor,
    });
    const second = await env.alice.graphql<PullRequestPage>(query, {
      ...vars,
      after: first.repository.pullRequests.pageInfo.endCursor,
    });
    expect(
      second.repository.pullRequests.edges.map(edge => edge.node.number),
    ).toEqual([3]);
    expect(second.repository.pullRequests.pageInfo.hasNextPage).toBe(false);
  });

  it('renders a merged pull request with its commits, reviews and labels', async () => {
    const rest = await env.alice.rest.pulls.get({
      owner: OWNER,
      repo: REPO,
      pull_number: 1,
    });
    const data = await env.alice.graphql<{
      repository: { pullRequest: Record<string, unknown> };
    }>(
      `query ($owner: String!, $name: String!) {
        repository(owner: $owner, name: $name) {
          pullRequest(number: 1) {
            id number title body state url createdAt updatedAt closedAt mergedAt merged isDraft
            author { login } mergedBy { login }
            headRefName baseRefName headRefOid additions deletions changedFiles
            mergeCommit { oid }
            commits(first: 10) { totalCount nodes { commit { oid committedDate authoredDate message } } }
            reviews(first: 10, states: [APPROVED]) { totalCount nodes { state submittedAt author { login } } }
            allReviews: reviews(first: 10) { totalCount }
            labels(first: 10) { nodes { name } }
          }
        }
      }`,
      vars,
    );
    expect(data.repository.pullRequest).toEqual({
      id: rest.data.node_id,
      number: 1,
      title: 'Add refunds',
      body: 'Refunds, at last.',
      state: 'MERGED',
      url: rest.data.html_url,
      createdAt: '2024-01-08T10:00:00Z',
      updatedAt: rest.data.updated_at,
      closedAt: '2024-01-09T12:00:00Z',
      mergedAt: '2024-01-09T12:00:00Z',
      merged: true,
      isDraft: false,
      author: { login: 'bob' },
      mergedBy: { login: 'alice' },
      headRefName: 'feature/refunds',
      baseRefName: 'main',
      headRefOid: seeded.refunds[1],
      additions: rest.data.additions,
      deletions: rest.data.deletions,
      changedFiles: 2,
      mergeCommit: { oid: seeded.mergeCommit },
      commits: {
        totalCount: 2,
        nodes: [
          {
            commit: {
              oid: seeded.refunds[0],
              committedDate: '2024-01-07T09:00:00Z',
              authoredDate: '2024-01-07T09:00:00Z',
              message: 'Add refunds',
            },
          },
          {
            commit: {
              oid: seeded.refunds[1],
              committedDate: '2024-01-08T09:00:00Z',
              authoredDate: '2024-01-08T09:00:00Z',
              message: 'Test refunds',
            },
          },
        ],
      },
      reviews: {
        totalCount: 1,
        nodes: [
          {
            state: 'APPROVED',
            submittedAt: '2024-01-09T09:00:00Z',
            author: { login: 'alice' },
          },
        ],
      },
      allReviews: { totalCount: 2 },
      labels: { nodes: [{ name: 'enhancement' }] },
    });
    expect(rest.data.additions).toBe(2);
  });

  it('reports an open draft with changes requested', async () => {
    const data = await env.alice.graphql<{
      repository: { pullRequest: Record<string, unknown> };
    }>(
      `query ($owner: String!, $name: String!) {
        repository(owner: $owner, name: $name) {
          pullRequest(number: 2) {
            state isDraft merged mergedAt mergedBy { login } mergeCommit { oid }
            mergeable
            reviews(first: 5) { nodes { state author { login } } }
          }
        }
      }`,
      vars,
    );
    expect(data.repository.pullRequest).toEqual({
      state: 'OPEN',
      isDraft: true,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommit: null,
      mergeable: 'MERGEABLE',
      reviews: {
        nodes: [{ state: 'CHANGES_REQUESTED', author: { login: 'bob' } }],
      },
    });
  });

  it('answers an unknown number with GitHub NOT_FOUND error', async () => {
    await expect(
      env.alice.graphql(
        `{ repository(owner: "acme", name: "payments") { pullRequest(number: 42) { title } } }`,
      ),
    ).rejects.toMatchObject({
      errors: [
        {
          type: 'NOT_FOUND',
          path: ['repository', 'pullRequest'],
          message: 'Could not resolve to a PullRequest with the number of 42.',
        },
      ],
      data: { repository: { pullRequest: null } },
    });
  });

  it('finds the pull request that introduced a commit', async () => {
    const data = await env.alice.graphql<{
      repository: {
        object: {
          associatedPullRequests: { nodes: Array<{ number: number }> };
        };
      };
    }>(
      `query ($owner: String!, $name: String!, $oid: GitObjectID!) {
        repository(owner: $owner, name: $name) {
          object(oid: $oid) {
            ... on Commit { associatedPullRequests(first: 5) { nodes { number } } }
          }
        }
      }`,
      { ...vars, oid: seeded.mergeCommit },
    );
    expect(data.repository.object.associatedPullRequests.nodes).toEqual([
      { number: 1 },
    ]);
  });
});
