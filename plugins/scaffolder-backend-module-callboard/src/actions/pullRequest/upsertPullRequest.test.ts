import { InputError } from '@backstage/errors';
import {
  ALICE_TOKEN,
  BOT_TOKEN,
  commitFiles,
  commitsOnBranch,
  createRepository,
  createTestAction,
  octokitAs,
  OWNER,
  persistentCheckpoints,
  readBranchFiles,
  recordingLogger,
  repoUrl,
  runAction,
  startTestGithub,
  TestGithub,
  UpsertAction,
  writeRequests,
} from './__testUtils__/testGithub';
import { PullRequestStepError } from './progress';

const CATALOG_INFO = 'apiVersion: backstage.io/v1alpha1\nkind: Component\n';

describe('callboard:github:pull-request against the GitHub sandbox', () => {
  let github: TestGithub;
  let action: UpsertAction;
  let repoCounter = 0;

  beforeAll(async () => {
    github = await startTestGithub();
    action = createTestAction(github);
  });

  afterAll(async () => {
    await github.close();
  });

  afterEach(() => {
    github.sandbox.faults.reset();
  });

  async function freshRepository(
    files: Record<string, string> = {
      'README.md': '# service\n',
      '.travis.yml': 'language: node_js\n',
      'ci/legacy/build.sh': 'make\n',
      'ci/legacy/deploy.sh': 'make deploy\n',
    },
  ): Promise<string> {
    repoCounter += 1;
    const name = `service-${repoCounter}`;
    await createRepository(github, name, files);
    github.sandbox.requestCount.reset();
    return name;
  }

  function baseInput(repo: string) {
    return {
      repoUrl: repoUrl(github, repo),
      branchName: 'callboard/register',
      title: 'Register the service',
      description: 'Adds catalog-info.yaml.',
      files: [{ path: 'catalog-info.yaml', content: CATALOG_INFO }],
    };
  }

  async function openPullRequests(repo: string) {
    const pulls = await github.admin.rest.pulls.list({
      owner: OWNER,
      repo,
      state: 'all',
    });
    return pulls.data;
  }

  describe('upsert', () => {
    it('creates a pull request with labels, reviewers and team reviewers', async () => {
      const repo = await freshRepository();

      const { outputs } = await runAction(action, {
        ...baseInput(repo),
        labels: ['callboard', 'catalog'],
        reviewers: ['alice'],
        teamReviewers: ['platform'],
      });

      expect(outputs).toEqual({
        result: 'created',
        number: 1,
        url: `${github.sandbox.url}/${OWNER}/${repo}/pull/1`,
        branch: 'callboard/register',
        changes: [
          {
            path: 'catalog-info.yaml',
            change: 'added',
            sizeAfter: CATALOG_INFO.length,
          },
        ],
      });
      expect(github.sandbox.requestCount.byRoute()).toEqual({
        'GET /repos/{owner}/{repo}/pulls': 1,
        'GET /repos/{owner}/{repo}': 1,
        'GET /repos/{owner}/{repo}/branches/{branch}': 2,
        'GET /repos/{owner}/{repo}/git/trees/{tree_sha}': 1,
        'POST /repos/{owner}/{repo}/git/trees': 1,
        'POST /repos/{owner}/{repo}/git/commits': 1,
        'POST /repos/{owner}/{repo}/git/refs': 1,
        'POST /repos/{owner}/{repo}/pulls': 1,
        'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': 1,
        'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers': 1,
      });
      expect(github.sandbox.requestCount.total).toBe(11);

      const pull = (
        await github.admin.rest.pulls.get({
          owner: OWNER,
          repo,
          pull_number: 1,
        })
      ).data;
      expect(pull).toMatchObject({
        title: 'Register the service',
        body: 'Adds catalog-info.yaml.',
        draft: false,
        head: { ref: 'callboard/register' },
        base: { ref: 'main' },
        user: { login: 'callboard-bot' },
      });
      expect(pull.labels.map(label => label.name)).toEqual([
        'callboard',
        'catalog',
      ]);
      expect(pull.requested_reviewers?.map(user => user.login)).toEqual([
        'alice',
      ]);
      expect(pull.requested_teams?.map(team => team.slug)).toEqual([
        'platform',
      ]);
      await expect(
        readBranchFiles(github, repo, 'callboard/register'),
      ).resolves.toMatchObject({ 'catalog-info.yaml': CATALOG_INFO });
      const commits = await commitsOnBranch(github, repo, 'callboard/register');
      expect(commits[0]).toBe('Register the service');
      expect(commits).toHaveLength(3);
    });

    it('reports unchanged for the same input, with reads only and no new commit', async () => {
      const repo = await freshRepository();
      const input = {
        ...baseInput(repo),
        labels: ['callboard'],
        reviewers: ['alice'],
        teamReviewers: ['platform'],
      };
      await runAction(action, input);
      const commitsBefore = await commitsOnBranch(
        github,
        repo,
        'callboard/register',
      );
      github.sandbox.requestCount.reset();

      const { outputs } = await runAction(action, input);

      expect(outputs).toMatchObject({
        result: 'unchanged',
        number: 1,
        url: `${github.sandbox.url}/${OWNER}/${repo}/pull/1`,
        changes: [],
      });
      expect(writeRequests(github.sandbox)).toEqual({});
      expect(github.sandbox.requestCount.total).toBe(3);
      await expect(
        commitsOnBranch(github, repo, 'callboard/register'),
      ).resolves.toEqual(commitsBefore);
      expect(await openPullRequests(repo)).toHaveLength(1);
    });

    it('does not ask people who already reviewed again', async () => {
      const repo = await freshRepository();
      const input = { ...baseInput(repo), reviewers: ['alice'] };
      await runAction(action, input);
      await octokitAs(github, ALICE_TOKEN).rest.pulls.createReview({
        owner: OWNER,
        repo,
        pull_number: 1,
        event: 'COMMENT',
        body: 'Looks fine',
      });
      github.sandbox.requestCount.reset();

      const { outputs } = await runAction(action, input);

      expect(outputs.result).toBe('unchanged');
      expect(writeRequests(github.sandbox)).toEqual({});
    });

    it('pushes one new commit when a file changes and updates nothing else', async () => {
      const repo = await freshRepository();
      await runAction(action, baseInput(repo));
      github.sandbox.requestCount.reset();
      const changed = `${CATALOG_INFO}metadata:\n  name: service\n`;

      const { outputs } = await runAction(action, {
        ...baseInput(repo),
        files: [{ path: 'catalog-info.yaml', content: changed }],
      });

      expect(outputs).toMatchObject({
        result: 'updated',
        number: 1,
        changes: [
          {
            path: 'catalog-info.yaml',
            change: 'modified',
            sizeBefore: CATALOG_INFO.length,
            sizeAfter: changed.length,
          },
        ],
      });
      expect(writeRequests(github.sandbox)).toEqual({
        'POST /repos/{owner}/{repo}/git/trees': 1,
        'POST /repos/{owner}/{repo}/git/commits': 1,
        'PATCH /repos/{owner}/{repo}/git/refs/{ref}': 1,
      });
      expect(github.sandbox.requestCount.total).toBe(6);
      const commits = await commitsOnBranch(github, repo, 'callboard/register');
      expect(commits.slice(0, 2)).toEqual([
        'Register the service',
        'Register the service',
      ]);
      expect(commits).toHaveLength(4);
      await expect(
        readBranchFiles(github, repo, 'callboard/register'),
      ).resolves.toMatchObject({ 'catalog-info.yaml': changed });
      expect(await openPullRequests(repo)).toHaveLength(1);
    });

    it('deletes files and whole folders, ignoring paths that do not exist', async () => {
      const repo = await freshRepository();
      await runAction(action, baseInput(repo));

      const { outputs } = await runAction(action, {
        ...baseInput(repo),
        deletions: ['.travis.yml', 'ci/legacy', 'never/existed.txt'],
        commitMessage: 'ci: drop the legacy CI',
      });

      expect(outputs).toMatchObject({
        result: 'updated',
        changes: [
          { path: '.travis.yml', change: 'deleted' },
          { path: 'ci/legacy/build.sh', change: 'deleted' },
          { path: 'ci/legacy/deploy.sh', change: 'deleted' },
        ],
      });
      const files = await readBranchFiles(github, repo, 'callboard/register');
      expect(Object.keys(files).sort()).toEqual([
        'README.md',
        'catalog-info.yaml',
      ]);
      const commits = await commitsOnBranch(github, repo, 'callboard/register');
      expect(commits[0]).toBe('ci: drop the legacy CI');
    });

    it('updates the title, body and labels of an open pull request without a commit', async () => {
      const repo = await freshRepository();
      await runAction(action, { ...baseInput(repo), labels: ['callboard'] });
      github.sandbox.requestCount.reset();

      const { outputs } = await runAction(action, {
        ...baseInput(repo),
        title: 'Register the service in the catalog',
        description: 'New body',
        labels: ['callboard', 'catalog'],
      });

      expect(outputs).toMatchObject({ result: 'updated', changes: [] });
      expect(writeRequests(github.sandbox)).toEqual({
        'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': 1,
        'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': 1,
      });
      const pull = (
        await github.admin.rest.pulls.get({
          owner: OWNER,
          repo,
          pull_number: 1,
        })
      ).data;
      expect(pull.title).toBe('Register the service in the catalog');
      expect(pull.body).toBe('New body');
      expect(pull.labels.map(label => label.name)).toEqual([
        'callboard',
        'catalog',
      ]);
    });

    it('opens a draft pull request with a binary, executable file', async () => {
      const repo = await freshRepository();
      const script = Buffer.from('#!/bin/sh\necho hi\n\0\x01');

      const { outputs } = await runAction(action, {
        ...baseInput(repo),
        draft: true,
        files: [
          {
            path: 'bin/tool',
            content: script.toString('base64'),
            encoding: 'base64',
            executable: true,
          },
        ],
      });

      expect(outputs.result).toBe('created');
      const pull = (
        await github.admin.rest.pulls.get({
          owner: OWNER,
          repo,
          pull_number: 1,
        })
      ).data;
      expect(pull.draft).toBe(true);
      const tree = await github.admin.rest.git.getTree({
        owner: OWNER,
        repo,
        tree_sha: 'callboard/register',
        recursive: 'true',
      });
      const entry = tree.data.tree.find(item => item.path === 'bin/tool');
      expect(entry?.mode).toBe('100755');
      const blob = await github.admin.rest.git.getBlob({
        owner: OWNER,
        repo,
        file_sha: entry!.sha!,
      });
      expect(Buffer.from(blob.data.content, 'base64')).toEqual(script);
    });

    it('acts as the user when a token is given', async () => {
      const repo = await freshRepository();

      await runAction(action, { ...baseInput(repo), token: ALICE_TOKEN });

      const [pull] = await openPullRequests(repo);
      expect(pull.user?.login).toBe('alice');
    });

    it('proposes nothing when the base branch already has the content', async () => {
      const repo = await freshRepository({ 'catalog-info.yaml': CATALOG_INFO });

      const { outputs } = await runAction(action, baseInput(repo));

      expect(outputs).toMatchObject({
        result: 'unchanged',
        number: 0,
        url: '',
      });
      expect(writeRequests(github.sandbox)).toEqual({});
      expect(await openPullRequests(repo)).toHaveLength(0);
    });
  });

  describe('dry run', () => {
    it('writes nothing and outputs the diff of a pull request it would create', async () => {
      const repo = await freshRepository();

      const { outputs, logger } = await runAction(action, baseInput(repo), {
        dryRun: true,
      });

      expect(outputs).toEqual({
        result: 'created',
        number: 0,
        url: '',
        branch: 'callboard/register',
        changes: [
          {
            path: 'catalog-info.yaml',
            change: 'added',
            binary: false,
            sizeAfter: CATALOG_INFO.length,
            diff: expect.stringContaining(
              '--- /dev/null\n+++ b/catalog-info.yaml\n@@ -0,0 +1,2 @@\n+apiVersion: backstage.io/v1alpha1\n+kind: Component\n',
            ),
          },
        ],
      });
      expect(writeRequests(github.sandbox)).toEqual({});
      expect(logger.lines.join('\n')).toContain(
        'Dry run: would open a pull request',
      );
      expect(await openPullRequests(repo)).toHaveLength(0);
    });

    it('shows modified, deleted and binary files of an update', async () => {
      const repo = await freshRepository();
      await runAction(action, baseInput(repo));
      github.sandbox.requestCount.reset();

      const { outputs } = await runAction(
        action,
        {
          ...baseInput(repo),
          files: [
            {
              path: 'catalog-info.yaml',
              content: CATALOG_INFO.replace('Component', 'API'),
            },
            {
              path: 'logo.png',
              content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1]).toString(
                'base64',
              ),
              encoding: 'base64',
            },
          ],
          deletions: ['.travis.yml'],
        },
        { dryRun: true },
      );

      expect(outputs).toMatchObject({
        result: 'updated',
        number: 1,
        url: `${github.sandbox.url}/${OWNER}/${repo}/pull/1`,
        changes: [
          {
            path: '.travis.yml',
            change: 'deleted',
            binary: false,
            sizeBefore: 18,
            diff: expect.stringContaining('-language: node_js'),
          },
          {
            path: 'catalog-info.yaml',
            change: 'modified',
            binary: false,
            diff: expect.stringContaining('-kind: Component\n+kind: API'),
          },
          {
            path: 'logo.png',
            change: 'added',
            binary: true,
            sizeAfter: 6,
          },
        ],
      });
      expect(writeRequests(github.sandbox)).toEqual({});
      await expect(
        readBranchFiles(github, repo, 'callboard/register'),
      ).resolves.toMatchObject({ 'catalog-info.yaml': CATALOG_INFO });
    });
  });

  describe('failures and resuming', () => {
    it('resumes from its checkpoints after a crash: one pull request, one commit', async () => {
      const repo = await freshRepository();
      const { checkpoint } = persistentCheckpoints();
      const input = { ...baseInput(repo), labels: ['callboard'] };
      github.sandbox.faults.failNext({
        method: 'POST',
        path: '/repos/{owner}/{repo}/pulls',
        status: 500,
        count: 10,
      });

      const crash = runAction(action, input, { checkpoint });

      await expect(crash).rejects.toThrow(PullRequestStepError);
      await expect(crash).rejects.toThrow(
        new RegExp(
          `^Could not open the pull request: POST /repos/${OWNER}/${repo}/pulls answered 500 \\(Server Error\\) after 2 retries\\. Already done: created commit [0-9a-f]{7}; created branch 'callboard/register' at commit [0-9a-f]{7}\\. Running the task again resumes from there\\.$`,
        ),
      );
      expect(
        github.sandbox.requestCount.count('POST /repos/{owner}/{repo}/pulls'),
      ).toBe(3);
      github.sandbox.faults.reset();
      github.sandbox.requestCount.reset();

      const { outputs } = await runAction(action, input, { checkpoint });

      expect(outputs).toMatchObject({ result: 'created', number: 1 });
      expect(writeRequests(github.sandbox)).toEqual({
        'POST /repos/{owner}/{repo}/pulls': 1,
        'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': 1,
      });
      expect(await openPullRequests(repo)).toHaveLength(1);
      const commits = await commitsOnBranch(github, repo, 'callboard/register');
      expect(commits.filter(message => message === input.title)).toHaveLength(
        1,
      );
    });

    it.each(['ref', 'open-pull'])(
      'does not repeat a side effect whose checkpoint was lost in a crash (%s)',
      async step => {
        const repo = await freshRepository();
        const { checkpoint } = persistentCheckpoints({ crashAfter: step });
        const input = { ...baseInput(repo), labels: ['callboard'] };

        await expect(runAction(action, input, { checkpoint })).rejects.toThrow(
          'simulated crash before the checkpoint was stored',
        );
        const { outputs } = await runAction(action, input, { checkpoint });

        expect(outputs).toMatchObject({ result: 'created', number: 1 });
        expect(await openPullRequests(repo)).toHaveLength(1);
        const commits = await commitsOnBranch(
          github,
          repo,
          'callboard/register',
        );
        expect(commits).toHaveLength(3);
        expect(
          github.sandbox.requestCount.count(
            'POST /repos/{owner}/{repo}/git/commits',
          ),
        ).toBe(1);
      },
    );

    it('still finishes without a new commit when its checkpoints are lost', async () => {
      const repo = await freshRepository();
      github.sandbox.faults.failNext({
        method: 'POST',
        path: '/repos/{owner}/{repo}/pulls',
        status: 502,
        count: 3,
      });
      await expect(runAction(action, baseInput(repo))).rejects.toThrow(
        /answered 502/,
      );
      github.sandbox.requestCount.reset();

      const { outputs } = await runAction(action, baseInput(repo));

      expect(outputs.result).toBe('created');
      expect(writeRequests(github.sandbox)).toEqual({
        'POST /repos/{owner}/{repo}/pulls': 1,
      });
      const commits = await commitsOnBranch(github, repo, 'callboard/register');
      expect(commits).toHaveLength(3);
    });

    it('retries 5xx answers within the budget', async () => {
      const repo = await freshRepository();
      github.sandbox.faults.failNext({
        method: 'POST',
        path: '/repos/{owner}/{repo}/git/commits',
        status: 503,
        count: 2,
      });

      const { outputs } = await runAction(action, baseInput(repo));

      expect(outputs.result).toBe('created');
      expect(
        github.sandbox.requestCount.count(
          'POST /repos/{owner}/{repo}/git/commits',
        ),
      ).toBe(3);
    });

    it('names the step and what was created when a later call keeps failing', async () => {
      const repo = await freshRepository();
      github.sandbox.faults.failNext({
        method: 'POST',
        path: '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
        status: 500,
        count: 10,
      });

      await expect(
        runAction(action, {
          ...baseInput(repo),
          labels: ['callboard'],
          reviewers: ['alice'],
        }),
      ).rejects.toThrow(
        `Could not request reviews on pull request #1: POST /repos/${OWNER}/${repo}/pulls/1/requested_reviewers answered 500 (Server Error) after 2 retries. Already done: created commit`,
      );
    });

    it.each([403, 429] as const)(
      'waits out a secondary rate limit answered with %s and Retry-After',
      async status => {
        const repo = await freshRepository();
        const waits: number[] = [];
        const patient = createTestAction(github, {
          sleep: async ms => {
            waits.push(ms);
          },
        });
        github.sandbox.faults.triggerSecondaryRateLimit({
          status,
          retryAfterSeconds: 3,
          count: 1,
        });

        const { outputs } = await runAction(patient, baseInput(repo));

        expect(outputs.result).toBe('created');
        expect(waits).toEqual([3000]);
      },
    );

    it('fails at once when a secondary rate limit asks to wait longer than allowed', async () => {
      const repo = await freshRepository();
      github.sandbox.faults.triggerSecondaryRateLimit({
        retryAfterSeconds: 600,
        count: 1,
      });

      await expect(runAction(action, baseInput(repo))).rejects.toThrow(
        `Could not look up open pull requests from branch 'callboard/register': GitHub secondary rate limit hit (GET /repos/${OWNER}/${repo}/pulls answered 403); GitHub asked to retry after 600 s, longer than the 5 s this backend waits (callboard.github.maxRetryWait). Nothing had been changed on GitHub yet.`,
      );
    });

    it('reports when an exhausted primary rate limit resets', async () => {
      const repo = await freshRepository();
      github.sandbox.faults.setRateLimit({ remaining: 0, resetInSeconds: 900 });
      const before = Math.floor(Date.now() / 1000) + 900;

      const failure = await runAction(action, baseInput(repo)).catch(
        (error: Error) => error,
      );

      expect(failure).toBeInstanceOf(PullRequestStepError);
      const match = /it resets at (\S+Z)/.exec((failure as Error).message);
      expect(match).not.toBeNull();
      const resetAt = Date.parse(match![1]) / 1000;
      expect(resetAt).toBeGreaterThanOrEqual(before - 5);
      expect(resetAt).toBeLessThanOrEqual(before + 5);
      expect((failure as Error).message).toContain(
        `GitHub API rate limit exhausted (GET /repos/${OWNER}/${repo}/pulls answered 403)`,
      );
    });
  });

  describe('bad input', () => {
    it.each([
      {
        name: 'a repoUrl without owner',
        input: (repo: string) => ({
          repoUrl: `${github.sandbox.host}?repo=${repo}`,
        }),
        message: /missing owner/,
      },
      {
        name: 'a repoUrl without repo',
        input: () => ({ repoUrl: `${github.sandbox.host}?owner=${OWNER}` }),
        message: /missing repo/,
      },
      {
        name: 'a path with ..',
        input: () => ({
          files: [{ path: 'docs/../../etc/passwd', content: 'x' }],
        }),
        message:
          'Invalid path "docs/../../etc/passwd" in files[0].path: it contains a \'..\' segment',
      },
      {
        name: 'an absolute path',
        input: () => ({ files: [{ path: '/etc/passwd', content: 'x' }] }),
        message:
          'Invalid path "/etc/passwd" in files[0].path: it is absolute; paths are relative to the repository root',
      },
      {
        name: 'a path with a NUL character',
        input: () => ({ files: [{ path: 'a\0b', content: 'x' }] }),
        message:
          /Invalid path "a\\u0000b" in files\[0\]\.path: it contains a NUL character/,
      },
      {
        name: 'a deletion with ..',
        input: () => ({ deletions: ['../outside'] }),
        message:
          'Invalid path "../outside" in deletions[0]: it contains a \'..\' segment',
      },
      {
        name: 'empty files and deletions',
        input: () => ({ files: [], deletions: [] }),
        message: "Nothing to change: 'files' and 'deletions' are both empty",
      },
      {
        name: 'an unknown host',
        input: (repo: string) => ({
          repoUrl: `github.example.org?owner=${OWNER}&repo=${repo}`,
        }),
        message:
          'No matching integration configuration for host github.example.org, please check your integrations config',
      },
      {
        name: 'an invalid branch name',
        input: () => ({ branchName: 'feature..x' }),
        message: /Invalid branch name "feature\.\.x" in branchName/,
      },
    ])('rejects $name', async ({ input, message }) => {
      const repo = await freshRepository();

      const failure = runAction(action, { ...baseInput(repo), ...input(repo) });

      await expect(failure).rejects.toThrow(InputError);
      await expect(failure).rejects.toThrow(message);
      expect(github.sandbox.requestCount.total).toBe(0);
    });

    it('rejects a base branch that does not exist', async () => {
      const repo = await freshRepository();

      await expect(
        runAction(action, { ...baseInput(repo), baseBranch: 'develop' }),
      ).rejects.toThrow(
        `Base branch 'develop' does not exist in '${OWNER}/${repo}'`,
      );
      expect(writeRequests(github.sandbox)).toEqual({});
    });
  });

  describe('secrets', () => {
    it('never shows a token in logs, outputs or errors', async () => {
      const repo = await freshRepository();
      const logger = recordingLogger();
      const seen: string[] = [];

      const { outputs } = await runAction(
        action,
        { ...baseInput(repo), labels: ['x'] },
        {},
        logger,
      );
      seen.push(JSON.stringify(outputs));
      const dryRun = await runAction(
        action,
        { ...baseInput(repo), token: ALICE_TOKEN, title: 'Changed' },
        { dryRun: true },
        logger,
      );
      seen.push(JSON.stringify(dryRun.outputs));
      github.sandbox.faults.failNext({
        method: 'PATCH',
        status: 500,
        count: 10,
      });
      const failure = await runAction(
        action,
        { ...baseInput(repo), token: ALICE_TOKEN, title: 'Changed again' },
        {},
        logger,
      ).catch((error: Error) => error);
      expect(failure).toBeInstanceOf(PullRequestStepError);
      seen.push(
        String(failure),
        (failure as Error).stack ?? '',
        JSON.stringify(failure),
      );
      const rateLimited = await (async () => {
        github.sandbox.faults.setRateLimit({ remaining: 0 });
        return runAction(action, baseInput(repo), {}, logger).catch(
          (error: Error) => error,
        );
      })();
      seen.push(String(rateLimited), JSON.stringify(rateLimited));
      seen.push(...logger.lines);

      expect(logger.lines.length).toBeGreaterThan(0);
      for (const text of seen) {
        expect(text).not.toContain(BOT_TOKEN);
        expect(text).not.toContain(ALICE_TOKEN);
      }
    });
  });

  it('never opens a second pull request for the same branch', async () => {
    const repo = await freshRepository();
    await commitFiles(github, repo, 'callboard/register', {
      'catalog-info.yaml': 'stale\n',
    });

    await runAction(action, baseInput(repo));
    await runAction(action, baseInput(repo));
    await runAction(action, {
      ...baseInput(repo),
      files: [{ path: 'catalog-info.yaml', content: 'v2\n' }],
    });

    const pulls = await openPullRequests(repo);
    expect(pulls.map(pull => pull.number)).toEqual([1]);
    await expect(
      readBranchFiles(github, repo, 'callboard/register'),
    ).resolves.toMatchObject({ 'catalog-info.yaml': 'v2\n' });
  });
});
