import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  authenticatedCloneUrl,
  git,
  startTestSandbox,
  temporaryDirectory,
  TestSandbox,
  TOKENS,
} from '../__testUtils__/testSandbox';
import { postGraphql } from './__testUtils__/http';

jest.setTimeout(60_000);

describe('GraphQL endpoint behaviour', () => {
  let env: TestSandbox;

  beforeAll(async () => {
    env = await startTestSandbox();
    await env.alice.rest.repos.createInOrg({
      org: 'acme',
      name: 'web',
      auto_init: true,
    });
  });

  afterEach(() => env.sandbox.faults.reset());

  afterAll(() => env.close());

  it('rejects an unknown field at validation, in GitHub words and with HTTP 200', async () => {
    const query =
      '{ repository(owner: "acme", name: "web") { name forkCountz } }';
    await expect(env.alice.graphql(query)).rejects.toMatchObject({
      errors: [
        {
          path: ['query', 'repository', 'forkCountz'],
          extensions: {
            code: 'undefinedField',
            typeName: 'Repository',
            fieldName: 'forkCountz',
          },
          locations: [{ line: 1, column: 49 }],
          message: "Field 'forkCountz' doesn't exist on type 'Repository'",
        },
      ],
    });
    const raw = await postGraphql(env.sandbox, TOKENS.alice, { query });
    expect(raw.status).toBe(200);
    expect(raw.body).not.toHaveProperty('data');
  });

  it.each([
    [
      'query Broken { viewer { login }',
      {
        message: 'Unexpected end of document',
        locations: [{ line: 1, column: 32 }],
      },
    ],
    [
      '{ viewer { login } } }',
      {
        message: 'Parse error on "}" (RCURLY) at [1, 22]',
        locations: [{ line: 1, column: 22 }],
      },
    ],
    [
      'query Lookup { repository(owner: "acme") { name } }',
      {
        path: ['query Lookup', 'repository'],
        message: "Field 'repository' is missing required arguments: name",
        extensions: {
          code: 'missingRequiredArguments',
          className: 'Field',
          name: 'repository',
          arguments: 'name',
        },
      },
    ],
    [
      '{ repository(owner: "acme", name: "web", fork: true) { name } }',
      {
        message: "Field 'repository' doesn't accept argument 'fork'",
        extensions: { code: 'argumentNotAccepted', argumentName: 'fork' },
      },
    ],
    [
      '{ repository(owner: "acme", name: "web") }',
      {
        message:
          "Field must have selections (field 'repository' returns Repository but has no selections. Did you mean 'repository { ... }'?)",
        extensions: { code: 'selectionMismatch' },
      },
    ],
    [
      'query Unused($login: String!) { viewer { login } }',
      {
        message: 'Variable $login is declared by Unused but not used',
        extensions: { code: 'variableNotUsed', variableName: 'login' },
      },
    ],
    [
      '{ repository(owner: "acme", name: "web") { issues(first: "ten") { totalCount } } }',
      {
        message:
          "Argument 'first' on Field 'issues' has an invalid value (\"ten\"). Expected type 'Int'.",
        extensions: { code: 'argumentLiteralsIncompatible' },
      },
    ],
  ])('reports %s as GitHub does', async (query, error) => {
    const raw = await postGraphql(env.sandbox, TOKENS.alice, { query });
    expect(raw.status).toBe(200);
    expect(raw.body.errors).toMatchObject([error]);
  });

  it('reports bad variables before running anything', async () => {
    const query =
      'query Lookup($owner: String!, $first: Int) { repository(owner: $owner, name: "web") { issues(first: $first) { totalCount } } }';
    const missing = await postGraphql(env.sandbox, TOKENS.alice, { query });
    expect(missing.body).toEqual({
      errors: [
        expect.objectContaining({
          message: 'Variable $owner of type String! was provided invalid value',
          extensions: {
            value: null,
            problems: [
              { path: [], explanation: 'Expected value to not be null' },
            ],
          },
        }),
      ],
    });
    const wrongType = await postGraphql(env.sandbox, TOKENS.alice, {
      query,
      variables: { owner: 'acme', first: 'ten' },
    });
    expect(wrongType.body.errors).toMatchObject([
      {
        message: 'Variable $first of type Int was provided invalid value',
        extensions: { value: 'ten' },
      },
    ]);
    expect(wrongType.body).not.toHaveProperty('data');
  });

  it('names fields the sandbox does not implement instead of answering null', async () => {
    await expect(
      env.alice.graphql(
        '{ repository(owner: "acme", name: "web") { name stargazerCount } }',
      ),
    ).rejects.toMatchObject({
      errors: [
        {
          type: 'NOT_IMPLEMENTED',
          path: ['repository', 'stargazerCount'],
          message:
            "Field 'Repository.stargazerCount' is not implemented by the Callboard sandbox",
        },
      ],
    });
    await expect(
      env.alice.graphql(
        'mutation { addStar(input: {starrableId: "x"}) { clientMutationId } }',
      ),
    ).rejects.toMatchObject({
      errors: [
        {
          message:
            "Field 'Mutation.addStar' is not implemented by the Callboard sandbox",
        },
      ],
    });
  });

  it('enforces pagination boundaries like GitHub', async () => {
    await expect(
      env.alice.graphql(
        '{ repository(owner: "acme", name: "web") { issues { totalCount } } }',
      ),
    ).rejects.toMatchObject({
      errors: [
        {
          type: 'MISSING_PAGINATION_BOUNDARIES',
          message:
            'You must provide a `first` or `last` value to properly paginate the `issues` connection.',
        },
      ],
    });
    await expect(
      env.alice.graphql(
        '{ repository(owner: "acme", name: "web") { issues(first: 101) { totalCount } } }',
      ),
    ).rejects.toMatchObject({
      errors: [
        {
          type: 'EXCESSIVE_PAGINATION',
          message:
            'Requesting 101 records on the `issues` connection exceeds the `first` limit of 100 records.',
        },
      ],
    });
  });

  it('requires authentication', async () => {
    await expect(
      env.anonymous.graphql('{ viewer { login } }'),
    ).rejects.toMatchObject({
      status: 401,
      response: {
        data: {
          message: 'This endpoint requires you to be authenticated.',
          documentation_url:
            'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql',
        },
      },
    });
    const badToken = await postGraphql(env.sandbox, 'nope', {
      query: '{ viewer { login } }',
    });
    expect(badToken).toMatchObject({
      status: 401,
      body: { message: 'Bad credentials' },
    });
  });

  it('spends the separate graphql rate-limit budget, one point per request', async () => {
    const before = await postGraphql(env.sandbox, TOKENS.bob, {
      query: '{ rateLimit { limit cost remaining used resetAt } }',
    });
    const reset = Number(before.headers.get('x-ratelimit-reset'));
    expect(before.body.data).toEqual({
      rateLimit: {
        limit: 5000,
        cost: 1,
        remaining: 4999,
        used: 1,
        resetAt: new Date(reset * 1000).toISOString().replace('.000Z', 'Z'),
      },
    });
    expect(before.headers.get('x-ratelimit-resource')).toBe('graphql');
    expect(before.headers.get('x-ratelimit-remaining')).toBe('4999');
    await env.bob.rest.users.getAuthenticated();
    const after = await postGraphql(env.sandbox, TOKENS.bob, {
      query: '{ viewer { login } }',
    });
    expect(after.headers.get('x-ratelimit-used')).toBe('2');
    const core = await env.bob.rest.rateLimit.get();
    expect(core.data.rate.used).toBe(1);
  });

  it('answers RATE_LIMITED once the budget is spent', async () => {
    env.sandbox.faults.setRateLimit({ remaining: 0 });
    const raw = await postGraphql(env.sandbox, TOKENS.alice, {
      query: '{ viewer { login } }',
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(raw.body).toEqual({
      errors: [
        {
          type: 'RATE_LIMITED',
          message: expect.stringMatching(
            /^API rate limit exceeded for user ID \d+\.$/,
          ),
        },
      ],
    });
  });

  it('serves /graphql too, counts requests and honours injected faults', async () => {
    env.sandbox.requestCount.reset();
    const alias = await postGraphql(
      env.sandbox,
      TOKENS.alice,
      { query: '{ viewer { login } }' },
      '/graphql',
    );
    expect(alias.body.data).toEqual({ viewer: { login: 'alice' } });
    env.sandbox.faults.failNext({ path: '/graphql', status: 502 });
    await expect(
      env.alice.graphql('{ viewer { login } }'),
    ).rejects.toMatchObject({ status: 502 });
    expect(env.sandbox.requestCount.count('POST /graphql')).toBe(2);
  });

  it('sees a commit pushed with git through history and object expressions', async () => {
    const dir = await temporaryDirectory();
    await git(
      [
        'clone',
        authenticatedCloneUrl(env.sandbox, 'acme/web', TOKENS.alice),
        'web',
      ],
      dir,
    );
    const work = path.join(dir, 'web');
    await fs.writeFile(
      path.join(work, 'CHANGELOG.md'),
      '# Changes\n- pushed\n',
    );
    await git(['add', 'CHANGELOG.md'], work);
    await git(['commit', '-m', 'Add changelog'], work);
    await git(['push', 'origin', 'HEAD:main'], work);
    const { stdout } = await git(['rev-parse', 'HEAD'], work);

    const data = await env.alice.graphql<{
      repository: {
        defaultBranchRef: {
          target: {
            history: {
              totalCount: number;
              nodes: Array<Record<string, unknown>>;
            };
          };
        };
        object: { text: string };
      };
    }>(`{
      repository(owner: "acme", name: "web") {
        defaultBranchRef { target { ... on Commit {
          history(first: 1) {
            totalCount
            nodes { oid message additions deletions author { name email user { login } } }
          }
        } } }
        object(expression: "HEAD:CHANGELOG.md") { ... on Blob { text } }
      }
    }`);
    expect(data.repository.defaultBranchRef.target.history).toEqual({
      totalCount: 2,
      nodes: [
        {
          oid: stdout.trim(),
          message: 'Add changelog',
          additions: 2,
          deletions: 0,
          author: {
            name: 'Alice Admin',
            email: 'alice@example.com',
            user: { login: 'alice' },
          },
        },
      ],
    });
    expect(data.repository.object.text).toBe('# Changes\n- pushed\n');
  });
});
