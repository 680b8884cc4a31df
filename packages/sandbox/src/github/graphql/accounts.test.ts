import {
  startTestSandbox,
  TestSandbox,
  TOKENS,
} from '../__testUtils__/testSandbox';
import { OWNER, REPO, seedPayments } from './__testUtils__/fixture';

jest.setTimeout(60_000);

interface RepositoriesPage {
  organization: {
    repositories: {
      totalCount: number;
      nodes: Array<Record<string, unknown>>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
}

describe('GraphQL organizations, users and nodes', () => {
  let env: TestSandbox;

  beforeAll(async () => {
    env = await startTestSandbox();
    await seedPayments(env.sandbox.store);
    for (const name of ['web', 'legacy', 'api']) {
      await env.alice.rest.repos.createInOrg({
        org: OWNER,
        name,
        auto_init: true,
        private: name === 'api',
      });
    }
    await env.alice.rest.repos.update({
      owner: OWNER,
      repo: 'legacy',
      archived: true,
    });
    await env.alice.rest.repos.replaceAllTopics({
      owner: OWNER,
      repo: 'web',
      names: ['frontend'],
    });
  });

  afterAll(() => env.close());

  it('pages through an organization repositories, skipping archived ones on request', async () => {
    const query = `query ($login: String!, $after: String) {
      organization(login: $login) {
        login name
        repositories(first: 2, after: $after, isArchived: false, orderBy: {field: NAME, direction: ASC}) {
          totalCount
          nodes { name url isArchived isFork defaultBranchRef { name } repositoryTopics(first: 5) { nodes { topic { name } } } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }`;
    const first = await env.alice.graphql<RepositoriesPage>(query, {
      login: OWNER,
    });
    expect(first.organization.repositories.totalCount).toBe(3);
    expect(first.organization.repositories.nodes).toEqual([
      {
        name: 'api',
        url: `${env.sandbox.url}/acme/api`,
        isArchived: false,
        isFork: false,
        defaultBranchRef: { name: 'main' },
        repositoryTopics: { nodes: [] },
      },
      {
        name: 'payments',
        url: `${env.sandbox.url}/acme/payments`,
        isArchived: false,
        isFork: false,
        defaultBranchRef: { name: 'main' },
        repositoryTopics: {
          nodes: [
            { topic: { name: 'payments' } },
            { topic: { name: 'backstage' } },
          ],
        },
      },
    ]);
    const second = await env.alice.graphql<RepositoriesPage>(query, {
      login: OWNER,
      after: first.organization.repositories.pageInfo.endCursor,
    });
    expect(
      second.organization.repositories.nodes.map(node => node.name),
    ).toEqual(['web']);
    expect(second.organization.repositories.pageInfo.hasNextPage).toBe(false);
  });

  it('shows an outsider only public repositories', async () => {
    const data = await env
      .octokit(TOKENS.mallory)
      .graphql<RepositoriesPage>(
        `{ organization(login: "acme") { repositories(first: 10) { nodes { name } } } }`,
      );
    expect(data.organization.repositories.nodes).toEqual([
      { name: 'web' },
      { name: 'legacy' },
    ]);
  });

  it('lists teams and team members', async () => {
    const data = await env.alice.graphql<{
      organization: Record<string, unknown>;
    }>(
      `{ organization(login: "acme") {
          team(slug: "platform") { name slug members(first: 10) { totalCount nodes { login } edges { role } } }
          teams(first: 10) { totalCount nodes { slug } }
          missing: team(slug: "nobody") { name }
        } }`,
    );
    expect(data.organization).toEqual({
      team: {
        name: 'Platform',
        slug: 'platform',
        members: {
          totalCount: 1,
          nodes: [{ login: 'bob' }],
          edges: [{ role: 'MEMBER' }],
        },
      },
      teams: { totalCount: 1, nodes: [{ slug: 'platform' }] },
      missing: null,
    });
  });

  it('resolves users and the viewer', async () => {
    const data = await env.bob.graphql<Record<string, unknown>>(
      `{ viewer { login name isViewer }
         user(login: "alice") { login name email isViewer organizations(first: 5) { nodes { login } } } }`,
    );
    expect(data).toEqual({
      viewer: { login: 'bob', name: 'Bob Builder', isViewer: true },
      user: {
        login: 'alice',
        name: 'Alice Admin',
        email: 'alice@example.com',
        isViewer: false,
        organizations: { nodes: [{ login: 'acme' }] },
      },
    });
    await expect(
      env.bob.graphql(`{ user(login: "nobody") { login } }`),
    ).rejects.toMatchObject({
      errors: [
        {
          type: 'NOT_FOUND',
          message: "Could not resolve to a User with the login of 'nobody'.",
        },
      ],
    });
  });

  it('looks up nodes by the ids REST reports', async () => {
    const repo = await env.alice.rest.repos.get({ owner: OWNER, repo: REPO });
    const pull = await env.alice.rest.pulls.get({
      owner: OWNER,
      repo: REPO,
      pull_number: 1,
    });
    const issue = await env.alice.rest.issues.get({
      owner: OWNER,
      repo: REPO,
      issue_number: 4,
    });
    const user = await env.alice.rest.users.getByUsername({ username: 'bob' });
    const data = await env.alice.graphql<{ nodes: unknown[] }>(
      `query ($ids: [ID!]!) {
        nodes(ids: $ids) {
          __typename
          ... on Repository { nameWithOwner }
          ... on PullRequest { number }
          ... on Issue { title }
          ... on User { login }
          ... on Commit { oid }
        }
      }`,
      {
        ids: [
          repo.data.node_id,
          pull.data.node_id,
          issue.data.node_id,
          user.data.node_id,
          pull.data.head.repo.node_id,
        ],
      },
    );
    expect(data.nodes).toEqual([
      { __typename: 'Repository', nameWithOwner: 'acme/payments' },
      { __typename: 'PullRequest', number: 1 },
      { __typename: 'Issue', title: 'Checkout outage' },
      { __typename: 'User', login: 'bob' },
      { __typename: 'Repository', nameWithOwner: 'acme/payments' },
    ]);
    await expect(
      env.mallory.graphql(`query ($id: ID!) { node(id: $id) { id } }`, {
        id: repo.data.node_id,
      }),
    ).rejects.toMatchObject({
      errors: [
        {
          type: 'NOT_FOUND',
          message: `Could not resolve to a node with the global id of '${repo.data.node_id}'`,
        },
      ],
    });
  });
});
