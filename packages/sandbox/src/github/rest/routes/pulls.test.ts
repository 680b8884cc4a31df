import { startTestSandbox, TestSandbox } from '../../__testUtils__/testSandbox';

const owner = 'acme';

describe('pull requests', () => {
  let env: TestSandbox;
  let counter = 0;

  /** A fresh repository with `main` and a `topic` branch two commits ahead. */
  async function repositoryWithTopic(options: { conflicting?: boolean } = {}) {
    counter += 1;
    const repo = `pulls-${counter}`;
    const ref = { owner, repo };
    const { store } = env.sandbox;
    await env.alice.rest.repos.createInOrg({
      org: owner,
      name: repo,
      auto_init: true,
    });
    await env.alice.rest.teams.addOrUpdateRepoPermissionsInOrg({
      org: owner,
      team_slug: 'platform',
      owner,
      repo,
      permission: 'push',
    });
    const commit = (
      branch: string,
      path: string,
      content: string,
      message: string,
    ) =>
      store.git.commitToBranch({
        ...ref,
        branch,
        message,
        changes: [{ path, content }],
        pusher: 'alice',
      });
    await commit(
      'topic',
      'shared.txt',
      'line 1\nline 2\nline 3\n',
      'Add shared file',
    );
    await commit('topic', 'feature.txt', 'feature\n', 'Add feature');
    if (options.conflicting) {
      await commit('main', 'shared.txt', 'different\n', 'Conflicting change');
    } else {
      await commit('main', 'main-only.txt', 'main\n', 'Main moves on');
    }
    return ref;
  }

  beforeAll(async () => {
    env = await startTestSandbox();
  });

  afterAll(async () => {
    await env.close();
  });

  it.each([
    ['merge', 2, /^Merge pull request #1 from acme\/topic\n\nShip topic$/, 5],
    [
      'squash',
      1,
      /^Ship topic \(#1\)\n\n\* Add shared file\n\n\* Add feature$/,
      3,
    ],
    ['rebase', 1, /^Add feature$/, 4],
  ] as const)(
    'merges with %s',
    async (method, parents, message, historyLength) => {
      const ref = await repositoryWithTopic();
      const pull = await env.alice.rest.pulls.create({
        ...ref,
        title: 'Ship topic',
        head: 'topic',
        base: 'main',
      });
      expect(pull.data).toMatchObject({
        mergeable: true,
        mergeable_state: 'clean',
        commits: 2,
        changed_files: 2,
      });
      const merged = await env.alice.rest.pulls.merge({
        ...ref,
        pull_number: pull.data.number,
        merge_method: method,
      });
      expect(merged.data).toEqual({
        sha: merged.data.sha,
        merged: true,
        message: 'Pull Request successfully merged',
      });

      const head = await env.alice.rest.git.getCommit({
        ...ref,
        commit_sha: merged.data.sha,
      });
      expect(head.data.parents).toHaveLength(parents);
      expect(head.data.message).toMatch(message);
      const history = await env.alice.rest.repos.listCommits({
        ...ref,
        sha: 'main',
      });
      expect(history.data).toHaveLength(historyLength);
      const files = await env.alice.rest.repos.getContent({ ...ref, path: '' });
      expect(
        (files.data as Array<{ name: string }>).map(file => file.name),
      ).toEqual(['README.md', 'feature.txt', 'main-only.txt', 'shared.txt']);
      const after = await env.alice.rest.pulls.get({
        ...ref,
        pull_number: pull.data.number,
      });
      expect(after.data).toMatchObject({
        state: 'closed',
        merged: true,
        merge_commit_sha: merged.data.sha,
        merged_by: { login: 'alice' },
      });
      await expect(
        env.alice.rest.pulls.checkIfMerged({
          ...ref,
          pull_number: pull.data.number,
        }),
      ).resolves.toMatchObject({
        status: 204,
      });
    },
  );

  it('reports conflicts as not mergeable', async () => {
    const ref = await repositoryWithTopic({ conflicting: true });
    const pull = await env.alice.rest.pulls.create({
      ...ref,
      title: 'Conflict',
      head: 'topic',
      base: 'main',
    });
    expect(pull.data).toMatchObject({
      mergeable: false,
      mergeable_state: 'dirty',
    });
    await expect(
      env.alice.rest.pulls.merge({ ...ref, pull_number: pull.data.number }),
    ).rejects.toMatchObject({
      status: 405,
      response: { data: { message: 'Pull Request is not mergeable' } },
    });
  });

  it.each([
    [
      'without commits',
      { head: 'main', base: 'main' },
      {
        resource: 'PullRequest',
        code: 'custom',
        message: 'No commits between main and main',
      },
    ],
    [
      'from a missing branch',
      { head: 'ghost', base: 'main' },
      { resource: 'PullRequest', field: 'head', code: 'invalid' },
    ],
    [
      'onto a missing branch',
      { head: 'topic', base: 'ghost' },
      { resource: 'PullRequest', field: 'base', code: 'invalid' },
    ],
  ])('refuses to open a pull request %s', async (_case, branches, error) => {
    const ref = await repositoryWithTopic();
    await expect(
      env.alice.rest.pulls.create({ ...ref, title: 'x', ...branches }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Validation Failed', errors: [error] } },
    });
  });

  it('refuses a second open pull request for the same branches', async () => {
    const ref = await repositoryWithTopic();
    await env.alice.rest.pulls.create({
      ...ref,
      title: 'first',
      head: 'topic',
      base: 'main',
    });
    await expect(
      env.alice.rest.pulls.create({
        ...ref,
        title: 'second',
        head: 'acme:topic',
        base: 'main',
      }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: 'A pull request already exists for acme:topic.',
            },
          ],
        },
      },
    });
  });

  it('enforces required reviews and status checks from branch protection', async () => {
    const ref = await repositoryWithTopic();
    await env.alice.rest.repos.updateBranchProtection({
      ...ref,
      branch: 'main',
      required_status_checks: { strict: false, contexts: ['ci'] },
      enforce_admins: true,
      required_pull_request_reviews: { required_approving_review_count: 1 },
      restrictions: null,
    });
    const pull = await env.bob.rest.pulls.create({
      ...ref,
      title: 'Protected',
      head: 'topic',
      base: 'main',
    });
    const pull_number = pull.data.number;
    await expect(
      env.bob.rest.pulls.createReview({
        ...ref,
        pull_number,
        event: 'APPROVE',
      }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: 'Unprocessable Entity',
          errors: ['Can not approve your own pull request'],
        },
      },
    });
    await expect(
      env.bob.rest.pulls.merge({ ...ref, pull_number }),
    ).rejects.toMatchObject({
      status: 405,
      response: {
        data: {
          message:
            'At least 1 approving review is required by reviewers with write access.',
        },
      },
    });
    await env.alice.rest.pulls.createReview({
      ...ref,
      pull_number,
      event: 'APPROVE',
    });
    await expect(
      env.bob.rest.pulls.merge({ ...ref, pull_number }),
    ).rejects.toMatchObject({
      status: 405,
      response: {
        data: { message: 'Required status check "ci" is expected.' },
      },
    });
    await env.alice.rest.repos.createCommitStatus({
      ...ref,
      sha: pull.data.head.sha,
      state: 'failure',
      context: 'ci',
    });
    await expect(
      env.bob.rest.pulls.merge({ ...ref, pull_number }),
    ).rejects.toMatchObject({
      response: { data: { message: 'Required status check "ci" is failing.' } },
    });
    await env.alice.rest.repos.createCommitStatus({
      ...ref,
      sha: pull.data.head.sha,
      state: 'success',
      context: 'ci',
    });
    await expect(
      env.bob.rest.pulls.merge({ ...ref, pull_number }),
    ).resolves.toMatchObject({ status: 200 });
  });

  it('refuses a merge when the head moved since the caller looked', async () => {
    const ref = await repositoryWithTopic();
    const pull = await env.alice.rest.pulls.create({
      ...ref,
      title: 'Moving',
      head: 'topic',
      base: 'main',
    });
    await expect(
      env.alice.rest.pulls.merge({
        ...ref,
        pull_number: pull.data.number,
        sha: 'b'.repeat(40),
      }),
    ).rejects.toMatchObject({
      status: 409,
      response: {
        data: {
          message: 'Head branch was modified. Review and try the merge again.',
        },
      },
    });
  });

  it('follows pushes to the head branch and closes the pull request when the branch is deleted', async () => {
    const ref = await repositoryWithTopic();
    const pull = await env.alice.rest.pulls.create({
      ...ref,
      title: 'Follow',
      head: 'topic',
      base: 'main',
    });
    const pushed = await env.sandbox.store.git.commitToBranch({
      ...ref,
      branch: 'topic',
      message: 'More work',
      changes: [{ path: 'more.txt', content: 'more\n' }],
      pusher: 'alice',
    });
    const updated = await env.alice.rest.pulls.get({
      ...ref,
      pull_number: pull.data.number,
    });
    expect(updated.data).toMatchObject({
      head: { sha: pushed.sha },
      commits: 3,
    });
    await env.alice.rest.git.deleteRef({ ...ref, ref: 'heads/topic' });
    const closed = await env.alice.rest.pulls.get({
      ...ref,
      pull_number: pull.data.number,
    });
    expect(closed.data).toMatchObject({ state: 'closed', merged: false });
  });

  it('deletes the head branch after merging when the repository asks for it', async () => {
    const ref = await repositoryWithTopic();
    await env.alice.rest.repos.update({ ...ref, delete_branch_on_merge: true });
    const pull = await env.alice.rest.pulls.create({
      ...ref,
      title: 'Tidy',
      head: 'topic',
      base: 'main',
    });
    await env.alice.rest.pulls.merge({ ...ref, pull_number: pull.data.number });
    await expect(
      env.alice.rest.git.getRef({ ...ref, ref: 'heads/topic' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('only requests reviews from collaborators', async () => {
    const ref = await repositoryWithTopic();
    const pull = await env.alice.rest.pulls.create({
      ...ref,
      title: 'Review me',
      head: 'topic',
      base: 'main',
    });
    await expect(
      env.alice.rest.pulls.requestReviewers({
        ...ref,
        pull_number: pull.data.number,
        reviewers: ['mallory'],
      }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          errors: [
            expect.objectContaining({
              message: `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the acme/${ref.repo} repository.`,
            }),
          ],
        },
      },
    });
    await env.alice.rest.pulls.requestReviewers({
      ...ref,
      pull_number: pull.data.number,
      reviewers: ['bob'],
    });
    await env.bob.rest.pulls.createReview({
      ...ref,
      pull_number: pull.data.number,
      event: 'COMMENT',
      body: 'Hmm',
    });
    const requested = await env.alice.rest.pulls.listRequestedReviewers({
      ...ref,
      pull_number: pull.data.number,
    });
    expect(requested.data.users).toEqual([]);
  });

  it('lists pull requests by state and head', async () => {
    const ref = await repositoryWithTopic();
    const pull = await env.alice.rest.pulls.create({
      ...ref,
      title: 'Listed',
      head: 'topic',
      base: 'main',
    });
    await env.alice.rest.pulls.update({
      ...ref,
      pull_number: pull.data.number,
      state: 'closed',
    });
    const list = async (params: Record<string, string>) =>
      (await env.alice.rest.pulls.list({ ...ref, ...params })).data.map(
        item => item.number,
      );
    await expect(list({})).resolves.toEqual([]);
    await expect(
      list({ state: 'closed', head: 'acme:topic' }),
    ).resolves.toEqual([pull.data.number]);
    await expect(list({ state: 'all', head: 'acme:other' })).resolves.toEqual(
      [],
    );
  });
});
