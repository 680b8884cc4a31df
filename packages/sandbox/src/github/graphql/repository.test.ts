import {
  startTestSandbox,
  TestSandbox,
  TOKENS,
} from '../__testUtils__/testSandbox';
import {
  OWNER,
  REPO,
  seedPayments,
  SeededRepository,
} from './__testUtils__/fixture';

jest.setTimeout(60_000);

interface HistoryPage {
  repository: {
    defaultBranchRef: {
      target: {
        history: {
          totalCount: number;
          nodes: Array<{ oid: string }>;
          edges: Array<{ cursor: string; node: { oid: string } }>;
          pageInfo: {
            hasNextPage: boolean;
            hasPreviousPage: boolean;
            startCursor: string | null;
            endCursor: string | null;
          };
        };
      };
    };
  };
}

const HISTORY_PAGE = `
  query ($owner: String!, $name: String!, $first: Int, $after: String, $last: Int, $before: String, $path: String, $since: GitTimestamp, $until: GitTimestamp) {
    repository(owner: $owner, name: $name) {
      defaultBranchRef {
        target {
          ... on Commit {
            history(first: $first, after: $after, last: $last, before: $before, path: $path, since: $since, until: $until) {
              totalCount
              nodes { oid }
              edges { cursor node { oid } }
              pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
            }
          }
        }
      }
    }
  }`;

describe('GraphQL repository fields', () => {
  let env: TestSandbox;
  let seeded: SeededRepository;
  const vars = { owner: OWNER, name: REPO };

  beforeAll(async () => {
    env = await startTestSandbox();
    seeded = await seedPayments(env.sandbox.store);
  });

  afterAll(() => env.close());

  async function history(args: Record<string, unknown>) {
    const data = await env.alice.graphql<HistoryPage>(HISTORY_PAGE, {
      ...vars,
      ...args,
    });
    return data.repository.defaultBranchRef.target.history;
  }

  it('describes the repository the way REST does', async () => {
    const rest = await env.alice.rest.repos.get({ owner: OWNER, repo: REPO });
    const data = await env.alice.graphql<{
      repository: Record<string, unknown>;
    }>(
      `query ($owner: String!, $name: String!) {
        repository(owner: $owner, name: $name) {
          name nameWithOwner id databaseId url isPrivate isArchived isFork
          description createdAt pushedAt updatedAt visibility
          owner { __typename login }
          defaultBranchRef { name prefix target { oid } }
        }
      }`,
      vars,
    );
    expect(data.repository).toEqual({
      name: REPO,
      nameWithOwner: `${OWNER}/${REPO}`,
      id: rest.data.node_id,
      databaseId: rest.data.id,
      url: rest.data.html_url,
      isPrivate: true,
      isArchived: false,
      isFork: false,
      description: 'Payments service',
      createdAt: '2024-01-01T00:00:00Z',
      pushedAt: rest.data.pushed_at,
      updatedAt: rest.data.updated_at,
      visibility: 'PRIVATE',
      owner: { __typename: 'Organization', login: OWNER },
      defaultBranchRef: {
        name: 'main',
        prefix: 'refs/heads/',
        target: { oid: seeded.mergeCommit },
      },
    });
  });

  it('pages through history forwards with first/after and backwards with last/before', async () => {
    const first = await history({ first: 3 });
    expect(first.totalCount).toBe(8);
    expect(first.nodes.map(node => node.oid)).toEqual(
      seeded.history.slice(0, 3),
    );
    expect(first.pageInfo).toMatchObject({
      hasNextPage: true,
      hasPreviousPage: false,
      endCursor: first.edges[2].cursor,
    });
    expect(first.pageInfo.endCursor).toBe(`${seeded.mergeCommit} 2`);

    const second = await history({ first: 3, after: first.pageInfo.endCursor });
    expect(second.nodes.map(node => node.oid)).toEqual(
      seeded.history.slice(3, 6),
    );
    const third = await history({ first: 3, after: second.pageInfo.endCursor });
    expect(third.nodes.map(node => node.oid)).toEqual(seeded.history.slice(6));
    expect(third.pageInfo).toMatchObject({
      hasNextPage: false,
      hasPreviousPage: true,
    });

    const last = await history({ last: 2 });
    expect(last.nodes.map(node => node.oid)).toEqual(seeded.history.slice(6));
    expect(last.pageInfo).toMatchObject({
      hasNextPage: false,
      hasPreviousPage: true,
    });
    const before = await history({
      last: 2,
      before: last.pageInfo.startCursor,
    });
    expect(before.nodes.map(node => node.oid)).toEqual(
      seeded.history.slice(4, 6),
    );
  });

  it('filters history by path and time window', async () => {
    const readme = await history({ first: 10, path: 'README.md' });
    expect(readme.totalCount).toBe(2);
    expect(readme.nodes.map(node => node.oid)).toEqual([
      seeded.main[3],
      seeded.main[0],
    ]);
    const window = await history({
      first: 10,
      since: '2024-01-03T00:00:00Z',
      until: '2024-01-05T23:59:59Z',
    });
    expect(window.nodes.map(node => node.oid)).toEqual([
      seeded.main[3],
      seeded.main[2],
      seeded.main[1],
    ]);
  });

  it('renders commits with stats, authors linked to users and the author clock', async () => {
    const data = await env.alice.graphql<{
      repository: { object: Record<string, unknown> };
    }>(
      `query ($owner: String!, $name: String!, $oid: GitObjectID!) {
        repository(owner: $owner, name: $name) {
          object(oid: $oid) {
            __typename
            ... on Commit {
              oid abbreviatedOid message messageHeadline messageBody
              committedDate authoredDate additions deletions changedFilesIfAvailable
              author { name email date user { login } }
              parents(first: 5) { totalCount }
              tree { entries { name type } }
            }
          }
        }
      }`,
      { ...vars, oid: seeded.main[0] },
    );
    expect(data.repository.object).toEqual({
      __typename: 'Commit',
      oid: seeded.main[0],
      abbreviatedOid: seeded.main[0].slice(0, 7),
      message: 'Initial commit\n\nWith a body.',
      messageHeadline: 'Initial commit',
      messageBody: 'With a body.',
      committedDate: '2024-01-02T07:00:00Z',
      authoredDate: '2024-01-02T07:00:00Z',
      additions: 2,
      deletions: 0,
      changedFilesIfAvailable: 2,
      author: {
        name: 'Alice Admin',
        email: 'alice@example.com',
        date: '2024-01-02T09:00:00+02:00',
        user: { login: 'alice' },
      },
      parents: { totalCount: 0 },
      tree: {
        entries: [
          { name: 'README.md', type: 'blob' },
          { name: 'src', type: 'tree' },
        ],
      },
    });
  });

  it('resolves object expressions to blobs and trees', async () => {
    const data = await env.alice.graphql<{
      repository: Record<string, unknown>;
    }>(
      `query ($owner: String!, $name: String!) {
        repository(owner: $owner, name: $name) {
          readme: object(expression: "HEAD:README.md") { __typename ... on Blob { text byteSize isBinary } }
          logo: object(expression: "main:assets/logo.png") { ... on Blob { text byteSize isBinary } }
          tagged: object(expression: "v1.0.0:src/index.ts") { ... on Blob { text } }
          missing: object(expression: "HEAD:nope.md") { __typename }
          docs: object(expression: "HEAD:docs") {
            __typename
            ... on Tree { entries { name path type mode object { ... on Blob { text } } } }
          }
        }
      }`,
      vars,
    );
    expect(data.repository).toEqual({
      readme: {
        __typename: 'Blob',
        text: '# Payments\n\nMoves money.\n',
        byteSize: 25,
        isBinary: false,
      },
      logo: { text: null, byteSize: 11, isBinary: true },
      tagged: {
        text: 'export const version = 2;\nexport const name = "payments";\n',
      },
      missing: null,
      docs: {
        __typename: 'Tree',
        entries: [
          {
            name: 'guide.md',
            path: 'docs/guide.md',
            type: 'blob',
            mode: 0o100644,
            object: { text: '# Guide\n\nRead me.\n' },
          },
        ],
      },
    });
  });

  it('answers the branch lookup octokit-plugin-create-pull-request makes', async () => {
    const query = `
      query ($owner: String!, $repo: String!, $head: String!) {
        repository(name: $repo, owner: $owner) {
          ref(qualifiedName: $head) {
            associatedPullRequests(first: 1, states: OPEN) {
              edges { node { id number url } }
            }
          }
        }
      }`;
    const open = await env.alice.graphql<{
      repository: { ref: { associatedPullRequests: { edges: unknown[] } } };
    }>(query, { owner: OWNER, repo: REPO, head: 'fix/typo' });
    const pull = await env.alice.rest.pulls.get({
      owner: OWNER,
      repo: REPO,
      pull_number: 2,
    });
    expect(open.repository.ref.associatedPullRequests.edges).toEqual([
      {
        node: { id: pull.data.node_id, number: 2, url: pull.data.html_url },
      },
    ]);
    const merged = await env.alice.graphql<{
      repository: { ref: { associatedPullRequests: { edges: unknown[] } } };
    }>(query, { owner: OWNER, repo: REPO, head: 'feature/refunds' });
    expect(merged.repository.ref.associatedPullRequests.edges).toEqual([]);
    const missing = await env.alice.graphql<{ repository: { ref: null } }>(
      query,
      { owner: OWNER, repo: REPO, head: 'no-such-branch' },
    );
    expect(missing.repository.ref).toBeNull();
  });

  it('lists refs under a prefix, with tags pointing at their commits', async () => {
    const data = await env.alice.graphql<{
      repository: Record<string, { totalCount: number; nodes: unknown[] }>;
    }>(
      `query ($owner: String!, $name: String!) {
        repository(owner: $owner, name: $name) {
          branches: refs(refPrefix: "refs/heads/", first: 2, orderBy: {field: ALPHABETICAL, direction: DESC}) {
            totalCount nodes { name prefix }
          }
          tags: refs(refPrefix: "refs/tags/", last: 1) {
            totalCount nodes { name target { oid } }
          }
        }
      }`,
      vars,
    );
    expect(data.repository.branches).toEqual({
      totalCount: 4,
      nodes: [
        { name: 'main', prefix: 'refs/heads/' },
        { name: 'fix/typo', prefix: 'refs/heads/' },
      ],
    });
    expect(data.repository.tags).toEqual({
      totalCount: 2,
      nodes: [{ name: 'v1.1.0-rc.1', target: { oid: seeded.mergeCommit } }],
    });
  });

  it('lists releases, topics and languages', async () => {
    const data = await env.alice.graphql<{
      repository: Record<string, unknown>;
    }>(
      `query ($owner: String!, $name: String!) {
        repository(owner: $owner, name: $name) {
          releases(first: 5, orderBy: {field: CREATED_AT, direction: DESC}) {
            totalCount
            nodes { tagName name isLatest isPrerelease isDraft publishedAt author { login } tagCommit { oid } }
          }
          latestRelease { tagName }
          repositoryTopics(first: 10) { totalCount nodes { topic { name } } }
          languages(first: 5) { totalCount totalSize edges { size node { name color } } }
          primaryLanguage { name }
        }
      }`,
      vars,
    );
    expect(data.repository).toEqual({
      releases: {
        totalCount: 2,
        nodes: [
          {
            tagName: 'v1.1.0-rc.1',
            name: null,
            isLatest: false,
            isPrerelease: true,
            isDraft: false,
            publishedAt: '2024-01-18T09:00:00Z',
            author: { login: 'alice' },
            tagCommit: { oid: seeded.mergeCommit },
          },
          {
            tagName: 'v1.0.0',
            name: 'First',
            isLatest: true,
            isPrerelease: false,
            isDraft: false,
            publishedAt: '2024-01-17T09:00:00Z',
            author: { login: 'alice' },
            tagCommit: { oid: seeded.mergeCommit },
          },
        ],
      },
      latestRelease: { tagName: 'v1.0.0' },
      repositoryTopics: {
        totalCount: 2,
        nodes: [
          { topic: { name: 'payments' } },
          { topic: { name: 'backstage' } },
        ],
      },
      languages: {
        totalCount: 1,
        totalSize: 115,
        edges: [{ size: 115, node: { name: 'TypeScript', color: '#3178c6' } }],
      },
      primaryLanguage: { name: 'TypeScript' },
    });
  });

  it('hides private repositories from outsiders, as GitHub does', async () => {
    await expect(
      env
        .octokit(TOKENS.mallory)
        .graphql(`{ repository(owner: "acme", name: "payments") { name } }`),
    ).rejects.toMatchObject({
      errors: [
        {
          type: 'NOT_FOUND',
          path: ['repository'],
          message:
            "Could not resolve to a Repository with the name 'acme/payments'.",
        },
      ],
      data: { repository: null },
    });
  });
});
