import {
  startTestSandbox,
  TestSandbox,
  TOKENS,
} from '../../__testUtils__/testSandbox';

jest.setTimeout(30_000);

const HOSTILE = '<script>alert("x")</script>';

describe('the sandbox GitHub web pages', () => {
  let env: TestSandbox;
  let mainSha: string;
  let pullNumber: number;

  // Prettier lays out the pages' html`` templates, so a tag may close on the next line
  // (`<a href="…"\n>docs/</a\n>`); a browser reads it the same, and so do these assertions.
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${env.sandbox.url}${path}`, {
      headers: { accept: 'text/html', ...headers },
      redirect: 'manual',
    });
    const body = await response.text();
    return new Response(
      [101, 204, 205, 304].includes(response.status)
        ? null
        : body.replace(/\s+>/g, '>'),
      { status: response.status, headers: response.headers },
    );
  };

  beforeAll(async () => {
    env = await startTestSandbox({
      users: [
        // The site admin the pages render as when no token is sent.
        { login: 'octocat', name: 'The Octocat', siteAdmin: true },
        { login: 'alice', name: 'Alice Admin', email: 'alice@example.com' },
        { login: 'bob', name: 'Bob Builder' },
        { login: 'mallory', name: 'Mallory' },
      ],
    });
    await env.alice.rest.repos.createInOrg({
      org: 'acme',
      name: 'orders',
      description: `Orders ${HOSTILE}`,
      visibility: 'private',
      auto_init: true,
    });
    const commit = await env.sandbox.store.git.commitToBranch({
      owner: 'acme',
      repo: 'orders',
      branch: 'main',
      message: `Add docs ${HOSTILE}\n\nWhy: the body of the message.`,
      pusher: 'alice',
      changes: [
        {
          path: 'README.md',
          content: `# Orders service\n\nSee [the guide](docs/guide.md) and [home](https://example.com).\n\n${HOSTILE}\n\n[bad](javascript:alert(1))\n`,
        },
        { path: 'docs/guide.md', content: '# Guide\n\nStep one.\n' },
        { path: `src/${'<b>'}.ts`, content: `const x = '${HOSTILE}';\n` },
      ],
    });
    mainSha = commit.sha;
    await env.sandbox.store.git.commitToBranch({
      owner: 'acme',
      repo: 'orders',
      branch: 'feature/db',
      startFrom: 'main',
      message: 'Request a database',
      pusher: 'alice',
      changes: [{ path: 'claims/orders-db.yaml', content: 'kind: Claim\n' }],
    });
    const pull = await env.alice.rest.pulls.create({
      owner: 'acme',
      repo: 'orders',
      title: `Database for orders ${HOSTILE}`,
      head: 'feature/db',
      base: 'main',
      body: `Adds a **claim**.\n\n${HOSTILE}`,
    });
    pullNumber = pull.data.number;
  });

  afterAll(async () => {
    await env.close();
  });

  it('shows a repository with its file tree and rendered README', async () => {
    const response = await get('/acme/orders');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const body = await response.text();
    expect(body).toContain('<h1>Orders service</h1>');
    expect(body).toContain('href="/acme/orders/tree/main/docs">docs/</a>');
    expect(body).toContain('href="/acme/orders/blob/main/README.md"');
    // Relative links resolve to the blob page; absolute ones stay as they are.
    expect(body).toContain('href="/acme/orders/blob/main/docs/guide.md"');
    expect(body).toContain('href="https://example.com"');
  });

  it('escapes what the repository contains, README included', async () => {
    const body = await (await get('/acme/orders')).text();
    expect(body).not.toContain(HOSTILE);
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(body).toContain('Orders &lt;script&gt;');
    expect(body).not.toContain('href="javascript:');
    const folder = await (await get('/acme/orders/tree/main/src')).text();
    expect(folder).toContain(
      '<a href="/acme/orders/blob/main/src/%3Cb%3E.ts">&lt;b&gt;.ts</a>',
    );
  });

  it('sends a clone URL opened in a browser to the repository page', async () => {
    const response = await get('/acme/orders.git');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/acme/orders');
  });

  it('lists a folder of a branch', async () => {
    const response = await get('/acme/orders/tree/main/docs');
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('href="/acme/orders/blob/main/docs/guide.md"');
    expect(body).not.toContain('claims');
  });

  it('resolves branch names that contain slashes', async () => {
    const response = await get('/acme/orders/tree/feature/db/claims');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(
      'href="/acme/orders/blob/feature/db/claims/orders-db.yaml"',
    );
  });

  it('shows a file, escaped, and renders markdown files', async () => {
    const code = await get(
      `/acme/orders/blob/main/src/${encodeURIComponent('<b>')}.ts`,
    );
    expect(code.status).toBe(200);
    const codeBody = await code.text();
    expect(codeBody).toContain(
      // Quotes inside text need no escaping; every attribute is double-quoted.
      "<pre>const x = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;';",
    );
    expect(codeBody).not.toContain(HOSTILE);

    const guide = await (
      await get('/acme/orders/blob/main/docs/guide.md')
    ).text();
    expect(guide).toContain('<h1>Guide</h1>');
  });

  it('shows a commit with its message and the files it changed', async () => {
    const response = await get(`/acme/orders/commit/${mainSha}`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('<h1>Add docs &lt;script&gt;');
    expect(body).toContain('Why: the body of the message.');
    expect(body).toContain('Files changed (3)');
    expect(body).toContain('+# Guide');
    expect(body).not.toContain(HOSTILE);
  });

  it('shows a pull request with its state, description and files changed', async () => {
    const response = await get(`/acme/orders/pull/${pullNumber}`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('Database for orders &lt;script&gt;');
    expect(body).toContain('<span class="state open">Open</span>');
    expect(body).toContain('<strong>claim</strong>');
    expect(body).toContain('Files changed (1)');
    expect(body).toContain('claims/orders-db.yaml');
    expect(body).not.toContain(HOSTILE);
  });

  it('shows a closed pull request as closed', async () => {
    await env.alice.rest.pulls.update({
      owner: 'acme',
      repo: 'orders',
      pull_number: pullNumber,
      state: 'closed',
    });
    const body = await (await get(`/acme/orders/pull/${pullNumber}`)).text();
    expect(body).toContain('<span class="state closed">Closed</span>');
    await env.alice.rest.pulls.update({
      owner: 'acme',
      repo: 'orders',
      pull_number: pullNumber,
      state: 'open',
    });
  });

  it('sends the edit link TechDocs shows to the read-only file page', async () => {
    const response = await get('/acme/orders/edit/main/docs/guide.md');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(
      '/acme/orders/blob/main/docs/guide.md',
    );
  });

  it.each([
    ['an unknown repository', '/acme/nope'],
    ['an unknown branch', '/acme/orders/tree/nope/docs'],
    ['an unknown folder', '/acme/orders/tree/main/nope'],
    ['a folder as a file', '/acme/orders/blob/main/docs'],
    ['an unknown file', '/acme/orders/blob/main/nope.md'],
    [
      'an unknown commit',
      '/acme/orders/commit/0123456789abcdef0123456789abcdef01234567',
    ],
    ['an unknown pull request', '/acme/orders/pull/999'],
    ['a pull request number that is not a number', '/acme/orders/pull/abc'],
    ['a path no page serves', '/acme/orders/settings'],
  ])('answers %s with an HTML 404 page', async (_, path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toContain('<h1>404</h1>');
  });

  it('hides private repositories from a token that cannot see them', async () => {
    const response = await get('/acme/orders', {
      authorization: `token ${TOKENS.mallory}`,
    });
    expect(response.status).toBe(404);
  });

  it('keeps answering API clients with plain text', async () => {
    const response = await fetch(`${env.sandbox.url}/nowhere`, {
      headers: { accept: '*/*' },
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('Not Found');
  });
});
