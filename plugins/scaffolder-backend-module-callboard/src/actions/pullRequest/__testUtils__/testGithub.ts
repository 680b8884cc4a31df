import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonObject, JsonValue } from '@backstage/types';
import { GitHubSandbox, startGitHubServer } from '@callboard/sandbox';
import { Octokit } from 'octokit';
import { GithubClientFactory, GithubRetryOptions } from '@callboard/github';
import { createUpsertPullRequestAction } from '../upsertPullRequest';

/** Token of the integration's bot; tests scan logs, outputs and errors for it. */
export const BOT_TOKEN = 'ghp_callboardBotSecret0123456789abcdefABCD';
/** A user's own token, passed as the `token` input. */
export const ALICE_TOKEN = 'ghp_aliceUserSecret0123456789abcdefABCDEF';
export const ADMIN_TOKEN = 'ghp_sandboxAdmin0123456789abcdefABCDEFGHIJ';

export const OWNER = 'acme';

export interface TestGithub {
  sandbox: GitHubSandbox;
  /** Site admin, retries off: seeds repositories and inspects results. */
  admin: Octokit;
  integrations: ScmIntegrations;
  close(): Promise<void>;
}

/** Octokit without retries or throttling, so the sandbox's faults surface as they are. */
function plainOctokit(sandbox: GitHubSandbox, token: string): Octokit {
  return new Octokit({
    auth: token,
    baseUrl: sandbox.apiBaseUrl,
    retry: { enabled: false },
    throttle: { enabled: false },
  });
}

export function octokitAs(github: TestGithub, token: string): Octokit {
  return plainOctokit(github.sandbox, token);
}

export async function startTestGithub(): Promise<TestGithub> {
  const sandbox = await startGitHubServer({
    users: [
      { login: 'octo-admin', siteAdmin: true },
      { login: 'callboard-bot', type: 'Bot' },
      { login: 'alice', name: 'Alice' },
      { login: 'bob', name: 'Bob' },
    ],
    organizations: [
      {
        login: OWNER,
        members: [
          { login: 'octo-admin', role: 'admin' },
          { login: 'callboard-bot', role: 'member' },
          { login: 'alice', role: 'member' },
          { login: 'bob', role: 'member' },
        ],
        teams: [{ name: 'Platform', slug: 'platform', members: ['bob'] }],
      },
    ],
    tokens: {
      [ADMIN_TOKEN]: 'octo-admin',
      [BOT_TOKEN]: 'callboard-bot',
      [ALICE_TOKEN]: 'alice',
    },
  });
  const admin = plainOctokit(sandbox, ADMIN_TOKEN);
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        github: [
          {
            host: sandbox.host,
            apiBaseUrl: sandbox.apiBaseUrl,
            rawBaseUrl: sandbox.rawBaseUrl,
            token: BOT_TOKEN,
          },
        ],
      },
    }),
  );
  return { sandbox, admin, integrations, close: () => sandbox.close() };
}

/**
 * Creates `acme/<name>` with the given files on `main`, writable by the bot,
 * alice and bob, and by the platform team.
 */
export async function createRepository(
  github: TestGithub,
  name: string,
  files: Record<string, string>,
): Promise<void> {
  const { admin } = github;
  await admin.rest.repos.createInOrg({
    org: OWNER,
    name,
    auto_init: true,
  });
  for (const login of ['callboard-bot', 'alice', 'bob']) {
    await admin.rest.repos.addCollaborator({
      owner: OWNER,
      repo: name,
      username: login,
      permission: 'push',
    });
  }
  await admin.rest.teams.addOrUpdateRepoPermissionsInOrg({
    org: OWNER,
    team_slug: 'platform',
    owner: OWNER,
    repo: name,
    permission: 'push',
  });
  await commitFiles(github, name, 'main', files);
}

/** Commits `files` on top of `branch` (created from main when missing) as the admin. */
export async function commitFiles(
  github: TestGithub,
  repo: string,
  branch: string,
  files: Record<string, string>,
): Promise<string> {
  const { admin } = github;
  const params = { owner: OWNER, repo };
  let parent: string;
  let exists = true;
  try {
    parent = (
      await admin.rest.git.getRef({ ...params, ref: `heads/${branch}` })
    ).data.object.sha;
  } catch {
    exists = false;
    parent = (await admin.rest.git.getRef({ ...params, ref: 'heads/main' }))
      .data.object.sha;
  }
  const baseTree = (
    await admin.rest.git.getCommit({ ...params, commit_sha: parent })
  ).data.tree.sha;
  const tree = await admin.rest.git.createTree({
    ...params,
    base_tree: baseTree,
    tree: Object.entries(files).map(([path, content]) => ({
      path,
      mode: '100644' as const,
      type: 'blob' as const,
      content,
    })),
  });
  const commit = await admin.rest.git.createCommit({
    ...params,
    message: `seed ${Object.keys(files).join(', ')}`,
    tree: tree.data.sha,
    parents: [parent],
  });
  if (exists) {
    await admin.rest.git.updateRef({
      ...params,
      ref: `heads/${branch}`,
      sha: commit.data.sha,
    });
  } else {
    await admin.rest.git.createRef({
      ...params,
      ref: `refs/heads/${branch}`,
      sha: commit.data.sha,
    });
  }
  return commit.data.sha;
}

/** Files on a branch, path -> content. */
export async function readBranchFiles(
  github: TestGithub,
  repo: string,
  branch: string,
): Promise<Record<string, string>> {
  const { admin } = github;
  const params = { owner: OWNER, repo };
  const tree = await admin.rest.git.getTree({
    ...params,
    tree_sha: branch,
    recursive: 'true',
  });
  const files: Record<string, string> = {};
  for (const entry of tree.data.tree) {
    if (entry.type === 'blob' && entry.path && entry.sha) {
      const blob = await admin.rest.git.getBlob({
        ...params,
        file_sha: entry.sha,
      });
      files[entry.path] = Buffer.from(blob.data.content, 'base64').toString(
        'utf8',
      );
    }
  }
  return files;
}

export async function commitsOnBranch(
  github: TestGithub,
  repo: string,
  branch: string,
): Promise<string[]> {
  const commits = await github.admin.rest.repos.listCommits({
    owner: OWNER,
    repo,
    sha: branch,
    per_page: 100,
  });
  return commits.data.map(commit => commit.commit.message);
}

/** Requests since the last reset that were not reads. */
export function writeRequests(sandbox: GitHubSandbox): Record<string, number> {
  return Object.fromEntries(
    Object.entries(sandbox.requestCount.byRoute()).filter(
      ([route]) => !route.startsWith('GET ') && !route.startsWith('HEAD '),
    ),
  );
}

export interface RecordingLogger extends LoggerService {
  lines: string[];
}

/** A logger that keeps every line and its metadata, to be searched for secrets. */
export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const record =
    (level: string) => (message: string, meta?: Error | JsonObject) => {
      lines.push(
        `${level} ${message}${
          meta === undefined
            ? ''
            : ` ${meta instanceof Error ? meta.stack : JSON.stringify(meta)}`
        }`,
      );
    };
  const logger: RecordingLogger = {
    lines,
    info: record('info'),
    debug: record('debug'),
    warn: record('warn'),
    error: record('error'),
    child: () => logger,
  };
  return logger;
}

type Checkpoint = ActionContext<JsonObject>['checkpoint'];

/**
 * Checkpoints kept across runs, the way the scaffolder keeps them in the task
 * state: a key that succeeded once returns its stored value without running.
 * `crashAfter` simulates the process dying after a side effect but before its
 * checkpoint was stored, for keys containing `.<step>.`.
 */
export function persistentCheckpoints(options: { crashAfter?: string } = {}): {
  checkpoint: Checkpoint;
  keys: () => string[];
} {
  const store = new Map<string, JsonValue>();
  let crashed = false;
  const checkpoint = (async (checkpointOptions: {
    key: string;
    fn: () => Promise<JsonValue | void> | JsonValue | void;
  }) => {
    if (store.has(checkpointOptions.key)) {
      return store.get(checkpointOptions.key);
    }
    const value = await checkpointOptions.fn();
    if (
      !crashed &&
      options.crashAfter &&
      checkpointOptions.key.includes(`.${options.crashAfter}.`)
    ) {
      crashed = true;
      throw new Error('simulated crash before the checkpoint was stored');
    }
    store.set(checkpointOptions.key, value ?? {});
    return value;
  }) as Checkpoint;
  return { checkpoint, keys: () => [...store.keys()] };
}

export const FAST_RETRIES: Partial<GithubRetryOptions> = {
  maxRetries: 2,
  serverErrorBackoffMs: 1,
  maxRetryAfterMs: 5_000,
};

export type UpsertAction = ReturnType<typeof createUpsertPullRequestAction>;

export function createTestAction(
  github: TestGithub,
  options: { sleep?: (ms: number) => Promise<void> } = {},
): UpsertAction {
  return createUpsertPullRequestAction({
    integrations: github.integrations,
    githubClients: new GithubClientFactory({
      integrations: github.integrations,
      retry: FAST_RETRIES,
      sleep: options.sleep ?? (async () => {}),
    }),
  });
}

export interface RunResult {
  outputs: Record<string, unknown>;
  logger: RecordingLogger;
}

export async function runAction(
  action: UpsertAction,
  input: Parameters<UpsertAction['handler']>[0]['input'],
  options: { dryRun?: boolean; checkpoint?: Checkpoint } = {},
  logger: RecordingLogger = recordingLogger(),
): Promise<RunResult> {
  const outputs: Record<string, unknown> = {};
  const context = createMockActionContext({ input, logger });
  await action.handler({
    ...context,
    isDryRun: options.dryRun ?? false,
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
  } as typeof context);
  return { outputs, logger };
}

/** `repoUrl` for a repository of the sandbox, as RepoUrlPicker would write it. */
export function repoUrl(github: TestGithub, repo: string): string {
  return `${github.sandbox.host}?owner=${OWNER}&repo=${repo}`;
}
