import request from 'supertest';
import {
  startTestSandbox,
  TestSandbox,
  TOKENS,
} from '../__testUtils__/testSandbox';

const DOCS = 'https://docs.github.com/rest';

describe('REST error responses', () => {
  let env: TestSandbox;
  let api: () => ReturnType<typeof request>;

  beforeAll(async () => {
    env = await startTestSandbox();
    api = () => request(env.sandbox.url);
    await env.alice.rest.repos.createInOrg({
      org: 'acme',
      name: 'taken',
      auto_init: true,
    });
    await env.alice.rest.repos.createInOrg({
      org: 'acme',
      name: 'hidden',
      visibility: 'private',
    });
    await env.alice.rest.repos.createInOrg({ org: 'acme', name: 'bare' });
  });

  afterAll(async () => {
    await env.close();
  });

  it.each([
    ['an unknown REST route', '/api/v3/nope/nothing'],
    ['an unknown method on a known path', '/api/v3/rate_limit', 'DELETE'],
    ['an API path outside v3', '/api/uploads/nothing', 'POST'],
  ])('answers %s with 404 Not Found', async (_case, path, method = 'GET') => {
    const response = await api()
      [method.toLowerCase() as 'get'](path)
      .set('authorization', `token ${TOKENS.alice}`);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      message: 'Not Found',
      documentation_url: DOCS,
      status: '404',
    });
  });

  it('answers malformed JSON with 400 Problems parsing JSON', async () => {
    const response = await api()
      .post('/api/v3/orgs/acme/repos')
      .set('authorization', `token ${TOKENS.alice}`)
      .set('content-type', 'application/json')
      .send('{"name": "broken",');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      message: 'Problems parsing JSON',
      documentation_url: DOCS,
      status: '400',
    });
  });

  it('answers an unauthenticated write with 401 Requires authentication', async () => {
    const response = await api()
      .post('/api/v3/orgs/acme/repos')
      .send({ name: 'anon' });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      message: 'Requires authentication',
      documentation_url: DOCS,
      status: '401',
    });
  });

  it('answers an unknown token with 401 Bad credentials', async () => {
    const response = await api()
      .get('/api/v3/user')
      .set('authorization', 'Bearer wrong');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      message: 'Bad credentials',
      documentation_url: DOCS,
      status: '401',
    });
  });

  it('answers a duplicate repository with 422 Validation Failed', async () => {
    const response = await api()
      .post('/api/v3/orgs/acme/repos')
      .set('authorization', `token ${TOKENS.alice}`)
      .send({ name: 'taken' });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'Repository',
          code: 'custom',
          field: 'name',
          message: 'name already exists on this account',
        },
      ],
      documentation_url: DOCS,
      status: '422',
    });
  });

  it.each([
    [
      'a missing required field',
      {},
      'Invalid request.\n\n"name" wasn\'t supplied.',
    ],
    [
      'a field of the wrong type',
      { name: 42 },
      "Invalid request.\n\nFor 'properties/name', 42 is not a string.",
    ],
  ])('answers %s with 422 Invalid request', async (_case, body, message) => {
    const response = await api()
      .post('/api/v3/user/repos')
      .set('authorization', `token ${TOKENS.alice}`)
      .send(body);
    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      message,
      documentation_url: DOCS,
      status: '422',
    });
  });

  it.each([
    ['anonymous callers', undefined],
    ['outsiders', TOKENS.mallory],
  ])('hides private repositories from %s', async (_who, token) => {
    const call = api().get('/api/v3/repos/acme/hidden');
    const response = await (token
      ? call.set('authorization', `token ${token}`)
      : call);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      message: 'Not Found',
      documentation_url: DOCS,
      status: '404',
    });
  });

  it('refuses admin operations to members without admin rights', async () => {
    const response = await api()
      .put('/api/v3/repos/acme/taken/branches/main/protection')
      .set('authorization', `token ${TOKENS.bob}`)
      .send({
        required_status_checks: null,
        enforce_admins: null,
        required_pull_request_reviews: null,
        restrictions: null,
      });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      message: 'Must have admin rights to Repository.',
      documentation_url: DOCS,
      status: '403',
    });
  });

  it('answers git data requests on an empty repository with 409', async () => {
    const response = await api()
      .get('/api/v3/repos/acme/bare/git/ref/heads/main')
      .set('authorization', `token ${TOKENS.alice}`);
    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      message: 'Git Repository is empty.',
      documentation_url: DOCS,
      status: '409',
    });
  });

  it('adds rate-limit headers to error responses too', async () => {
    const response = await api()
      .get('/api/v3/nope')
      .set('authorization', `token ${TOKENS.alice}`);
    expect(response.headers).toMatchObject({
      'x-ratelimit-limit': '5000',
      'x-ratelimit-resource': 'core',
      'content-type': 'application/json; charset=utf-8',
    });
  });
});

describe('REST pagination', () => {
  let env: TestSandbox;

  beforeAll(async () => {
    env = await startTestSandbox();
    await env.alice.rest.repos.createInOrg({ org: 'acme', name: 'labels' });
  });

  afterAll(async () => {
    await env.close();
  });

  it.each([
    [1, ['next', 'last']],
    [2, ['prev', 'next', 'last', 'first']],
    [3, ['prev', 'first']],
  ])(
    'links page %i of nine labels four at a time as %j',
    async (page, relations) => {
      const response = await request(env.sandbox.url)
        .get(`/api/v3/repos/acme/labels/labels?per_page=4&page=${page}`)
        .set('authorization', `token ${TOKENS.alice}`);
      expect(response.body).toHaveLength(page === 3 ? 1 : 4);
      const links = String(response.headers.link)
        .split(', ')
        .map(link => /<(.+)>; rel="(\w+)"/.exec(link)!);
      expect(links.map(link => link[2])).toEqual(relations);
      for (const [, url] of links) {
        expect(url).toMatch(
          new RegExp(
            `^${env.sandbox.apiBaseUrl}/repos/acme/labels/labels\\?per_page=4&page=\\d$`,
          ),
        );
      }
    },
  );

  it('lets octokit walk every page', async () => {
    const labels = await env.alice.paginate(
      env.alice.rest.issues.listLabelsForRepo,
      {
        owner: 'acme',
        repo: 'labels',
        per_page: 2,
      },
    );
    expect(labels).toHaveLength(9);
    expect(labels[0].name).toBe('bug');
  });

  it('pages commit history with a next link until it runs out', async () => {
    const { store } = env.sandbox;
    for (let index = 0; index < 5; index++) {
      await store.git.commitToBranch({
        owner: 'acme',
        repo: 'labels',
        branch: 'main',
        message: `commit ${index}`,
        changes: [{ path: 'counter.txt', content: String(index) }],
        pusher: 'alice',
      });
    }
    const commits = await env.alice.paginate(env.alice.rest.repos.listCommits, {
      owner: 'acme',
      repo: 'labels',
      per_page: 2,
    });
    expect(commits.map(commit => commit.commit.message)).toEqual([
      'commit 4',
      'commit 3',
      'commit 2',
      'commit 1',
      'commit 0',
    ]);
  });
});
