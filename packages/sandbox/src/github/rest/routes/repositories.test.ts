import { promises as fs } from 'node:fs';
import { startTestSandbox, TestSandbox } from '../../__testUtils__/testSandbox';

describe('repositories', () => {
  let env: TestSandbox;

  beforeAll(async () => {
    env = await startTestSandbox();
  });

  afterAll(async () => {
    await env.close();
  });

  it('creates an organization repository and reads it back', async () => {
    const created = await env.alice.rest.repos.createInOrg({
      org: 'acme',
      name: 'web',
      description: 'The web app',
      visibility: 'private',
      auto_init: true,
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      full_name: 'acme/web',
      private: true,
      visibility: 'private',
      default_branch: 'main',
      clone_url: `${env.sandbox.url}/acme/web.git`,
      html_url: `${env.sandbox.url}/acme/web`,
      owner: { login: 'acme', type: 'Organization' },
      permissions: { admin: true, push: true, pull: true },
    });
    const read = await env.alice.rest.repos.get({ owner: 'acme', repo: 'web' });
    expect(read.data.size).toBeGreaterThan(0);
  });

  it('creates a repository for the authenticated user', async () => {
    const { data } = await env.bob.rest.repos.createForAuthenticatedUser({
      name: 'notes',
      description: 'Mine',
    });
    expect(data).toMatchObject({
      full_name: 'bob/notes',
      owner: { login: 'bob', type: 'User' },
      size: 0,
    });
    expect(data.pushed_at).toBe(data.created_at);
  });

  it('refuses organization repositories to non-members', async () => {
    await expect(
      env.mallory.rest.repos.createInOrg({ org: 'acme', name: 'sneaky' }),
    ).rejects.toMatchObject({
      status: 403,
      response: {
        data: {
          message:
            'You need admin access to the organization before adding a repository to it.',
        },
      },
    });
  });

  it.each([
    [
      'created (newest first)',
      { sort: 'created' },
      ['acme/zeta', 'acme/alpha', 'acme/web'],
    ],
    [
      'full_name',
      { sort: 'full_name' },
      ['acme/alpha', 'acme/web', 'acme/zeta'],
    ],
    [
      'public only',
      { type: 'public', sort: 'full_name' },
      ['acme/alpha', 'acme/zeta'],
    ],
  ] as const)(
    'lists organization repositories by %s',
    async (_case, query, names) => {
      for (const name of ['alpha', 'zeta']) {
        if (
          !env.sandbox.store.repositories.get({ owner: 'acme', repo: name })
        ) {
          await env.alice.rest.repos.createInOrg({ org: 'acme', name });
        }
      }
      const { data } = await env.alice.rest.repos.listForOrg({
        org: 'acme',
        ...query,
      });
      expect(data.map(repo => repo.full_name)).toEqual(names);
    },
  );

  it('replaces topics and rejects invalid ones', async () => {
    const { data } = await env.alice.rest.repos.replaceAllTopics({
      owner: 'acme',
      repo: 'web',
      names: ['backstage', 'team-web'],
    });
    expect(data.names).toEqual(['backstage', 'team-web']);
    await expect(
      env.alice.rest.repos.replaceAllTopics({
        owner: 'acme',
        repo: 'web',
        names: ['Not Valid'],
      }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: 'Validation Failed',
          errors: [
            expect.objectContaining({
              resource: 'Repository',
              field: 'topics',
              code: 'invalid',
            }),
          ],
        },
      },
    });
  });

  it('derives permissions from collaborators, teams and organization roles', async () => {
    await env.alice.rest.repos.addCollaborator({
      owner: 'acme',
      repo: 'web',
      username: 'mallory',
      permission: 'triage',
    });
    const levels = await Promise.all(
      ['alice', 'bob', 'mallory'].map(async username => {
        const { data } =
          await env.alice.rest.repos.getCollaboratorPermissionLevel({
            owner: 'acme',
            repo: 'web',
            username,
          });
        return [username, data.permission, data.role_name];
      }),
    );
    expect(levels).toEqual([
      ['alice', 'admin', 'admin'],
      ['bob', 'read', 'read'],
      ['mallory', 'read', 'triage'],
    ]);
  });

  it('changes the default branch only to an existing branch', async () => {
    await expect(
      env.alice.rest.repos.update({
        owner: 'acme',
        repo: 'web',
        default_branch: 'ghost',
      }),
    ).rejects.toMatchObject({ status: 422 });
    const main = await env.alice.rest.git.getRef({
      owner: 'acme',
      repo: 'web',
      ref: 'heads/main',
    });
    await env.alice.rest.git.createRef({
      owner: 'acme',
      repo: 'web',
      ref: 'refs/heads/develop',
      sha: main.data.object.sha,
    });
    const { data } = await env.alice.rest.repos.update({
      owner: 'acme',
      repo: 'web',
      default_branch: 'develop',
    });
    expect(data.default_branch).toBe('develop');
  });

  it('deletes repositories together with their git data', async () => {
    const gitDir = env.sandbox.store.git.repository({
      owner: 'acme',
      repo: 'zeta',
    }).gitDir;
    await env.alice.rest.repos.delete({ owner: 'acme', repo: 'zeta' });
    await expect(
      env.alice.rest.repos.get({ owner: 'acme', repo: 'zeta' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(fs.stat(gitDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
