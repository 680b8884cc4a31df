import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import request from 'supertest';
import {
  startTestSandbox,
  TestSandbox,
  TOKENS,
} from '../../__testUtils__/testSandbox';

const execFileAsync = promisify(execFile);
const owner = 'acme';

describe('git data and contents', () => {
  let env: TestSandbox;
  let mainSha: string;
  let baseTree: string;

  const repo = 'data';
  const refOf = (name = repo) => ({ owner, repo: name });

  beforeAll(async () => {
    env = await startTestSandbox();
    await env.alice.rest.repos.createInOrg({
      org: owner,
      name: repo,
      auto_init: true,
    });
    await env.alice.rest.repos.createInOrg({ org: owner, name: 'blank' });
    await env.sandbox.store.git.commitToBranch({
      ...refOf(),
      branch: 'main',
      message: 'Layout',
      pusher: 'alice',
      changes: [
        { path: 'docs/a.md', content: 'a\n' },
        { path: 'docs/deep/b.md', content: 'b\n' },
        { path: 'bin/run', content: '#!/bin/sh\n', mode: '100755' },
      ],
    });
    mainSha = (
      await env.alice.rest.git.getRef({ ...refOf(), ref: 'heads/main' })
    ).data.object.sha;
    baseTree = (
      await env.alice.rest.git.getCommit({ ...refOf(), commit_sha: mainSha })
    ).data.tree.sha;
  });

  afterAll(async () => {
    await env.close();
  });

  it('builds trees on a base tree, including deletions and nested paths', async () => {
    const tree = await env.alice.rest.git.createTree({
      ...refOf(),
      base_tree: baseTree,
      tree: [
        { path: 'docs/deep/b.md', mode: '100644', type: 'blob', sha: null },
        { path: 'docs/new/c.md', mode: '100644', type: 'blob', content: 'c\n' },
      ],
    });
    const listed = await env.alice.rest.git.getTree({
      ...refOf(),
      tree_sha: tree.data.sha,
      recursive: 'true',
    });
    expect(
      listed.data.tree.map(entry => `${entry.type} ${entry.path}`),
    ).toEqual([
      'blob README.md',
      'tree bin',
      'blob bin/run',
      'tree docs',
      'blob docs/a.md',
      'tree docs/new',
      'blob docs/new/c.md',
    ]);
  });

  it('writes objects git itself accepts (fsck --strict)', async () => {
    const commit = await env.alice.rest.git.createCommit({
      ...refOf(),
      message: 'Checked by fsck',
      tree: baseTree,
      parents: [mainSha],
      author: {
        name: 'Zoë Ünicode',
        email: 'zoe@example.com',
        date: '2022-05-06T07:08:09+05:30',
      },
    });
    await env.alice.rest.git.createRef({
      ...refOf(),
      ref: 'refs/heads/fsck',
      sha: commit.data.sha,
    });
    const gitDir = env.sandbox.store.git.repository(refOf()).gitDir;
    await expect(
      execFileAsync('git', [`--git-dir=${gitDir}`, 'fsck', '--strict']),
    ).resolves.toBeTruthy();
    const { stdout } = await execFileAsync('git', [
      `--git-dir=${gitDir}`,
      'log',
      '-1',
      '--format=%an|%aI',
      'fsck',
    ]);
    expect(stdout.trim()).toBe('Zoë Ünicode|2022-05-06T07:08:09+05:30');
    expect(commit.data.author.date).toBe('2022-05-06T01:38:09Z');
  });

  it.each([
    [
      'an existing ref',
      () =>
        env.alice.rest.git.createRef({
          ...refOf(),
          ref: 'refs/heads/main',
          sha: mainSha,
        }),
      422,
      'Reference already exists',
    ],
    [
      'a ref name without refs/',
      () =>
        env.alice.rest.git.createRef({
          ...refOf(),
          ref: 'heads/x',
          sha: mainSha,
        }),
      422,
      "Reference name must start with 'refs/' and have at least two slashes.",
    ],
    [
      'a ref to a missing object',
      () =>
        env.alice.rest.git.createRef({
          ...refOf(),
          ref: 'refs/heads/y',
          sha: 'f'.repeat(40),
        }),
      422,
      'Object does not exist',
    ],
    [
      'deleting a missing ref',
      () => env.alice.rest.git.deleteRef({ ...refOf(), ref: 'heads/nope' }),
      422,
      'Reference does not exist',
    ],
    [
      'deleting a path the base tree lacks',
      () =>
        env.alice.rest.git.createTree({
          ...refOf(),
          base_tree: baseTree,
          tree: [
            { path: 'ghost.txt', mode: '100644', type: 'blob', sha: null },
          ],
        }),
      422,
      'GitRPC::BadObjectState',
    ],
    [
      'a commit on a missing tree',
      () =>
        env.alice.rest.git.createCommit({
          ...refOf(),
          message: 'x',
          tree: 'e'.repeat(40),
          parents: [],
        }),
      422,
      'Tree SHA does not exist',
    ],
    [
      'a blob in an empty repository',
      () => env.alice.rest.git.createBlob({ ...refOf('blank'), content: 'x' }),
      409,
      'Git Repository is empty.',
    ],
  ])('refuses %s', async (_case, call, status, message) => {
    await expect(call()).rejects.toMatchObject({
      status,
      response: { data: { message } },
    });
  });

  it('refuses a non-fast-forward ref update unless forced', async () => {
    const side = await env.alice.rest.git.createCommit({
      ...refOf(),
      message: 'Side',
      tree: baseTree,
      parents: [],
    });
    await env.alice.rest.git.createRef({
      ...refOf(),
      ref: 'refs/heads/moving',
      sha: mainSha,
    });
    await expect(
      env.alice.rest.git.updateRef({
        ...refOf(),
        ref: 'heads/moving',
        sha: side.data.sha,
      }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Update is not a fast forward' } },
    });
    const forced = await env.alice.rest.git.updateRef({
      ...refOf(),
      ref: 'heads/moving',
      sha: side.data.sha,
      force: true,
    });
    expect(forced.data.object.sha).toBe(side.data.sha);
  });

  it('serves file contents as JSON, raw bytes, directory listings and 404s', async () => {
    const file = await env.alice.rest.repos.getContent({
      ...refOf(),
      path: 'docs/a.md',
    });
    expect(file.data).toMatchObject({
      type: 'file',
      encoding: 'base64',
      size: 2,
      path: 'docs/a.md',
    });
    expect(
      Buffer.from(
        (file.data as { content: string }).content,
        'base64',
      ).toString(),
    ).toBe('a\n');
    const raw = await env.alice.rest.repos.getContent({
      ...refOf(),
      path: 'bin/run',
      mediaType: { format: 'raw' },
    });
    expect(raw.data).toBe('#!/bin/sh\n');
    const listing = await env.alice.rest.repos.getContent({
      ...refOf(),
      path: 'docs',
    });
    expect(
      (listing.data as Array<{ name: string; type: string }>).map(entry => [
        entry.name,
        entry.type,
      ]),
    ).toEqual([
      ['a.md', 'file'],
      ['deep', 'dir'],
    ]);
    await expect(
      env.alice.rest.repos.getContent({ ...refOf(), path: 'nope.md' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      env.alice.rest.repos.getContent({ ...refOf('blank'), path: 'x' }),
    ).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'This repository is empty.' } },
    });
  });

  it.each([
    [
      'without the current sha',
      undefined,
      422,
      'Invalid request.\n\n"sha" wasn\'t supplied.',
    ],
    [
      'with a stale sha',
      'a'.repeat(40),
      409,
      `docs/a.md does not match ${'a'.repeat(40)}`,
    ],
  ])('refuses to overwrite a file %s', async (_case, sha, status, message) => {
    await expect(
      env.alice.rest.repos.createOrUpdateFileContents({
        ...refOf(),
        path: 'docs/a.md',
        message: 'overwrite',
        content: Buffer.from('z').toString('base64'),
        ...(sha ? { sha } : {}),
      }),
    ).rejects.toMatchObject({ status, response: { data: { message } } });
  });

  it('creates the first commit of an empty repository through the contents API', async () => {
    const created = await env.alice.rest.repos.createOrUpdateFileContents({
      ...refOf('blank'),
      path: '.gitkeep',
      message: 'initialize repository',
      content: '',
      branch: 'trunk',
    });
    expect(created.status).toBe(201);
    expect(created.data.commit.parents).toEqual([]);
    const blank = await env.alice.rest.repos.get(refOf('blank'));
    expect(blank.data.default_branch).toBe('trunk');
  });

  it('redirects tarball requests to an archive laid out like GitHub', async () => {
    const redirect = await request(env.sandbox.url)
      .get(`/api/v3/repos/acme/${repo}/tarball/main`)
      .set('authorization', `token ${TOKENS.alice}`);
    expect(redirect.status).toBe(302);
    const archive = await request(redirect.headers.location)
      .get('')
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(archive.headers['content-type']).toBe('application/x-gzip');
    const listing = await new Promise<string>((resolve, reject) => {
      const tar = execFile('tar', ['-tzf', '-'], (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      );
      tar.stdin!.end(archive.body);
    });
    const prefix = `acme-${repo}-${mainSha.slice(0, 7)}/`;
    expect(listing.split('\n')).toEqual(
      expect.arrayContaining([
        prefix,
        `${prefix}docs/deep/b.md`,
        `${prefix}bin/run`,
      ]),
    );
  });
});
