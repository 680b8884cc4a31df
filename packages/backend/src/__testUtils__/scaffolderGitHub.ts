import { GitHubSandbox, startGitHubServer } from '@callboard/sandbox';
import { Octokit } from 'octokit';
import { readCatalogFiles } from './demoCatalog';

export const ORG = 'tidewater';
export const INFRASTRUCTURE_REPO = 'platform-infrastructure';

/** The integration's token. Shaped like a real one so a leak into logs is findable. */
export const BOT_TOKEN = 'ghp_callboardScaffolderBot0123456789abcdefAB';
const ADMIN_TOKEN = 'ghp_tidewaterSiteAdmin0123456789abcdefABCDEF';

/** Slugs of the demo catalog's `spec.type: team` groups, which the template offers as owners. */
export const TEAM_SLUGS = readCatalogFiles()
  .map(({ entity }) => entity)
  .filter(entity => entity.kind === 'Group' && entity.spec?.type === 'team')
  .map(entity => entity.metadata.name);

export type TidewaterGitHub = {
  sandbox: GitHubSandbox;
  /** Site admin without retries, for inspecting what the scaffolder did. */
  admin: Octokit;
  /** `integrations.github` pointing at the sandbox the way a GHES host is configured. */
  integration: Record<string, string>;
  close(): Promise<void>;
};

/**
 * A GitHub sandbox holding what the golden-path template expects: the `tidewater`
 * organization, one team per catalog team, and `platform-infrastructure` with a `main`
 * branch for database claims. `callboard-bot` owns the organization, as the portal's
 * GitHub identity would.
 */
export async function startTidewaterGitHub(
  options: { dataDir?: string } = {},
): Promise<TidewaterGitHub> {
  const sandbox = await startGitHubServer({
    dataDir: options.dataDir,
    users: [
      { login: 'octo-admin', siteAdmin: true },
      { login: 'callboard-bot', type: 'Bot' },
    ],
    organizations: [
      {
        login: ORG,
        name: 'Tidewater',
        members: [
          { login: 'octo-admin', role: 'admin' },
          { login: 'callboard-bot', role: 'admin' },
        ],
        teams: TEAM_SLUGS.map(slug => ({ name: slug, slug })),
      },
    ],
    tokens: { [ADMIN_TOKEN]: 'octo-admin', [BOT_TOKEN]: 'callboard-bot' },
  });
  const admin = new Octokit({
    auth: ADMIN_TOKEN,
    baseUrl: sandbox.apiBaseUrl,
    retry: { enabled: false },
    throttle: { enabled: false },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  await admin.rest.repos.createInOrg({
    org: ORG,
    name: INFRASTRUCTURE_REPO,
    auto_init: true,
    description: 'Claims for platform-managed infrastructure',
  });
  await admin.rest.teams.addOrUpdateRepoPermissionsInOrg({
    org: ORG,
    team_slug: 'team-platform',
    owner: ORG,
    repo: INFRASTRUCTURE_REPO,
    permission: 'maintain',
  });
  sandbox.requestCount.reset();
  return {
    sandbox,
    admin,
    integration: {
      host: sandbox.host,
      apiBaseUrl: sandbox.apiBaseUrl,
      rawBaseUrl: sandbox.rawBaseUrl,
      token: BOT_TOKEN,
    },
    close: () => sandbox.close(),
  };
}

/** Every file path on a branch, sorted. */
export async function listFiles(
  github: TidewaterGitHub,
  repo: string,
  branch = 'main',
): Promise<string[]> {
  const { data } = await github.admin.rest.git.getTree({
    owner: ORG,
    repo,
    tree_sha: branch,
    recursive: 'true',
  });
  return data.tree
    .filter(entry => entry.type === 'blob')
    .map(entry => entry.path!)
    .sort();
}

export async function readFile(
  github: TidewaterGitHub,
  repo: string,
  path: string,
  ref = 'main',
): Promise<string> {
  const { data } = await github.admin.rest.repos.getContent({
    owner: ORG,
    repo,
    path,
    ref,
  });
  if (Array.isArray(data) || data.type !== 'file') {
    throw new Error(`${repo}/${path} is not a file`);
  }
  return Buffer.from(data.content, 'base64').toString('utf8');
}

/** Names of the organization's repositories, sorted. */
export async function repositoryNames(
  github: TidewaterGitHub,
): Promise<string[]> {
  const repos = await github.admin.paginate(
    github.admin.rest.repos.listForOrg,
    { org: ORG, per_page: 100 },
  );
  return repos.map(repo => repo.name).sort();
}

/** The refs a git client sees behind a repository link, fetched as git would, with the bot's token. */
export async function advertisedRefs(remoteUrl: string): Promise<string[]> {
  const url = `${remoteUrl.replace(
    /\/$/,
    '',
  )}/info/refs?service=git-upload-pack`;
  const response = await fetch(url, {
    headers: {
      authorization: `Basic ${Buffer.from(
        `x-access-token:${BOT_TOKEN}`,
      ).toString('base64')}`,
    },
  });
  if (!response.ok) {
    throw new Error(`GET ${url} answered ${response.status}`);
  }
  return [
    ...(await response.text()).matchAll(/[0-9a-f]{40} (refs\/[^\s\0]+)/g),
  ].map(match => match[1]);
}

/** Pull requests into `platform-infrastructure` from a branch, open or not. */
export async function pullsFromBranch(github: TidewaterGitHub, branch: string) {
  const { data } = await github.admin.rest.pulls.list({
    owner: ORG,
    repo: INFRASTRUCTURE_REPO,
    head: `${ORG}:${branch}`,
    state: 'all',
  });
  return data;
}

/** Requests since the last reset that change something, by route. */
export function writeRequests(github: TidewaterGitHub): Record<string, number> {
  return Object.fromEntries(
    Object.entries(github.sandbox.requestCount.byRoute()).filter(
      // POST /graphql is a read: the sandbox's schema has no mutations, and the scorecards and
      // DX metrics collectors query it while a task runs.
      ([route]) => !/^(GET|HEAD) /.test(route) && route !== 'POST /graphql',
    ),
  );
}
