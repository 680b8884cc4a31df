import type { OpenPullRequest, TreeEntry } from './githubApi';
import { planUpsert } from './plan';
import type { RepositoryState } from './repositoryState';
import { gitBlobSha, PullRequestRequest } from './request';
import { TreeIndex } from './treeIndex';

function blob(path: string, content: string, mode = '100644'): TreeEntry {
  return {
    path,
    mode,
    type: 'blob',
    sha: gitBlobSha(Buffer.from(content)),
    size: content.length,
  };
}

function request(overrides: Partial<PullRequestRequest> = {}) {
  const content = Buffer.from('hello\n');
  return {
    target: { host: 'ghe.example.com', owner: 'acme', repo: 'web' },
    branch: 'feature',
    title: 'Title',
    body: 'Body',
    commitMessage: 'Title',
    files: [
      {
        path: 'hello.txt',
        content,
        encoding: 'utf-8' as const,
        blobSha: gitBlobSha(content),
      },
    ],
    deletions: [],
    labels: [],
    reviewers: [],
    teamReviewers: [],
    ...overrides,
  };
}

const TIP = { name: 'feature', commitSha: 'c1', treeSha: 't1' };

function pull(overrides: Partial<OpenPullRequest> = {}): OpenPullRequest {
  return {
    number: 7,
    url: 'https://ghe.example.com/acme/web/pull/7',
    nodeId: 'PR_7',
    title: 'Title',
    body: 'Body',
    draft: false,
    baseRef: 'main',
    labels: [],
    requestedReviewers: [],
    requestedTeams: [],
    ...overrides,
  };
}

function stateWithPull(
  openPull: OpenPullRequest,
  reviewedBy: string[] = [],
): RepositoryState {
  return {
    baseBranch: 'main',
    head: TIP,
    pull: openPull,
    reviewedBy,
    tree: TreeIndex.fromEntries([blob('hello.txt', 'hello\n')]),
  };
}

describe('planUpsert', () => {
  it('switches an open pull request to the requested draft state', () => {
    const plan = planUpsert(
      request({ draft: true }),
      stateWithPull(pull({ draft: false })),
    );

    expect(plan).toMatchObject({ result: 'updated', draft: true });
    expect(plan.changes).toEqual([]);
  });

  it('leaves the draft state alone when the input does not set it', () => {
    const plan = planUpsert(request(), stateWithPull(pull({ draft: true })));

    expect(plan.result).toBe('unchanged');
    expect(plan.draft).toBeUndefined();
  });

  it('treats CRLF bodies from the web editor as equal', () => {
    const plan = planUpsert(
      request({ body: 'line 1\nline 2' }),
      stateWithPull(pull({ body: 'line 1\r\nline 2' })),
    );

    expect(plan.result).toBe('unchanged');
  });

  it('adds only missing labels and keeps labels people added', () => {
    const plan = planUpsert(
      request({ labels: ['callboard', 'Catalog'] }),
      stateWithPull(pull({ labels: ['catalog', 'needs-review'] })),
    );

    expect(plan.labels).toEqual(['callboard']);
  });

  it('does not request a team again once anyone has reviewed', () => {
    const plan = planUpsert(
      request({ reviewers: ['alice'], teamReviewers: ['platform'] }),
      stateWithPull(pull(), ['alice']),
    );

    expect(plan).toMatchObject({
      result: 'unchanged',
      reviewers: [],
      teamReviewers: [],
    });
  });

  it('moves the pull request to a new base branch', () => {
    const plan = planUpsert(
      request({ baseBranch: 'release' }),
      stateWithPull(pull({ baseRef: 'main' })),
    );

    expect(plan).toMatchObject({
      result: 'updated',
      edits: { base: 'release' },
    });
  });

  it('keeps the executable bit of an existing file unless told otherwise', () => {
    const tree = TreeIndex.fromEntries([blob('hello.txt', 'old\n', '100755')]);
    const state = { ...stateWithPull(pull()), tree };

    expect(planUpsert(request(), state).changes).toEqual([
      expect.objectContaining({
        path: 'hello.txt',
        change: 'modified',
        mode: '100755',
      }),
    ]);
    const files = request().files.map(file => ({ ...file, executable: false }));
    expect(planUpsert(request({ files }), state).changes).toEqual([
      expect.objectContaining({ mode: '100644', previousMode: '100755' }),
    ]);
  });

  it('rejects writing a file where the repository has a folder', () => {
    const state = {
      ...stateWithPull(pull()),
      tree: TreeIndex.fromEntries([
        { path: 'hello.txt', mode: '040000', type: 'tree', sha: 't' },
      ]),
    };

    expect(() => planUpsert(request(), state)).toThrow(
      'Invalid path "hello.txt" in files[0].path: it is a folder in the repository',
    );
  });

  it('creates from the base tip when neither pull request nor branch exist', () => {
    const base = { name: 'main', commitSha: 'b1', treeSha: 'bt' };
    const plan = planUpsert(request({ reviewers: ['alice'] }), {
      baseBranch: 'main',
      base,
      reviewedBy: [],
      tree: TreeIndex.fromEntries([]),
    });

    expect(plan).toMatchObject({
      result: 'created',
      startCommitSha: 'b1',
      branchExists: false,
      draft: false,
      reviewers: ['alice'],
      changes: [{ path: 'hello.txt', change: 'added', mode: '100644' }],
    });
  });
});
