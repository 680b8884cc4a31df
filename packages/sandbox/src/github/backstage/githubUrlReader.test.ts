import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { recordingLogger, sandboxConfig } from '../__testUtils__/backstage';
import {
  startTestSandbox,
  TestSandbox,
  TOKENS,
} from '../__testUtils__/testSandbox';

jest.setTimeout(30_000);

type UrlReader = ReturnType<typeof UrlReaders.default>;

describe("Backstage's GitHub URL reader against the sandbox", () => {
  let env: TestSandbox;
  let withToken: UrlReader;
  let anonymous: UrlReader;

  const blobUrl = (repo: string, path: string, ref = 'main') =>
    `${env.sandbox.url}/acme/${repo}/blob/${ref}/${path}`;

  beforeAll(async () => {
    env = await startTestSandbox();
    const logger = recordingLogger();
    withToken = UrlReaders.default({
      config: sandboxConfig(env.sandbox, TOKENS.alice),
      logger,
    });
    anonymous = UrlReaders.default({
      config: sandboxConfig(env.sandbox),
      logger,
    });
    for (const [name, visibility] of [
      ['site', 'public'],
      ['vault', 'private'],
    ] as const) {
      await env.alice.rest.repos.createInOrg({
        org: 'acme',
        name,
        visibility,
        auto_init: true,
      });
      await env.sandbox.store.git.commitToBranch({
        owner: 'acme',
        repo: name,
        branch: 'main',
        message: 'Add catalog and docs',
        pusher: 'alice',
        changes: [
          {
            path: 'catalog-info.yaml',
            content: `metadata:\n  name: ${name}\n`,
          },
          { path: 'docs/index.md', content: '# Index\n' },
          { path: 'docs/guides/setup.md', content: '# Setup\n' },
          { path: 'docs/guides/api.yaml', content: 'openapi: 3.0.0\n' },
        ],
      });
    }
    await env.sandbox.store.git.commitToBranch({
      owner: 'acme',
      repo: 'site',
      branch: 'release/v1',
      startFrom: 'main',
      message: 'Release branch',
      pusher: 'alice',
      changes: [
        { path: 'catalog-info.yaml', content: 'metadata:\n  name: site-v1\n' },
      ],
    });
  });

  afterAll(async () => {
    await env.close();
  });

  it.each([
    [
      'with a token (contents API)',
      () => withToken,
      'GET /repos/{owner}/{repo}/contents/{path}',
    ],
    [
      'anonymously (raw endpoint)',
      () => anonymous,
      'GET /raw/{owner}/{repo}/{ref}/{path}',
    ],
  ])('readUrl reads a file %s', async (_how, reader, route) => {
    env.sandbox.requestCount.reset();
    const response = await reader().readUrl(
      blobUrl('site', 'catalog-info.yaml'),
    );
    expect((await response.buffer()).toString()).toBe(
      'metadata:\n  name: site\n',
    );
    expect(response.etag).toBeTruthy();
    expect(env.sandbox.requestCount.count(route)).toBe(1);
  });

  it('readUrl resolves refs that contain slashes', async () => {
    const response = await anonymous.readUrl(
      blobUrl('site', 'catalog-info.yaml', 'release/v1'),
    );
    expect((await response.buffer()).toString()).toBe(
      'metadata:\n  name: site-v1\n',
    );
  });

  it.each([
    ['with a token', () => withToken],
    ['anonymously', () => anonymous],
  ])(
    'readUrl answers NotModified for an unchanged etag %s',
    async (_how, reader) => {
      const first = await reader().readUrl(
        blobUrl('site', 'catalog-info.yaml'),
      );
      await expect(
        reader().readUrl(blobUrl('site', 'catalog-info.yaml'), {
          etag: first.etag,
        }),
      ).rejects.toMatchObject({ name: 'NotModifiedError' });
    },
  );

  it('readUrl reports missing files as NotFound', async () => {
    await expect(
      withToken.readUrl(blobUrl('site', 'nope.yaml')),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('readUrl reads private repositories only with a token', async () => {
    const response = await withToken.readUrl(
      blobUrl('vault', 'catalog-info.yaml'),
    );
    expect((await response.buffer()).toString()).toContain('vault');
    await expect(
      anonymous.readUrl(blobUrl('vault', 'catalog-info.yaml')),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('readTree downloads a subtree of the tarball at the branch head', async () => {
    const tree = await withToken.readTree(
      `${env.sandbox.url}/acme/site/tree/main/docs`,
    );
    const files = await tree.files();
    const contents = Object.fromEntries(
      await Promise.all(
        files.map(
          async file => [file.path, (await file.content()).toString()] as const,
        ),
      ),
    );
    expect(contents).toEqual({
      'index.md': '# Index\n',
      'guides/setup.md': '# Setup\n',
      'guides/api.yaml': 'openapi: 3.0.0\n',
    });
    const head = await env.alice.rest.repos.getBranch({
      owner: 'acme',
      repo: 'site',
      branch: 'main',
    });
    expect(tree.etag).toBe(head.data.commit.sha);
    await expect(
      withToken.readTree(`${env.sandbox.url}/acme/site/tree/main/docs`, {
        etag: tree.etag,
      }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
  });

  it('readTree works without a ref by asking for the default branch', async () => {
    const tree = await withToken.readTree(`${env.sandbox.url}/acme/vault`);
    const paths = (await tree.files()).map(file => file.path).sort();
    expect(paths).toEqual([
      'README.md',
      'catalog-info.yaml',
      'docs/guides/api.yaml',
      'docs/guides/setup.md',
      'docs/index.md',
    ]);
  });

  it('search finds files by glob through the recursive tree and blob endpoints', async () => {
    const result = await withToken.search(
      `${env.sandbox.url}/acme/site/blob/main/**/*.yaml`,
    );
    const found = await Promise.all(
      result.files.map(async file => [
        file.url,
        (await file.content()).toString(),
      ]),
    );
    expect(found.sort()).toEqual([
      [blobUrl('site', 'catalog-info.yaml'), 'metadata:\n  name: site\n'],
      [blobUrl('site', 'docs/guides/api.yaml'), 'openapi: 3.0.0\n'],
    ]);
  });

  it('surfaces an exhausted rate limit the way GitHub reports it', async () => {
    env.sandbox.faults.setRateLimit({ remaining: 0 });
    try {
      await expect(
        withToken.readUrl(blobUrl('site', 'catalog-info.yaml')),
      ).rejects.toThrow(/403 Forbidden \(rate limit exceeded\)/);
    } finally {
      env.sandbox.faults.reset();
    }
  });
});
