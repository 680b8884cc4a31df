import {
  createGithubRepoPushAction,
  createPublishGithubAction,
  createPublishGithubPullRequestAction,
} from '@backstage/plugin-scaffolder-backend-module-github';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  actionContext,
  sandboxConfig,
  sandboxIntegrations,
  workspaceWith,
} from '../__testUtils__/backstage';
import {
  authenticatedCloneUrl,
  git,
  startTestSandbox,
  temporaryDirectory,
  TestSandbox,
  TOKENS,
} from '../__testUtils__/testSandbox';

// octokit's throttling plugin spaces write requests a second apart, as
// against github.com, so publish:github takes ~10 s here.
jest.setTimeout(60_000);

type HandlerContext<T extends { handler: (...args: never[]) => unknown }> =
  Parameters<T['handler']>[0];

describe("Backstage's GitHub scaffolder actions against the sandbox", () => {
  let env: TestSandbox;

  beforeAll(async () => {
    env = await startTestSandbox();
  });

  afterAll(async () => {
    await env.close();
  });

  async function cloneFiles(
    fullName: string,
    branch: string,
  ): Promise<string[]> {
    const dir = await temporaryDirectory();
    await git(
      [
        'clone',
        '--branch',
        branch,
        authenticatedCloneUrl(env.sandbox, fullName, TOKENS.alice),
        'clone',
      ],
      dir,
    );
    const files = await fs.readdir(path.join(dir, 'clone'));
    return files.filter(file => file !== '.git').sort();
  }

  it('publish:github creates an organization repository, configures it and pushes the workspace', async () => {
    const action = createPublishGithubAction({
      integrations: sandboxIntegrations(env.sandbox, TOKENS.alice),
      config: sandboxConfig(env.sandbox, TOKENS.alice),
    });
    const workspace = await workspaceWith({
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\n',
      'src/index.ts': 'export {};\n',
    });
    env.sandbox.requestCount.reset();
    const { context, outputs, logger } = actionContext(
      {
        repoUrl: `${env.sandbox.host}?owner=acme&repo=payments`,
        description: 'Payments service',
        repoVisibility: 'private' as const,
        defaultBranch: 'main',
        access: 'acme/platform',
        collaborators: [
          { user: 'mallory', access: 'pull' },
          { team: 'platform', access: 'push' },
        ],
        topics: ['Payments', 'backstage'],
        repoVariables: { REGION: 'eu-west-1' },
        secrets: { API_KEY: 'hunter2' },
        oidcCustomization: {
          useDefault: false,
          includeClaimKeys: ['repo', 'context'],
        },
        subscribe: true,
        protectDefaultBranch: true,
        requiredApprovingReviewCount: 2,
        requiredStatusCheckContexts: ['ci/build'],
        requiredCommitSigning: true,
        requiredLinearHistory: true,
      },
      workspace,
    );
    await action.handler(context as HandlerContext<typeof action>);

    expect(logger.warnings).toEqual([]);
    const repo = await env.alice.rest.repos.get({
      owner: 'acme',
      repo: 'payments',
    });
    expect(repo.data).toMatchObject({
      private: true,
      description: 'Payments service',
      default_branch: 'main',
      topics: ['payments', 'backstage'],
    });
    expect(outputs).toEqual({
      remoteUrl: `${env.sandbox.url}/acme/payments.git`,
      repoContentsUrl: `${env.sandbox.url}/acme/payments/blob/main`,
      commitHash: (
        await env.alice.rest.repos.getBranch({
          owner: 'acme',
          repo: 'payments',
          branch: 'main',
        })
      ).data.commit.sha,
    });
    await expect(cloneFiles('acme/payments', 'main')).resolves.toEqual([
      'catalog-info.yaml',
      'src',
    ]);
    const protection = await env.alice.rest.repos.getBranchProtection({
      owner: 'acme',
      repo: 'payments',
      branch: 'main',
    });
    expect(protection.data).toMatchObject({
      required_status_checks: { strict: true, contexts: ['ci/build'] },
      required_pull_request_reviews: { required_approving_review_count: 2 },
      required_signatures: { enabled: true },
      required_linear_history: { enabled: true },
      enforce_admins: { enabled: true },
    });
    const permission =
      await env.alice.rest.repos.getCollaboratorPermissionLevel({
        owner: 'acme',
        repo: 'payments',
        username: 'mallory',
      });
    expect(permission.data.role_name).toBe('read');
    const teams = await env.alice.rest.repos.listTeams({
      owner: 'acme',
      repo: 'payments',
    });
    expect(teams.data.map(team => team.slug)).toEqual(['platform']);
    const variables = await env.alice.rest.actions.listRepoVariables({
      owner: 'acme',
      repo: 'payments',
    });
    expect(variables.data.variables.map(variable => variable.name)).toEqual([
      'REGION',
    ]);
    const secrets = await env.alice.rest.actions.listRepoSecrets({
      owner: 'acme',
      repo: 'payments',
    });
    expect(secrets.data.secrets.map(secret => secret.name)).toEqual([
      'API_KEY',
    ]);

    expect(Object.keys(env.sandbox.requestCount.byRoute())).toEqual(
      expect.arrayContaining([
        'GET /users/{username}',
        'GET /orgs/{org}/teams/{team_slug}',
        'POST /orgs/{org}/repos',
        'PUT /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}',
        'PUT /repos/{owner}/{repo}/collaborators/{username}',
        'PUT /repos/{owner}/{repo}/topics',
        'POST /repos/{owner}/{repo}/actions/variables',
        'GET /repos/{owner}/{repo}/actions/secrets/public-key',
        'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}',
        'PUT /repos/{owner}/{repo}/actions/oidc/customization/sub',
        'PUT /repos/{owner}/{repo}/subscription',
        'GET /{owner}/{repo}.git/info/refs?service=git-receive-pack',
        'POST /{owner}/{repo}.git/git-receive-pack',
        'PUT /repos/{owner}/{repo}/branches/{branch}/protection',
        'POST /repos/{owner}/{repo}/branches/{branch}/protection/required_signatures',
      ]),
    );
  });

  it('publish:github creates a repository for a user account', async () => {
    const action = createPublishGithubAction({
      integrations: sandboxIntegrations(env.sandbox, TOKENS.bob),
      config: sandboxConfig(env.sandbox, TOKENS.bob),
    });
    const { context, outputs, logger } = actionContext(
      {
        repoUrl: `${env.sandbox.host}?owner=bob&repo=dotfiles`,
        defaultBranch: 'trunk',
      },
      await workspaceWith({ '.bashrc': 'export EDITOR=vim\n' }),
    );
    await action.handler(context as HandlerContext<typeof action>);
    expect(logger.warnings).toEqual([]);
    expect(outputs.remoteUrl).toBe(`${env.sandbox.url}/bob/dotfiles.git`);
    const repo = await env.bob.rest.repos.get({
      owner: 'bob',
      repo: 'dotfiles',
    });
    expect(repo.data).toMatchObject({
      private: true,
      default_branch: 'trunk',
      owner: { type: 'User' },
    });
  });

  it('publish:github fails like GitHub when the repository already exists', async () => {
    const action = createPublishGithubAction({
      integrations: sandboxIntegrations(env.sandbox, TOKENS.alice),
      config: sandboxConfig(env.sandbox, TOKENS.alice),
    });
    const { context } = actionContext(
      { repoUrl: `${env.sandbox.host}?owner=acme&repo=payments` },
      await workspaceWith({ 'README.md': '# again\n' }),
    );
    await expect(
      action.handler(context as HandlerContext<typeof action>),
    ).rejects.toThrow(
      'Failed to create the Organization repository acme/payments, Validation Failed: {"resource":"Repository","code":"custom","field":"name","message":"name already exists on this account"}',
    );
  });

  it('github:repo:push pushes a workspace into an existing empty repository and protects it', async () => {
    await env.alice.rest.repos.createInOrg({ org: 'acme', name: 'docs-site' });
    const action = createGithubRepoPushAction({
      integrations: sandboxIntegrations(env.sandbox, TOKENS.alice),
      config: sandboxConfig(env.sandbox, TOKENS.alice),
    });
    const { context, outputs, logger } = actionContext(
      {
        repoUrl: `${env.sandbox.host}?owner=acme&repo=docs-site`,
        defaultBranch: 'main',
        protectDefaultBranch: true,
        requiredApprovingReviewCount: 1,
      },
      await workspaceWith({
        'mkdocs.yml': 'site_name: Docs\n',
        'docs/index.md': '# Hi\n',
      }),
    );
    await action.handler(context as HandlerContext<typeof action>);
    expect(logger.warnings).toEqual([]);
    expect(outputs.remoteUrl).toBe(`${env.sandbox.url}/acme/docs-site.git`);
    await expect(cloneFiles('acme/docs-site', 'main')).resolves.toEqual([
      'docs',
      'mkdocs.yml',
    ]);
    const protection = await env.alice.rest.repos.getBranchProtection({
      owner: 'acme',
      repo: 'docs-site',
      branch: 'main',
    });
    expect(
      protection.data.required_pull_request_reviews
        ?.required_approving_review_count,
    ).toBe(1);
  });

  it('publish:github:pull-request opens a PR with new, changed and deleted files, reviewers and assignees', async () => {
    await env.alice.rest.repos.createInOrg({
      org: 'acme',
      name: 'infra',
      auto_init: true,
    });
    await env.alice.rest.repos.createOrUpdateFileContents({
      owner: 'acme',
      repo: 'infra',
      path: 'obsolete.txt',
      message: 'Add obsolete file',
      content: Buffer.from('old\n').toString('base64'),
    });
    await env.alice.rest.teams.addOrUpdateRepoPermissionsInOrg({
      org: 'acme',
      team_slug: 'platform',
      owner: 'acme',
      repo: 'infra',
      permission: 'push',
    });
    const action = createPublishGithubPullRequestAction({
      integrations: sandboxIntegrations(env.sandbox, TOKENS.alice),
      config: sandboxConfig(env.sandbox, TOKENS.alice),
    });
    const { context, outputs, logger } = actionContext(
      {
        repoUrl: `${env.sandbox.host}?owner=acme&repo=infra`,
        branchName: 'add-payments',
        title: 'Add payments infrastructure',
        description: 'Created by Backstage',
        targetPath: 'services/payments',
        filesToDelete: ['../../obsolete.txt'],
        reviewers: ['bob'],
        teamReviewers: ['platform'],
        assignees: ['bob'],
      },
      await workspaceWith({
        'main.tf': 'resource "null_resource" "x" {}\n',
        'scripts/run.sh': '#!/bin/sh\necho run\n',
      }),
    );
    await fs.chmod(path.join(context.workspacePath, 'scripts/run.sh'), 0o755);
    await action.handler(context as HandlerContext<typeof action>);

    expect(logger.errors).toEqual([]);
    expect(outputs).toMatchObject({
      targetBranchName: 'main',
      pullRequestNumber: 1,
      remoteUrl: `${env.sandbox.url}/acme/infra/pull/1`,
    });
    const pull = await env.alice.rest.pulls.get({
      owner: 'acme',
      repo: 'infra',
      pull_number: 1,
    });
    expect(pull.data).toMatchObject({
      title: 'Add payments infrastructure',
      body: 'Created by Backstage',
      head: { ref: 'add-payments' },
      base: { ref: 'main' },
      requested_reviewers: [expect.objectContaining({ login: 'bob' })],
      requested_teams: [expect.objectContaining({ slug: 'platform' })],
      assignees: [expect.objectContaining({ login: 'bob' })],
      mergeable: true,
    });
    const files = await env.alice.rest.pulls.listFiles({
      owner: 'acme',
      repo: 'infra',
      pull_number: 1,
    });
    expect(files.data.map(file => [file.filename, file.status])).toEqual([
      ['obsolete.txt', 'removed'],
      ['services/payments/main.tf', 'added'],
      ['services/payments/scripts/run.sh', 'added'],
    ]);
    const tree = await env.alice.rest.git.getTree({
      owner: 'acme',
      repo: 'infra',
      tree_sha: pull.data.head.sha,
      recursive: '1',
    });
    expect(
      tree.data.tree.find(
        entry => entry.path === 'services/payments/scripts/run.sh',
      )?.mode,
    ).toBe('100755');
  });
});
