import { Octokit } from 'octokit';
import { startTestSandbox, TestSandbox } from '../../__testUtils__/testSandbox';
import { DEFAULT_SANDBOX_TOKEN, startGitHubServer } from '../../server';

describe('users, organizations and teams', () => {
  let env: TestSandbox;

  beforeAll(async () => {
    env = await startTestSandbox();
  });

  afterAll(async () => {
    await env.close();
  });

  it.each([
    ['acme', 'Organization'],
    ['bob', 'User'],
  ])(
    'tells %s apart as %s, which publish:github relies on',
    async (username, type) => {
      const { data } = await env.anonymous.rest.users.getByUsername({
        username,
      });
      expect(data.type).toBe(type);
    },
  );

  it('answers 404 for unknown accounts', async () => {
    await expect(
      env.anonymous.rest.users.getByUsername({ username: 'nobody' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('returns the authenticated user with private counters', async () => {
    const { data } = await env.bob.rest.users.getAuthenticated();
    expect(data).toMatchObject({
      login: 'bob',
      email: 'bob@example.com',
      total_private_repos: 0,
    });
  });

  it('lists organizations and their members', async () => {
    const orgs = await env.bob.rest.orgs.listForAuthenticatedUser();
    expect(orgs.data.map(org => org.login)).toEqual(['acme']);
    const admins = await env.alice.rest.orgs.listMembers({
      org: 'acme',
      role: 'admin',
    });
    expect(admins.data.map(member => member.login)).toEqual(['alice']);
    const all = await env.anonymous.rest.orgs.list();
    expect(all.data.map(org => org.login)).toEqual(['acme']);
  });

  it('creates teams, adds members and grants repositories', async () => {
    await env.alice.rest.repos.createInOrg({
      org: 'acme',
      name: 'ops-runbooks',
      visibility: 'private',
    });
    const team = await env.alice.rest.teams.create({
      org: 'acme',
      name: 'SRE On Call',
      privacy: 'closed',
      repo_names: ['acme/ops-runbooks'],
    });
    expect(team.data).toMatchObject({
      slug: 'sre-on-call',
      members_count: 1,
      repos_count: 1,
    });
    await env.alice.rest.teams.addOrUpdateMembershipForUserInOrg({
      org: 'acme',
      team_slug: 'sre-on-call',
      username: 'mallory',
      role: 'member',
    });
    const visible = await env.mallory.rest.repos.get({
      owner: 'acme',
      repo: 'ops-runbooks',
    });
    expect(visible.data.permissions).toMatchObject({ pull: true, push: false });
    await env.alice.rest.teams.addOrUpdateRepoPermissionsInOrg({
      org: 'acme',
      team_slug: 'sre-on-call',
      owner: 'acme',
      repo: 'ops-runbooks',
      permission: 'maintain',
    });
    const upgraded = await env.mallory.rest.repos.get({
      owner: 'acme',
      repo: 'ops-runbooks',
    });
    expect(upgraded.data.permissions).toMatchObject({
      maintain: true,
      push: true,
      admin: false,
    });
    const mine = await env.mallory.rest.repos.listForAuthenticatedUser({
      affiliation: 'organization_member',
    });
    expect(mine.data.map(repo => repo.full_name)).toContain(
      'acme/ops-runbooks',
    );
  });

  it('refuses team creation to non-members', async () => {
    const outsider = await startTestSandbox({
      organizations: [{ login: 'acme' }],
    });
    await expect(
      outsider.mallory.rest.teams.create({ org: 'acme', name: 'Intruders' }),
    ).rejects.toMatchObject({
      status: 403,
    });
    await outsider.close();
  });

  it('starts with one site admin and a well-known token when given no accounts', async () => {
    const sandbox = await startGitHubServer();
    const octokit = new Octokit({
      auth: DEFAULT_SANDBOX_TOKEN,
      baseUrl: sandbox.apiBaseUrl,
    });
    const { data } = await octokit.rest.users.getAuthenticated();
    expect(data).toMatchObject({ login: 'octocat', site_admin: true });
    await sandbox.close();
  });
});
