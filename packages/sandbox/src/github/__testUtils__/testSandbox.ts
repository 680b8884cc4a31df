import { Octokit } from 'octokit';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  GitHubSandbox,
  startGitHubServer,
  StartGitHubServerOptions,
} from '../server';

export const TOKENS = {
  alice: 'alice-token',
  bob: 'bob-token',
  mallory: 'mallory-token',
} as const;

/**
 * `acme` is an organization: alice owns it, bob is a member of its
 * `platform` team, mallory is an outsider. Each has a personal token.
 */
export const FIXTURE: StartGitHubServerOptions = {
  users: [
    { login: 'alice', name: 'Alice Admin', email: 'alice@example.com' },
    { login: 'bob', name: 'Bob Builder', email: 'bob@example.com' },
    { login: 'mallory', name: 'Mallory', email: 'mallory@example.com' },
  ],
  organizations: [
    {
      login: 'acme',
      name: 'Acme Inc.',
      members: [
        { login: 'alice', role: 'admin' },
        { login: 'bob', role: 'member' },
      ],
      teams: [{ name: 'Platform', slug: 'platform', members: ['bob'] }],
    },
  ],
  tokens: {
    [TOKENS.alice]: 'alice',
    [TOKENS.bob]: 'bob',
    [TOKENS.mallory]: 'mallory',
  },
};

export interface TestSandbox {
  sandbox: GitHubSandbox;
  /** Octokit as alice (org admin), retries and throttling off so faults surface as-is. */
  alice: Octokit;
  bob: Octokit;
  mallory: Octokit;
  anonymous: Octokit;
  octokit(
    token?: string,
    options?: ConstructorParameters<typeof Octokit>[0],
  ): Octokit;
  close(): Promise<void>;
}

export async function startTestSandbox(
  overrides: StartGitHubServerOptions = {},
): Promise<TestSandbox> {
  const sandbox = await startGitHubServer({ ...FIXTURE, ...overrides });
  const octokit = (
    token?: string,
    options: ConstructorParameters<typeof Octokit>[0] = {},
  ) =>
    new Octokit({
      auth: token,
      baseUrl: sandbox.apiBaseUrl,
      throttle: { enabled: false },
      retry: { enabled: false },
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      ...options,
    });
  return {
    sandbox,
    alice: octokit(TOKENS.alice),
    bob: octokit(TOKENS.bob),
    mallory: octokit(TOKENS.mallory),
    anonymous: octokit(),
    octokit,
    close: () => sandbox.close(),
  };
}

const execFileAsync = promisify(execFile);

/** Runs the real git CLI with a throwaway identity and no user configuration. */
export async function git(
  args: string[],
  cwd: string,
): Promise<{ stdout: string; stderr: string }> {
  return execFileAsync('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 'Alice Admin',
      GIT_AUTHOR_EMAIL: 'alice@example.com',
      GIT_COMMITTER_NAME: 'Alice Admin',
      GIT_COMMITTER_EMAIL: 'alice@example.com',
    },
  });
}

export async function temporaryDirectory(
  prefix = 'sandbox-test-',
): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Clone URL with the token in it, as Backstage's git helpers build it. */
export function authenticatedCloneUrl(
  sandbox: GitHubSandbox,
  fullName: string,
  token: string,
) {
  const url = new URL(`${sandbox.url}/${fullName}.git`);
  url.username = 'x-access-token';
  url.password = token;
  return url.toString();
}
