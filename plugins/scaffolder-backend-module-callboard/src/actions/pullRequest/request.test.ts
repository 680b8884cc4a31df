import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { execFileSync } from 'node:child_process';
import {
  gitBlobSha,
  parsePullRequestRequest,
  UpsertPullRequestInput,
} from './request';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [
        {
          host: 'ghe.example.com',
          apiBaseUrl: 'https://ghe.example.com/api/v3',
        },
      ],
      gitlab: [
        {
          host: 'gitlab.example.com',
          apiBaseUrl: 'https://gitlab.example.com/api/v4',
        },
      ],
    },
  }),
);

const input: UpsertPullRequestInput = {
  repoUrl: 'ghe.example.com?owner=acme&repo=web',
  branchName: 'callboard/change',
  title: ' Title ',
  description: 'Body',
  files: [{ path: 'a.txt', content: 'a' }],
};

describe('parsePullRequestRequest', () => {
  it('normalises the input', () => {
    expect(
      parsePullRequestRequest(
        {
          ...input,
          labels: ['x', 'X', ' y '],
          teamReviewers: ['acme/Platform', 'sre'],
        },
        integrations,
      ),
    ).toMatchObject({
      target: { host: 'ghe.example.com', owner: 'acme', repo: 'web' },
      title: 'Title',
      commitMessage: 'Title',
      labels: ['x', 'y'],
      teamReviewers: ['platform', 'sre'],
    });
  });

  it('computes the same blob ids as git', () => {
    const content = Buffer.from('hello\n');

    expect(gitBlobSha(content)).toBe(
      execFileSync('git', ['hash-object', '--stdin'], { input: content })
        .toString()
        .trim(),
    );
  });

  it.each([
    [
      { repoUrl: 'gitlab.example.com?owner=acme&repo=web' },
      /is not a GitHub integration/,
    ],
    [{ branchName: 'has space' }, /Invalid branch name "has space"/],
    [{ branchName: 'ends.lock' }, /Invalid branch name "ends.lock"/],
    [{ baseBranch: 'callboard/change' }, /both 'callboard\/change'/],
    [{ title: '  ' }, 'The pull request title is empty'],
    [{ files: [{ path: 'a//b', content: 'x' }] }, /empty or '\.' segment/],
    [{ files: [{ path: 'C:\\x', content: 'x' }] }, /it is absolute/],
    [{ files: [{ path: '.git/config', content: 'x' }] }, /points into '\.git'/],
    [
      {
        files: [
          { path: 'a', content: 'x' },
          { path: 'a', content: 'y' },
        ],
      },
      'Duplicate path "a" in files[1].path',
    ],
    [
      { deletions: ['a.txt'] },
      'Path "a.txt" is both in files and in deletions',
    ],
    [
      { files: [{ path: 'bin', content: 'not base64!', encoding: 'base64' }] },
      'Invalid base64 content for "bin" in files[0].content',
    ],
    [{ teamReviewers: ['other/team'] }, "teams must belong to 'acme'"],
  ] as Array<[Partial<UpsertPullRequestInput>, string | RegExp]>)(
    'rejects %j',
    (overrides, message) => {
      expect(() =>
        parsePullRequestRequest({ ...input, ...overrides }, integrations),
      ).toThrow(message);
    },
  );
});
