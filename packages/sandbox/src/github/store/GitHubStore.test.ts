import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  git,
  startTestSandbox,
  temporaryDirectory,
} from '../__testUtils__/testSandbox';
import { startGitHubServer } from '../server';
import type { GitHubEvent } from './events';
import { createGitHubStore, GitHubStore } from './GitHubStore';

jest.setTimeout(60_000);

async function seedOrganization(store: GitHubStore) {
  store.accounts.createUser({ login: 'alice', email: 'alice@example.com' });
  store.accounts.createUser({
    login: 'dependabot[bot]',
    type: 'Bot',
    email: 'bot@example.com',
  });
  store.accounts.createOrganization({
    login: 'acme',
    members: [{ login: 'alice', role: 'admin' }],
  });
  return store.repositories.create({
    owner: 'acme',
    name: 'history',
    creator: 'alice',
    autoInit: true,
    createdAt: '2023-01-01T00:00:00Z',
  });
}

describe('GitHubStore', () => {
  it('keeps rows and repositories in a data folder across restarts', async () => {
    const dataDir = await temporaryDirectory('sandbox-data-');
    const first = await createGitHubStore({ dataDir });
    await seedOrganization(first);
    await first.git.commitToBranch({
      owner: 'acme',
      repo: 'history',
      branch: 'feature',
      message: 'Feature work',
      changes: [{ path: 'feature.txt', content: 'on a branch\n' }],
      pusher: 'alice',
    });
    await first.pulls.create({
      owner: 'acme',
      repo: 'history',
      title: 'Feature',
      head: 'feature',
      base: 'main',
      author: 'alice',
    });
    await first.close();

    const second = await createGitHubStore({ dataDir });
    expect(
      second.repositories.get({ owner: 'ACME', repo: 'History' })
        ?.defaultBranch,
    ).toBe('main');
    expect(
      second.pulls.get({ owner: 'acme', repo: 'history' }, 1)?.issue.title,
    ).toBe('Feature');
    const commits = await second.git
      .repository({ owner: 'acme', repo: 'history' })
      .revList({ include: ['refs/heads/feature'] });
    expect(commits).toHaveLength(2);
    await second.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('restarts a server on the same data folder without losing anything', async () => {
    const dataDir = await temporaryDirectory('sandbox-data-');
    const options = {
      dataDir,
      users: [{ login: 'alice' }],
      organizations: [
        {
          login: 'acme',
          members: [{ login: 'alice', role: 'admin' as const }],
        },
      ],
      tokens: { 'alice-token': 'alice' },
    };
    const first = await startGitHubServer(options);
    await first.store.repositories.create({
      owner: 'acme',
      name: 'kept',
      autoInit: true,
      creator: 'alice',
    });
    await first.close();

    const second = await startGitHubServer(options);
    const response = await fetch(`${second.apiBaseUrl}/repos/acme/kept`, {
      headers: { authorization: 'token alice-token' },
    });
    expect(response.status).toBe(200);
    const workDir = await temporaryDirectory();
    await git(['clone', `${second.url}/acme/kept.git`, 'kept'], workDir);
    await expect(
      fs.readFile(path.join(workDir, 'kept', 'README.md'), 'utf8'),
    ).resolves.toBe('# kept\n');
    await second.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('removes the temporary repositories of an in-memory store on close', async () => {
    const store = await createGitHubStore();
    await seedOrganization(store);
    await expect(fs.stat(store.repositoriesRoot)).resolves.toBeTruthy();
    await store.close();
    await expect(fs.stat(store.repositoriesRoot)).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('writes thousands of back-dated commits by several authors', async () => {
    const store = await createGitHubStore();
    await seedOrganization(store);
    const ref = { owner: 'acme', repo: 'history' };
    const repository = store.git.repository(ref);
    const authors = [
      { name: 'Alice', email: 'alice@example.com' },
      { name: 'dependabot[bot]', email: 'bot@example.com' },
      { name: 'Carol', email: 'carol@example.com' },
    ];
    let parent = (await repository.readRef('refs/heads/main'))!;
    const count = 2000;
    for (let index = 0; index < count; index++) {
      parent = await store.git.writeCommit({
        ...ref,
        parents: [parent],
        message: `Change ${index}`,
        author: {
          ...authors[index % authors.length],
          date: new Date(
            Date.UTC(2023, 0, 2) + index * 3_600_000,
          ).toISOString(),
        },
        changes: [
          {
            path: `src/module-${index % 50}.ts`,
            content: `export const value = ${index};\n`,
          },
        ],
      });
    }
    await store.git.forceRef(
      store.repositories.require(ref),
      'refs/heads/main',
      parent,
      null,
    );

    expect(
      await repository.countCommits({ include: ['refs/heads/main'] }),
    ).toBe(count + 1);
    const byBot = await repository.revList({
      include: ['refs/heads/main'],
      authors: ['bot@example.com'],
    });
    expect(byBot).toHaveLength(Math.floor(count / 3) + (count % 3 > 1 ? 1 : 0));
    const head = (await repository.readCommit(parent))!;
    expect(head.author.date).toBe(
      new Date(Date.UTC(2023, 0, 2) + (count - 1) * 3_600_000)
        .toISOString()
        .replace('.000', ''),
    );
    await store.close();
  });

  it('accepts explicit timestamps and actors for issues, pull requests, reviews and deployments', async () => {
    const store = await createGitHubStore();
    await seedOrganization(store);
    const ref = { owner: 'acme', repo: 'history' };
    await store.git.commitToBranch({
      ...ref,
      branch: 'fix',
      message: 'Fix',
      changes: [{ path: 'fix.txt', content: 'fixed\n' }],
      author: {
        name: 'dependabot[bot]',
        email: 'bot@example.com',
        date: '2023-02-01T09:00:00+02:00',
      },
    });
    const issue = store.issues.create({
      ...ref,
      title: 'Outage',
      author: 'alice',
      createdAt: '2023-02-01T06:00:00Z',
    });
    const pull = await store.pulls.create({
      ...ref,
      title: 'Bump',
      head: 'fix',
      base: 'main',
      author: 'dependabot[bot]',
      createdAt: '2023-02-01T08:00:00Z',
    });
    const review = store.reviews.create({
      ...ref,
      number: pull.pull.number,
      author: 'alice',
      event: 'APPROVE',
      submittedAt: '2023-02-01T09:30:00Z',
    });
    const merged = await store.merges.merge({
      ...ref,
      number: pull.pull.number,
      merger: 'alice',
      method: 'squash',
      mergedAt: '2023-02-01T10:00:00Z',
    });
    const deployment = await store.deployments.create({
      ...ref,
      ref: merged.sha,
      creator: 'alice',
      environment: 'production',
      createdAt: '2023-02-01T10:05:00Z',
    });
    expect(issue.createdAt).toBe('2023-02-01T06:00:00Z');
    expect(pull.issue.createdAt).toBe('2023-02-01T08:00:00Z');
    expect(review.submittedAt).toBe('2023-02-01T09:30:00Z');
    expect(store.pulls.get(ref, pull.pull.number)?.pull.mergedAt).toBe(
      '2023-02-01T10:00:00Z',
    );
    expect(
      deployment.kind === 'created' && deployment.deployment.createdAt,
    ).toBe('2023-02-01T10:05:00Z');
    const squash = (await store.git.repository(ref).readCommit(merged.sha))!;
    expect(squash.author).toMatchObject({
      name: 'alice',
      date: '2023-02-01T10:00:00Z',
    });
    const fix = (await store.git
      .repository(ref)
      .readCommit(pull.pull.headSha))!;
    expect(fix.author).toEqual({
      name: 'dependabot[bot]',
      email: 'bot@example.com',
      date: '2023-02-01T07:00:00Z',
      timezone: '+0200',
    });
    await store.close();
  });
});

describe('store events', () => {
  it('emits typed events for pushes, pull requests, deployment statuses and workflow runs', async () => {
    const env = await startTestSandbox();
    const events: GitHubEvent[] = [];
    const store = env.sandbox.store;
    store.onEvent(event => events.push(event));
    const ref = { owner: 'acme', repo: 'events' };
    await env.alice.rest.repos.createInOrg({
      org: 'acme',
      name: 'events',
      auto_init: true,
    });
    const main = await env.alice.rest.git.getRef({ ...ref, ref: 'heads/main' });
    await env.alice.rest.git.createRef({
      ...ref,
      ref: 'refs/heads/topic',
      sha: main.data.object.sha,
    });
    await env.alice.rest.repos.createOrUpdateFileContents({
      ...ref,
      path: '.github/workflows/ci.yml',
      message: 'CI',
      branch: 'topic',
      content: Buffer.from('on: [push, workflow_dispatch]\n').toString(
        'base64',
      ),
    });
    const pull = await env.alice.rest.pulls.create({
      ...ref,
      title: 'Topic',
      head: 'topic',
      base: 'main',
    });
    await env.alice.rest.pulls.merge({ ...ref, pull_number: pull.data.number });
    const deployment = await store.deployments.create({
      ...ref,
      ref: 'main',
      creator: 'alice',
    });
    if (deployment.kind !== 'created') throw new Error('expected a deployment');
    store.deployments.createStatus({
      ...ref,
      deploymentId: deployment.deployment.id,
      state: 'success',
      creator: 'alice',
    });
    const run = await store.actions.createRun({
      ...ref,
      workflow: 'ci.yml',
      actor: 'alice',
    });
    store.actions.updateRun(ref, run.id, { status: 'in_progress' });
    store.actions.updateRun(ref, run.id, {
      status: 'completed',
      conclusion: 'failure',
    });

    expect(
      events.map(event =>
        'action' in event ? `${event.type}.${event.action}` : event.type,
      ),
    ).toEqual([
      'repository.created',
      'push',
      'push',
      'push',
      'pull_request.opened',
      'push',
      'pull_request.closed',
      'deployment.created',
      'deployment_status.created',
      'workflow_run.requested',
      'workflow_run.in_progress',
      'workflow_run.completed',
    ]);
    expect(
      events.find(
        event => event.type === 'pull_request' && event.action === 'closed',
      ),
    ).toMatchObject({
      merged: true,
      number: pull.data.number,
    });
    expect(
      events
        .filter(event => event.type === 'push')
        .map(event => event.type === 'push' && event.ref),
    ).toEqual([
      'refs/heads/main',
      'refs/heads/topic',
      'refs/heads/topic',
      'refs/heads/main',
    ]);
    await env.close();
  });

  it('keeps serving when a listener throws, reporting the failure', async () => {
    const failures: unknown[] = [];
    const store = await createGitHubStore({
      onListenerError: error => failures.push(error),
    });
    store.onEvent(() => {
      throw new Error('listener broke');
    });
    await seedOrganization(store);
    expect(
      store.repositories.get({ owner: 'acme', repo: 'history' }),
    ).toBeDefined();
    expect(failures).toEqual(
      expect.arrayContaining([new Error('listener broke')]),
    );
    await store.close();
  });
});
