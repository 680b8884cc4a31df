import type { Octokit } from 'octokit';
import {
  startTestSandbox,
  TestSandbox,
  TOKENS,
} from '../__testUtils__/testSandbox';
import { restRoutes } from '../rest/routeTable';
import { OpenApiDescription } from './openApiDescription';
import { RecordedExchange, recordExchanges } from './recordExchanges';

jest.setTimeout(60_000);

const description = OpenApiDescription.load();
const owner = 'acme';
const repo = 'conformance';

describe(`REST conformance with GitHub's ${description.name} OpenAPI description`, () => {
  let env: TestSandbox;
  let alice: Octokit;
  let bob: Octokit;
  let exchanges: RecordedExchange[];
  const shared: Record<string, string | number> = {};

  beforeAll(async () => {
    env = await startTestSandbox();
    alice = env.octokit(TOKENS.alice);
    bob = env.octokit(TOKENS.bob);
    exchanges = recordExchanges(alice, env.sandbox.apiBaseUrl, restRoutes);
    recordExchanges(bob, env.sandbox.apiBaseUrl, restRoutes, exchanges);
  });

  afterAll(async () => {
    await env.close();
  });

  it('serves only operations that exist in the description', () => {
    const missing = restRoutes
      .filter(route => !description.hasOperation(route.method, route.path))
      .map(route => `${route.method} ${route.path}`);
    expect(missing).toEqual([]);
    expect(description.openapiVersion).toBe('3.0.3');
  });

  it('reads users, organizations and teams', async () => {
    await alice.rest.users.getAuthenticated();
    expect(
      (await alice.rest.users.getByUsername({ username: 'acme' })).data.type,
    ).toBe('Organization');
    await alice.rest.users.getByUsername({ username: 'bob' });
    await alice.rest.users.list();
    await alice.rest.orgs.get({ org: owner });
    await alice.rest.orgs.list();
    await alice.rest.orgs.listForAuthenticatedUser();
    await alice.rest.orgs.listForUser({ username: 'bob' });
    await alice.rest.orgs.listMembers({ org: owner });
    await alice.rest.teams.list({ org: owner });
    await alice.rest.teams.getByName({ org: owner, team_slug: 'platform' });
    await alice.rest.teams.listMembersInOrg({
      org: owner,
      team_slug: 'platform',
    });
    const team = await alice.rest.teams.create({
      org: owner,
      name: 'Release Managers',
    });
    await alice.rest.teams.addOrUpdateMembershipForUserInOrg({
      org: owner,
      team_slug: team.data.slug,
      username: 'bob',
    });
  });

  it('creates and configures repositories', async () => {
    const created = await alice.rest.repos.createInOrg({
      org: owner,
      name: repo,
      auto_init: true,
      description: 'conformance scenario',
    });
    expect(created.status).toBe(201);
    await alice.rest.repos.createForAuthenticatedUser({
      name: 'scratch',
      private: true,
    });
    await alice.rest.repos.get({ owner, repo });
    await alice.rest.repos.update({
      owner,
      repo,
      homepage: 'https://example.com',
      has_wiki: false,
    });
    await alice.rest.repos.replaceAllTopics({
      owner,
      repo,
      names: ['backstage', 'sandbox'],
    });
    await alice.rest.repos.getAllTopics({ owner, repo });
    await alice.rest.repos.listForOrg({ org: owner });
    await alice.rest.repos.listForUser({ username: 'alice' });
    await alice.rest.repos.listForAuthenticatedUser();
    await alice.rest.repos.listPublic();
    await alice.rest.repos.listLanguages({ owner, repo });
    await alice.rest.teams.addOrUpdateRepoPermissionsInOrg({
      org: owner,
      team_slug: 'platform',
      owner,
      repo,
      permission: 'push',
    });
    await alice.rest.teams.listReposInOrg({
      org: owner,
      team_slug: 'platform',
    });
    await alice.rest.teams.addOrUpdateRepoPermissionsInOrg({
      org: owner,
      team_slug: 'release-managers',
      owner,
      repo,
    });
    await alice.rest.teams.removeRepoInOrg({
      org: owner,
      team_slug: 'release-managers',
      owner,
      repo,
    });
    expect(
      (await alice.rest.repos.listTeams({ owner, repo })).data.map(
        team => team.slug,
      ),
    ).toEqual(['platform']);
    await alice.rest.repos.listTeams({ owner, repo });
    await alice.rest.repos.addCollaborator({
      owner,
      repo,
      username: 'mallory',
      permission: 'triage',
    });
    await alice.rest.repos.checkCollaborator({
      owner,
      repo,
      username: 'mallory',
    });
    await alice.rest.repos.listCollaborators({ owner, repo });
    await alice.rest.repos.getCollaboratorPermissionLevel({
      owner,
      repo,
      username: 'bob',
    });
    await alice.rest.repos.removeCollaborator({
      owner,
      repo,
      username: 'mallory',
    });
    await alice.rest.activity.setRepoSubscription({
      owner,
      repo,
      subscribed: true,
    });
    await alice.rest.activity.getRepoSubscription({ owner, repo });
  });

  it('writes commits through the git data API', async () => {
    const main = await alice.rest.git.getRef({
      owner,
      repo,
      ref: 'heads/main',
    });
    const base = await alice.rest.git.getCommit({
      owner,
      repo,
      commit_sha: main.data.object.sha,
    });
    await alice.rest.git.getTree({
      owner,
      repo,
      tree_sha: base.data.tree.sha,
      recursive: '1',
    });
    const blob = await alice.rest.git.createBlob({
      owner,
      repo,
      content: Buffer.from('binary\u0000data').toString('base64'),
      encoding: 'base64',
    });
    await alice.rest.git.getBlob({ owner, repo, file_sha: blob.data.sha });
    const tree = await alice.rest.git.createTree({
      owner,
      repo,
      base_tree: base.data.tree.sha,
      tree: [
        {
          path: 'docs/index.md',
          mode: '100644',
          type: 'blob',
          content: '# Docs\n',
        },
        {
          path: 'assets/logo.bin',
          mode: '100644',
          type: 'blob',
          sha: blob.data.sha,
        },
      ],
    });
    const commit = await alice.rest.git.createCommit({
      owner,
      repo,
      message: 'Add docs',
      tree: tree.data.sha,
      parents: [main.data.object.sha],
      author: {
        name: 'Alice Admin',
        email: 'alice@example.com',
        date: '2024-01-02T03:04:05Z',
      },
    });
    await alice.rest.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/feature/docs',
      sha: commit.data.sha,
    });
    await alice.rest.git.updateRef({
      owner,
      repo,
      ref: 'heads/feature/docs',
      sha: commit.data.sha,
    });
    const matching = await alice.rest.git.listMatchingRefs({
      owner,
      repo,
      ref: 'heads/feature',
    });
    expect(matching.data.map(ref => ref.ref)).toEqual([
      'refs/heads/feature/docs',
    ]);
    await alice.rest.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/doomed',
      sha: commit.data.sha,
    });
    await alice.rest.git.deleteRef({ owner, repo, ref: 'heads/doomed' });
    shared.featureSha = commit.data.sha;
  });

  it('reads and writes contents', async () => {
    const created = await alice.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: 'catalog-info.yaml',
      message: 'Add catalog entity',
      content: Buffer.from('apiVersion: backstage.io/v1alpha1\n').toString(
        'base64',
      ),
    });
    expect(created.status).toBe(201);
    const updated = await alice.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: 'catalog-info.yaml',
      message: 'Update catalog entity',
      content: Buffer.from(
        'apiVersion: backstage.io/v1alpha1\nkind: Component\n',
      ).toString('base64'),
      sha: created.data.content!.sha!,
    });
    expect(updated.status).toBe(200);
    await alice.rest.repos.getContent({
      owner,
      repo,
      path: 'catalog-info.yaml',
    });
    await alice.rest.repos.getContent({ owner, repo, path: '' });
    await alice.rest.repos.getReadme({ owner, repo });
    const scratch = await alice.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: 'tmp.txt',
      message: 'temp',
      content: Buffer.from('x').toString('base64'),
    });
    await alice.rest.repos.deleteFile({
      owner,
      repo,
      path: 'tmp.txt',
      message: 'remove temp',
      sha: scratch.data.content!.sha!,
    });
    const archive = await alice.rest.repos.downloadTarballArchive({
      owner,
      repo,
      ref: 'main',
      request: { redirect: 'manual' },
    });
    expect(archive.status).toBe(302);
    const zip = await alice.rest.repos.downloadZipballArchive({
      owner,
      repo,
      ref: 'main',
      request: { redirect: 'manual' },
    });
    expect(zip.headers.location).toMatch(
      /\/_codeload\/acme\/conformance\/legacy\.zip\/[0-9a-f]{40}$/,
    );
  });

  it('lists commits, compares and reports statuses', async () => {
    const commits = await alice.rest.repos.listCommits({
      owner,
      repo,
      per_page: 2,
    });
    await alice.rest.repos.getCommit({ owner, repo, ref: commits.data[0].sha });
    const comparison = await alice.rest.repos.compareCommitsWithBasehead({
      owner,
      repo,
      basehead: `main...feature/docs`,
    });
    expect(comparison.data).toMatchObject({ status: 'diverged', ahead_by: 1 });
    await alice.rest.repos.createCommitStatus({
      owner,
      repo,
      sha: String(shared.featureSha),
      state: 'success',
      context: 'ci',
      target_url: 'https://ci.example.com/1',
    });
    await alice.rest.repos.getCombinedStatusForRef({
      owner,
      repo,
      ref: 'feature/docs',
    });
    await alice.rest.repos.listCommitStatusesForRef({
      owner,
      repo,
      ref: 'feature/docs',
    });
    await alice.rest.repos.listBranches({ owner, repo });
    await alice.rest.repos.getBranch({ owner, repo, branch: 'main' });
  });

  it('protects branches', async () => {
    await alice.rest.repos.updateBranchProtection({
      owner,
      repo,
      branch: 'main',
      required_status_checks: { strict: false, contexts: ['ci'] },
      enforce_admins: true,
      required_pull_request_reviews: { required_approving_review_count: 1 },
      restrictions: null,
      required_linear_history: true,
    });
    await alice.rest.repos.getBranchProtection({ owner, repo, branch: 'main' });
    await alice.rest.repos.createCommitSignatureProtection({
      owner,
      repo,
      branch: 'main',
    });
    await alice.rest.repos.getCommitSignatureProtection({
      owner,
      repo,
      branch: 'main',
    });
    await alice.rest.repos.deleteCommitSignatureProtection({
      owner,
      repo,
      branch: 'main',
    });
    const branch = await alice.rest.repos.getBranch({
      owner,
      repo,
      branch: 'main',
    });
    expect(branch.data).toMatchObject({
      protected: true,
      protection: { enabled: true },
    });
    await alice.rest.repos.updateBranchProtection({
      owner,
      repo,
      branch: 'feature/docs',
      required_status_checks: null,
      enforce_admins: null,
      required_pull_request_reviews: null,
      restrictions: null,
    });
    await alice.rest.repos.deleteBranchProtection({
      owner,
      repo,
      branch: 'feature/docs',
    });
  });

  it('runs a pull request through review and a squash merge', async () => {
    const pull = await alice.rest.pulls.create({
      owner,
      repo,
      title: 'Add docs',
      head: 'feature/docs',
      base: 'main',
      body: 'Docs for everyone',
    });
    shared.pull = pull.data.number;
    await alice.rest.pulls.list({ owner, repo, head: `${owner}:feature/docs` });
    await alice.rest.pulls.get({ owner, repo, pull_number: pull.data.number });
    await alice.rest.pulls.update({
      owner,
      repo,
      pull_number: pull.data.number,
      body: 'Docs!',
    });
    await alice.rest.pulls.listCommits({
      owner,
      repo,
      pull_number: pull.data.number,
    });
    await alice.rest.pulls.listFiles({
      owner,
      repo,
      pull_number: pull.data.number,
    });
    await alice.rest.pulls.requestReviewers({
      owner,
      repo,
      pull_number: pull.data.number,
      reviewers: ['bob'],
      team_reviewers: ['platform'],
    });
    await alice.rest.pulls.listRequestedReviewers({
      owner,
      repo,
      pull_number: pull.data.number,
    });
    await alice.rest.pulls.removeRequestedReviewers({
      owner,
      repo,
      pull_number: pull.data.number,
      reviewers: [],
      team_reviewers: ['platform'],
    });
    const pending = await bob.rest.pulls.createReview({
      owner,
      repo,
      pull_number: pull.data.number,
      body: 'Looks good',
    });
    await bob.rest.pulls.submitReview({
      owner,
      repo,
      pull_number: pull.data.number,
      review_id: pending.data.id,
      event: 'APPROVE',
    });
    await alice.rest.pulls.listReviews({
      owner,
      repo,
      pull_number: pull.data.number,
    });
    await alice.rest.pulls.getReview({
      owner,
      repo,
      pull_number: pull.data.number,
      review_id: pending.data.id,
    });
    const comment = await alice.rest.pulls.createReview({
      owner,
      repo,
      pull_number: pull.data.number,
      event: 'COMMENT',
      body: 'nit',
    });
    const dismissed = await alice.rest.pulls.dismissReview({
      owner,
      repo,
      pull_number: pull.data.number,
      review_id: comment.data.id,
      message: 'outdated',
    });
    expect(dismissed.data.state).toBe('DISMISSED');
    const merged = await alice.rest.pulls.merge({
      owner,
      repo,
      pull_number: pull.data.number,
      merge_method: 'squash',
    });
    expect(merged.data.merged).toBe(true);
    await alice.rest.pulls.checkIfMerged({
      owner,
      repo,
      pull_number: pull.data.number,
    });
    await alice.rest.repos.listPullRequestsAssociatedWithCommit({
      owner,
      repo,
      commit_sha: merged.data.sha,
    });
  });

  it('tracks issues, comments, labels and assignees', async () => {
    const issue = await alice.rest.issues.create({
      owner,
      repo,
      title: 'Incident: checkout is slow',
      labels: ['bug', 'incident'],
      assignees: ['bob'],
    });
    const issue_number = issue.data.number;
    await alice.rest.issues.get({ owner, repo, issue_number });
    await alice.rest.issues.listForRepo({ owner, repo, state: 'all' });
    await alice.rest.issues.createComment({
      owner,
      repo,
      issue_number,
      body: 'Investigating',
    });
    await alice.rest.issues.listComments({ owner, repo, issue_number });
    await alice.rest.issues.addLabels({
      owner,
      repo,
      issue_number,
      labels: ['sev1'],
    });
    await alice.rest.issues.listLabelsOnIssue({ owner, repo, issue_number });
    await alice.rest.issues.removeLabel({
      owner,
      repo,
      issue_number,
      name: 'sev1',
    });
    await alice.rest.issues.setLabels({
      owner,
      repo,
      issue_number,
      labels: ['incident'],
    });
    await alice.rest.issues.removeAllLabels({ owner, repo, issue_number });
    await alice.rest.issues.addAssignees({
      owner,
      repo,
      issue_number,
      assignees: ['alice'],
    });
    await alice.rest.issues.removeAssignees({
      owner,
      repo,
      issue_number,
      assignees: ['alice'],
    });
    const closed = await alice.rest.issues.update({
      owner,
      repo,
      issue_number,
      state: 'closed',
    });
    expect(closed.data).toMatchObject({
      state: 'closed',
      labels: [],
      assignees: [expect.objectContaining({ login: 'bob' })],
    });
    await alice.rest.issues.listLabelsForRepo({ owner, repo });
    await alice.rest.issues.createLabel({
      owner,
      repo,
      name: 'team:web',
      color: '0e8a16',
    });
    await alice.rest.issues.getLabel({ owner, repo, name: 'team:web' });
    await alice.rest.issues.updateLabel({
      owner,
      repo,
      name: 'team:web',
      description: 'Web team',
    });
    await alice.rest.issues.deleteLabel({ owner, repo, name: 'team:web' });
  });

  it('records deployments and environments', async () => {
    const deployment = await alice.rest.repos.createDeployment({
      owner,
      repo,
      ref: 'main',
      environment: 'staging',
      required_contexts: [],
      payload: { version: '1.2.3' },
    });
    const deployment_id = (deployment.data as { id: number }).id;
    await alice.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id,
      state: 'success',
      environment_url: 'https://staging.example.com',
    });
    const statuses = await alice.rest.repos.listDeploymentStatuses({
      owner,
      repo,
      deployment_id,
    });
    await alice.rest.repos.getDeploymentStatus({
      owner,
      repo,
      deployment_id,
      status_id: statuses.data[0].id,
    });
    await alice.rest.repos.listDeployments({
      owner,
      repo,
      environment: 'staging',
    });
    await alice.rest.repos.getDeployment({ owner, repo, deployment_id });
    await alice.rest.repos.getAllEnvironments({ owner, repo });
    await alice.rest.repos.getEnvironment({
      owner,
      repo,
      environment_name: 'staging',
    });
    await alice.rest.repos.createOrUpdateEnvironment({
      owner,
      repo,
      environment_name: 'production',
    });
    await alice.rest.repos.deleteAnEnvironment({
      owner,
      repo,
      environment_name: 'production',
    });
    await alice.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id,
      state: 'inactive',
    });
    const deleted = await alice.rest.repos.deleteDeployment({
      owner,
      repo,
      deployment_id,
    });
    expect(deleted.status).toBe(204);
  });

  it('lists Actions workflows and drives a dispatched run', async () => {
    await alice.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: '.github/workflows/deploy.yaml',
      message: 'Add deploy workflow',
      content: Buffer.from(
        'name: Deploy\non:\n  workflow_dispatch: {}\n  push: {}\n',
      ).toString('base64'),
    });
    const workflows = await alice.rest.actions.listRepoWorkflows({
      owner,
      repo,
    });
    const workflow_id = workflows.data.workflows[0].id;
    await alice.rest.actions.getWorkflow({ owner, repo, workflow_id });
    await alice.rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id,
      ref: 'main',
    });
    const runs = await alice.rest.actions.listWorkflowRuns({
      owner,
      repo,
      workflow_id,
    });
    const run_id = runs.data.workflow_runs[0].id;
    const run = await alice.rest.actions.getWorkflowRun({
      owner,
      repo,
      run_id,
    });
    expect(run.data).toMatchObject({
      event: 'workflow_dispatch',
      status: 'queued',
    });
    await alice.rest.actions.listWorkflowRunsForRepo({ owner, repo });
    await alice.rest.actions.cancelWorkflowRun({ owner, repo, run_id });
    await alice.rest.actions.reRunWorkflow({ owner, repo, run_id });
    await alice.rest.actions.createRepoVariable({
      owner,
      repo,
      name: 'REGION',
      value: 'eu',
    });
    await alice.rest.actions.listRepoVariables({ owner, repo });
    await alice.rest.actions.getRepoVariable({ owner, repo, name: 'REGION' });
    const key = await alice.rest.actions.getRepoPublicKey({ owner, repo });
    await alice.rest.actions.createOrUpdateRepoSecret({
      owner,
      repo,
      secret_name: 'TOKEN',
      encrypted_value: Buffer.from('sealed').toString('base64'),
      key_id: key.data.key_id,
    });
    await alice.rest.actions.listRepoSecrets({ owner, repo });
    await alice.rest.actions.setCustomOidcSubClaimForRepo({
      owner,
      repo,
      use_default: false,
      include_claim_keys: ['repo'],
    });
    await alice.rest.actions.getCustomOidcSubClaimForRepo({ owner, repo });
    await alice.rest.actions.setWorkflowAccessToRepository({
      owner,
      repo,
      access_level: 'organization',
    });
    await alice.rest.actions.getWorkflowAccessToRepository({ owner, repo });
  });

  it('publishes releases', async () => {
    const release = await alice.rest.repos.createRelease({
      owner,
      repo,
      tag_name: 'v1.0.0',
      name: 'First',
    });
    await alice.rest.repos.listReleases({ owner, repo });
    const latest = await alice.rest.repos.getLatestRelease({ owner, repo });
    expect(latest.data.tag_name).toBe('v1.0.0');
    await alice.rest.repos.getReleaseByTag({ owner, repo, tag: 'v1.0.0' });
    await alice.rest.repos.getRelease({
      owner,
      repo,
      release_id: release.data.id,
    });
    await alice.rest.repos.updateRelease({
      owner,
      repo,
      release_id: release.data.id,
      body: 'Notes',
    });
    await alice.rest.repos.listTags({ owner, repo });
    await alice.rest.repos.deleteRelease({
      owner,
      repo,
      release_id: release.data.id,
    });
  });

  it('answers meta endpoints and documented errors', async () => {
    await alice.rest.rateLimit.get();
    await alice.rest.meta.get();
    await expect(
      alice.rest.repos.createInOrg({ org: owner, name: repo }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      alice.rest.repos.get({ owner, repo: 'missing' }),
    ).rejects.toMatchObject({
      status: 404,
    });
    await alice.rest.repos.delete({ owner: 'alice', repo: 'scratch' });
  });

  it('matched every request and response to the description', () => {
    const unmatched = exchanges.filter(exchange => !exchange.template);
    expect(
      unmatched.map(exchange => `${exchange.method} ${exchange.url}`),
    ).toEqual([]);
    const issues = exchanges.flatMap(exchange => [
      ...description.validateRequestBody(
        exchange.method,
        exchange.template!,
        exchange.requestBody,
      ),
      ...description.validateResponse(
        exchange.method,
        exchange.template!,
        exchange.status ?? 0,
        exchange.responseBody,
      ),
    ]);
    expect(
      issues.map(issue => ({
        message: issue.message,
        errors: issue.errors
          ?.slice(0, 5)
          .map(error => `${error.instancePath} ${error.message}`),
      })),
    ).toEqual([]);
    const exercised = new Set(
      exchanges.map(exchange => `${exchange.method} ${exchange.template}`),
    );
    const notExercised = restRoutes
      .map(route => `${route.method} ${route.path}`)
      .filter(key => !exercised.has(key));
    expect(notExercised).toEqual([]);
    process.stdout.write(
      `Conformance: ${restRoutes.length} routes served, all found in ${description.name}; ` +
        `${exercised.size} exercised and validated through ${exchanges.length} octokit calls.\n`,
    );
  });
});
