import { promises as fs } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import isomorphicGit from 'isomorphic-git';
import isomorphicHttp from 'isomorphic-git/http/node';
import request from 'supertest';
import {
  authenticatedCloneUrl,
  git,
  startTestSandbox,
  temporaryDirectory,
  TestSandbox,
  TOKENS,
} from '../__testUtils__/testSandbox';
import type { GitHubEvent } from '../store/events';

jest.setTimeout(30_000);

function pktLine(line: string): string {
  return `${(line.length + 4).toString(16).padStart(4, '0')}${line}`;
}

describe('git smart HTTP', () => {
  let env: TestSandbox;
  let workDir: string;
  const events: GitHubEvent[] = [];

  beforeAll(async () => {
    env = await startTestSandbox();
    env.sandbox.store.onEvent(event => events.push(event));
    await env.alice.rest.repos.createInOrg({
      org: 'acme',
      name: 'app',
      auto_init: true,
    });
    await env.alice.rest.repos.createInOrg({ org: 'acme', name: 'empty' });
    await env.alice.rest.repos.createInOrg({
      org: 'acme',
      name: 'secret',
      visibility: 'private',
      auto_init: true,
    });
    for (const repo of ['app', 'empty']) {
      await env.alice.rest.teams.addOrUpdateRepoPermissionsInOrg({
        org: 'acme',
        team_slug: 'platform',
        owner: 'acme',
        repo,
        permission: 'push',
      });
    }
  });

  beforeEach(async () => {
    workDir = await temporaryDirectory();
    events.length = 0;
  });

  afterEach(async () => {
    await fs.rm(workDir, { recursive: true, force: true });
  });

  afterAll(async () => {
    await env.close();
  });

  it('clones a public repository anonymously with the same history the API reports', async () => {
    await git(['clone', `${env.sandbox.url}/acme/app.git`, 'app'], workDir);
    const { stdout } = await git(
      ['log', '--format=%H'],
      path.join(workDir, 'app'),
    );
    const commits = await env.anonymous.rest.repos.listCommits({
      owner: 'acme',
      repo: 'app',
    });
    expect(stdout.trim().split('\n')).toEqual(
      commits.data.map(commit => commit.sha),
    );
    await expect(
      fs.readFile(path.join(workDir, 'app', 'README.md'), 'utf8'),
    ).resolves.toBe('# app\n');
  });

  it('makes a pushed commit visible through refs, commits and contents at once', async () => {
    const checkout = path.join(workDir, 'app');
    await git(
      [
        'clone',
        authenticatedCloneUrl(env.sandbox, 'acme/app', TOKENS.alice),
        checkout,
      ],
      workDir,
    );
    await fs.writeFile(path.join(checkout, 'service.yaml'), 'name: app\n');
    await git(['add', '.'], checkout);
    await git(['commit', '-m', 'Describe the service'], checkout);
    await git(['push', 'origin', 'main'], checkout);
    const head = (await git(['rev-parse', 'HEAD'], checkout)).stdout.trim();

    const ref = await env.alice.rest.git.getRef({
      owner: 'acme',
      repo: 'app',
      ref: 'heads/main',
    });
    expect(ref.data.object.sha).toBe(head);
    const commit = await env.alice.rest.repos.getCommit({
      owner: 'acme',
      repo: 'app',
      ref: head,
    });
    expect(commit.data.commit.message).toBe('Describe the service');
    expect(commit.data.author?.login).toBe('alice');
    const file = await env.alice.rest.repos.getContent({
      owner: 'acme',
      repo: 'app',
      path: 'service.yaml',
      mediaType: { format: 'raw' },
    });
    expect(file.data).toBe('name: app\n');
    expect(events).toEqual([
      expect.objectContaining({
        type: 'push',
        ref: 'refs/heads/main',
        after: head,
        via: 'git',
        forced: false,
        pusherId: env.sandbox.store.accounts.get('alice')!.id,
      }),
    ]);
  });

  it('sets the default branch of an empty repository from its first push', async () => {
    const checkout = path.join(workDir, 'fresh');
    await git(['init', '--initial-branch=master', checkout], workDir);
    await fs.writeFile(
      path.join(checkout, 'index.js'),
      'module.exports = 1;\n',
    );
    await git(['add', '.'], checkout);
    await git(['commit', '-m', 'initial commit'], checkout);
    await git(
      [
        'push',
        authenticatedCloneUrl(env.sandbox, 'acme/empty', TOKENS.bob),
        'master',
      ],
      checkout,
    );
    const repo = await env.alice.rest.repos.get({
      owner: 'acme',
      repo: 'empty',
    });
    expect(repo.data.default_branch).toBe('master');
    expect(repo.data.size).toBeGreaterThan(0);
  });

  it('answers a push to a missing repository like GitHub', async () => {
    const checkout = path.join(workDir, 'orphan');
    await git(['init', '--initial-branch=main', checkout], workDir);
    await git(['commit', '--allow-empty', '-m', 'nothing'], checkout);
    const push = git(
      [
        'push',
        authenticatedCloneUrl(env.sandbox, 'acme/missing', TOKENS.alice),
        'main',
      ],
      checkout,
    );
    await expect(push).rejects.toMatchObject({
      code: 128,
      stderr: expect.stringContaining('remote: Repository not found.'),
    });
  });

  it.each([
    ['an anonymous caller', undefined, 401, 'Invalid username or token'],
    [
      'a user without write access',
      TOKENS.mallory,
      403,
      'Permission to acme/app.git denied to mallory.',
    ],
    ['a bad token', 'not-a-token', 401, 'Invalid username or token'],
  ])('refuses a push from %s', async (_who, token, status, message) => {
    const agent = request(env.sandbox.url).get(
      '/acme/app.git/info/refs?service=git-receive-pack',
    );
    const response = await (token
      ? agent.auth('x-access-token', token)
      : agent);
    expect(response.status).toBe(status);
    expect(response.text).toContain(message);
  });

  it('hides private repositories from outsiders and asks anonymous callers to authenticate', async () => {
    const asOutsider = await request(env.sandbox.url)
      .get('/acme/secret.git/info/refs?service=git-upload-pack')
      .auth('x-access-token', TOKENS.mallory);
    expect(asOutsider.status).toBe(404);
    expect(asOutsider.text).toBe('Repository not found.\n');
    const anonymous = await request(env.sandbox.url).get(
      '/acme/secret.git/info/refs?service=git-upload-pack',
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Basic realm="GitHub"');
  });

  it('accepts pushes from isomorphic-git', async () => {
    const dir = path.join(workDir, 'iso');
    await isomorphicGit.clone({
      fs,
      http: isomorphicHttp,
      dir,
      url: `${env.sandbox.url}/acme/app.git`,
      onAuth: () => ({ username: 'x-access-token', password: TOKENS.alice }),
    });
    await fs.writeFile(path.join(dir, 'iso.txt'), 'from isomorphic-git\n');
    await isomorphicGit.add({ fs, dir, filepath: 'iso.txt' });
    const sha = await isomorphicGit.commit({
      fs,
      dir,
      message: 'Pushed by isomorphic-git',
      author: { name: 'Bob Builder', email: 'bob@example.com' },
    });
    const result = await isomorphicGit.push({
      fs,
      http: isomorphicHttp,
      dir,
      remote: 'origin',
      ref: 'main',
      onAuth: () => ({ username: 'x-access-token', password: TOKENS.bob }),
    });
    expect(result.ok).toBe(true);
    const ref = await env.bob.rest.git.getRef({
      owner: 'acme',
      repo: 'app',
      ref: 'heads/main',
    });
    expect(ref.data.object.sha).toBe(sha);
  });

  it('inflates gzip-encoded upload-pack requests', async () => {
    const main = await env.alice.rest.git.getRef({
      owner: 'acme',
      repo: 'app',
      ref: 'heads/main',
    });
    const body = zlib.gzipSync(
      `${pktLine(`want ${main.data.object.sha} ofs-delta\n`)}0000${pktLine(
        'done\n',
      )}`,
    );
    const response = await request(env.sandbox.url)
      .post('/acme/app.git/git-upload-pack')
      .set('content-type', 'application/x-git-upload-pack-request')
      .set('content-encoding', 'gzip')
      .send(body)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/x-git-upload-pack-result',
    );
    expect((response.body as Buffer).includes(Buffer.from('PACK'))).toBe(true);
  });
});
