import { startTestSandbox, TestSandbox } from '../../__testUtils__/testSandbox';

const ref = { owner: 'acme', repo: 'tracker' };

interface IssueQuery {
  state?: 'open' | 'closed' | 'all';
  labels?: string;
  assignee?: string;
  creator?: string;
  direction?: 'asc' | 'desc';
}

describe('issues and labels', () => {
  let env: TestSandbox;

  beforeAll(async () => {
    env = await startTestSandbox();
    await env.alice.rest.repos.createInOrg({
      org: 'acme',
      name: 'tracker',
      auto_init: true,
    });
    await env.alice.rest.repos.createInOrg({
      org: 'acme',
      name: 'quiet',
      has_issues: false,
    });
    const { data: first } = await env.alice.rest.issues.create({
      ...ref,
      title: 'Checkout is slow',
      labels: ['bug', 'sev2'],
      assignees: ['bob'],
    });
    await env.bob.rest.issues.create({
      ...ref,
      title: 'Docs typo',
      labels: ['documentation'],
    });
    await env.alice.rest.issues.update({
      ...ref,
      issue_number: first.number,
      state: 'closed',
      state_reason: 'completed',
    });
    await env.sandbox.store.git.commitToBranch({
      ...ref,
      branch: 'fix',
      message: 'Fix',
      changes: [{ path: 'fix.txt', content: 'x' }],
      pusher: 'alice',
    });
    await env.alice.rest.pulls.create({
      ...ref,
      title: 'Fix things',
      head: 'fix',
      base: 'main',
    });
  });

  afterAll(async () => {
    await env.close();
  });

  it.each([
    [
      'open issues and pull requests by default',
      {},
      ['Fix things', 'Docs typo'],
    ],
    ['closed ones', { state: 'closed' }, ['Checkout is slow']],
    ['by label', { state: 'all', labels: 'bug,sev2' }, ['Checkout is slow']],
    ['by assignee', { state: 'all', assignee: 'bob' }, ['Checkout is slow']],
    [
      'unassigned',
      { state: 'all', assignee: 'none' },
      ['Fix things', 'Docs typo'],
    ],
    ['by creator', { state: 'all', creator: 'bob' }, ['Docs typo']],
    [
      'oldest first',
      { state: 'all', direction: 'asc' },
      ['Checkout is slow', 'Docs typo', 'Fix things'],
    ],
  ] as Array<[string, IssueQuery, string[]]>)(
    'lists %s',
    async (_case, query, titles) => {
      const { data } = await env.alice.rest.issues.listForRepo({
        ...ref,
        ...query,
      });
      expect(data.map(issue => issue.title)).toEqual(titles);
    },
  );

  it('marks pull requests in issue listings and shares their numbering', async () => {
    const { data } = await env.alice.rest.issues.listForRepo({
      ...ref,
      state: 'all',
    });
    const pull = data.find(issue => issue.title === 'Fix things')!;
    expect(pull.number).toBe(3);
    expect(pull.pull_request).toMatchObject({
      url: `${env.sandbox.apiBaseUrl}/repos/acme/tracker/pulls/3`,
    });
    const { data: closed } = await env.alice.rest.issues.get({
      ...ref,
      issue_number: 1,
    });
    expect(closed).toMatchObject({
      state: 'closed',
      state_reason: 'completed',
      closed_by: { login: 'alice' },
    });
  });

  it('creates labels it has not seen and removes them from issues', async () => {
    const added = await env.alice.rest.issues.addLabels({
      ...ref,
      issue_number: 2,
      labels: ['needs-triage'],
    });
    expect(added.data.map(label => label.name)).toEqual([
      'documentation',
      'needs-triage',
    ]);
    const label = await env.alice.rest.issues.getLabel({
      ...ref,
      name: 'needs-triage',
    });
    expect(label.data).toMatchObject({ color: 'ededed', default: false });
    const left = await env.alice.rest.issues.removeLabel({
      ...ref,
      issue_number: 2,
      name: 'needs-triage',
    });
    expect(left.data.map(item => item.name)).toEqual(['documentation']);
    await expect(
      env.alice.rest.issues.removeLabel({
        ...ref,
        issue_number: 2,
        name: 'needs-triage',
      }),
    ).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'Label does not exist' } },
    });
  });

  it('keeps a comment thread per issue', async () => {
    await env.bob.rest.issues.createComment({
      ...ref,
      issue_number: 2,
      body: 'On it',
    });
    const { data } = await env.alice.rest.issues.listComments({
      ...ref,
      issue_number: 2,
    });
    expect(
      data.map(comment => [
        comment.user?.login,
        comment.body,
        comment.author_association,
      ]),
    ).toEqual([['bob', 'On it', 'MEMBER']]);
    const { data: issue } = await env.alice.rest.issues.get({
      ...ref,
      issue_number: 2,
    });
    expect(issue.comments).toBe(1);
  });

  it('answers 410 when issues are disabled', async () => {
    await expect(
      env.alice.rest.issues.create({
        owner: 'acme',
        repo: 'quiet',
        title: 'x',
      }),
    ).rejects.toMatchObject({
      status: 410,
      response: { data: { message: 'Issues are disabled for this repo' } },
    });
  });

  it('rejects duplicate labels', async () => {
    await expect(
      env.alice.rest.issues.createLabel({ ...ref, name: 'BUG' }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          errors: [
            { resource: 'Label', code: 'already_exists', field: 'name' },
          ],
        },
      },
    });
  });
});
