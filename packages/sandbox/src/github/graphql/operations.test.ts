import { readdirSync } from 'node:fs';
import { startTestSandbox, TestSandbox } from '../__testUtils__/testSandbox';
import {
  OWNER,
  REPO,
  seedPayments,
  SeededRepository,
} from './__testUtils__/fixture';
import {
  CALLBOARD_GRAPHQL_OPERATION_COUNT,
  CALLBOARD_GRAPHQL_OPERATION_NAMES,
  callboardGraphqlOperation,
  CallboardGraphqlOperationName,
  callboardGraphqlOperationsDir,
} from './operations';
import { validateGitHubOperation } from './validateOperation';

jest.setTimeout(60_000);

interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}

interface PullRequestNode {
  commits: { nodes: Array<{ commit: { authoredDate: string } }> };
  reviews: { nodes: Array<{ state: string }> };
}

interface DeploymentNode {
  createdAt: string;
  state: string;
  latestStatus: { state: string };
  statuses: { nodes: Array<{ state: string }> };
}

interface OperationData {
  repository: {
    object: unknown;
    pullRequests: Page<PullRequestNode>;
    deployments: Page<DeploymentNode>;
    issues: Page<unknown>;
    defaultBranchRef: { target: { history: Page<{ oid: string }> } };
  };
  organization: unknown;
}

describe("Callboard's GraphQL operations", () => {
  let env: TestSandbox;
  let seeded: SeededRepository;

  beforeAll(async () => {
    env = await startTestSandbox();
    seeded = await seedPayments(env.sandbox.store);
  });

  afterAll(() => env.close());

  function run(name: CallboardGraphqlOperationName, variables: object) {
    return env.alice.graphql<OperationData>(callboardGraphqlOperation(name), {
      ...variables,
    });
  }

  it('has one named operation per .graphql file', () => {
    const files = readdirSync(callboardGraphqlOperationsDir())
      .filter(file => file.endsWith('.graphql'))
      .map(file => file.replace(/\.graphql$/, ''))
      .sort();
    expect(files).toEqual([...CALLBOARD_GRAPHQL_OPERATION_NAMES]);
    for (const name of CALLBOARD_GRAPHQL_OPERATION_NAMES) {
      expect(callboardGraphqlOperation(name)).toContain(`query ${name}(`);
    }
  });

  it.each(CALLBOARD_GRAPHQL_OPERATION_NAMES)(
    "%s is valid against GitHub's published schema",
    name => {
      expect(validateGitHubOperation(callboardGraphqlOperation(name))).toEqual(
        [],
      );
    },
  );

  it('validation catches what github.com would reject', () => {
    const broken = callboardGraphqlOperation('IncidentIssues').replace(
      'closedAt',
      'resolvedAt',
    );
    expect(validateGitHubOperation(broken)).toEqual([
      expect.objectContaining({
        message: "Field 'resolvedAt' doesn't exist on type 'Issue'",
        path: [
          'query IncidentIssues',
          'repository',
          'issues',
          'nodes',
          'resolvedAt',
        ],
      }),
    ]);
  });

  it('RepositoryFilesAtHead reads a file and a directory', async () => {
    const file = await run('RepositoryFilesAtHead', {
      owner: OWNER,
      name: REPO,
      expression: 'HEAD:catalog-info.yaml',
    });
    expect(file.repository).toEqual({
      defaultBranchRef: {
        name: 'main',
        target: {
          oid: seeded.mergeCommit,
          committedDate: '2024-01-09T12:00:00Z',
        },
      },
      object: {
        __typename: 'Blob',
        text: 'kind: Component\n',
        byteSize: 16,
        isBinary: false,
      },
    });
    const dir = await run('RepositoryFilesAtHead', {
      owner: OWNER,
      name: REPO,
      expression: 'HEAD:assets',
    });
    expect(dir.repository.object).toEqual({
      __typename: 'Tree',
      entries: [
        {
          name: 'logo.png',
          path: 'assets/logo.png',
          type: 'blob',
          mode: 33188,
          object: { byteSize: 11, isBinary: true, text: null },
        },
      ],
    });
  });

  it('PullRequestsWithCommitsAndReviews pages merged pull requests', async () => {
    const data = await run('PullRequestsWithCommitsAndReviews', {
      owner: OWNER,
      name: REPO,
      first: 1,
      states: ['MERGED', 'OPEN'],
    });
    const page = data.repository.pullRequests;
    expect(page.totalCount).toBe(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.nodes).toEqual([
      expect.objectContaining({
        number: 2,
        state: 'OPEN',
        isDraft: true,
        reviews: {
          totalCount: 1,
          nodes: [
            {
              state: 'CHANGES_REQUESTED',
              submittedAt: '2024-01-10T11:00:00Z',
              author: { login: 'bob' },
            },
          ],
        },
      }),
    ]);
    const next = await run('PullRequestsWithCommitsAndReviews', {
      owner: OWNER,
      name: REPO,
      first: 1,
      after: page.pageInfo.endCursor,
      states: ['MERGED', 'OPEN'],
    });
    const merged = next.repository.pullRequests.nodes[0];
    expect(merged).toMatchObject({
      number: 1,
      merged: true,
      mergedAt: '2024-01-09T12:00:00Z',
      mergedBy: { login: 'alice' },
      mergeCommit: { oid: seeded.mergeCommit },
      additions: 2,
      deletions: 0,
      changedFiles: 2,
      labels: { nodes: [{ name: 'enhancement' }] },
    });
    expect(merged.commits.nodes.map(node => node.commit.authoredDate)).toEqual([
      '2024-01-07T09:00:00Z',
      '2024-01-08T09:00:00Z',
    ]);
    expect(merged.reviews.nodes.map(node => node.state)).toEqual([
      'COMMENTED',
      'APPROVED',
    ]);
  });

  it('DeploymentsWithStatuses lists production deployments newest first', async () => {
    const data = await run('DeploymentsWithStatuses', {
      owner: OWNER,
      name: REPO,
      environments: ['production'],
      first: 10,
    });
    const deployments = data.repository.deployments;
    expect(deployments.totalCount).toBe(2);
    expect(
      deployments.nodes.map(node => [
        node.createdAt,
        node.state,
        node.latestStatus.state,
        node.statuses.nodes.map(status => status.state),
      ]),
    ).toEqual([
      ['2024-01-16T09:00:00Z', 'FAILURE', 'FAILURE', ['FAILURE']],
      ['2024-01-15T09:00:00Z', 'ACTIVE', 'SUCCESS', ['IN_PROGRESS', 'SUCCESS']],
    ]);
  });

  it('IncidentIssues lists labelled incidents with their resolution times', async () => {
    const data = await run('IncidentIssues', {
      owner: OWNER,
      name: REPO,
      labels: ['incident'],
      first: 10,
    });
    expect(data.repository.issues).toEqual({
      totalCount: 2,
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
      nodes: [
        {
          number: 5,
          title: 'Slow refunds',
          state: 'OPEN',
          createdAt: '2024-01-13T08:00:00Z',
          closedAt: null,
          author: { login: 'bob' },
          labels: { nodes: [{ name: 'incident' }] },
        },
        {
          number: 4,
          title: 'Checkout outage',
          state: 'CLOSED',
          createdAt: '2024-01-12T08:00:00Z',
          closedAt: '2024-01-12T10:30:00Z',
          author: { login: 'alice' },
          labels: { nodes: [{ name: 'incident' }, { name: 'sev1' }] },
        },
      ],
    });
  });

  it('OrganizationRepositories lists the organization repositories', async () => {
    const data = await run('OrganizationRepositories', {
      login: OWNER,
      first: 10,
    });
    expect(data.organization).toEqual({
      login: OWNER,
      name: 'Acme Inc.',
      repositories: {
        totalCount: 1,
        pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
        nodes: [
          {
            name: REPO,
            nameWithOwner: `${OWNER}/${REPO}`,
            url: `${env.sandbox.url}/${OWNER}/${REPO}`,
            description: 'Payments service',
            isArchived: false,
            isFork: false,
            isPrivate: true,
            pushedAt: expect.any(String),
            defaultBranchRef: { name: 'main' },
            repositoryTopics: {
              nodes: [
                { topic: { name: 'payments' } },
                { topic: { name: 'backstage' } },
              ],
            },
          },
        ],
      },
    });
  });

  it('CommitHistory pages a time window of the default branch', async () => {
    const variables = {
      owner: OWNER,
      name: REPO,
      first: 2,
      since: '2024-01-03T00:00:00Z',
      until: '2024-01-06T23:59:59Z',
    };
    const first = await run('CommitHistory', variables);
    const history = first.repository.defaultBranchRef.target.history;
    expect(history.totalCount).toBe(4);
    expect(history.nodes).toEqual([
      {
        oid: seeded.main[4],
        message: 'Add catalog-info',
        committedDate: '2024-01-06T09:00:00Z',
        authoredDate: '2024-01-06T09:00:00Z',
        additions: 1,
        deletions: 0,
        author: {
          name: 'Bob Builder',
          email: 'bob@example.com',
          date: '2024-01-06T09:00:00Z',
          user: { login: 'bob' },
        },
      },
      expect.objectContaining({
        oid: seeded.main[3],
        additions: 2,
        deletions: 0,
      }),
    ]);
    const second = await run('CommitHistory', {
      ...variables,
      after: history.pageInfo.endCursor,
    });
    expect(
      second.repository.defaultBranchRef.target.history.nodes.map(
        node => node.oid,
      ),
    ).toEqual([seeded.main[2], seeded.main[1]]);
    expect(
      second.repository.defaultBranchRef.target.history.pageInfo.hasNextPage,
    ).toBe(false);
  });

  it(`counts ${CALLBOARD_GRAPHQL_OPERATION_COUNT} validated operations`, () => {
    expect(CALLBOARD_GRAPHQL_OPERATION_COUNT).toBe(6);
  });
});
