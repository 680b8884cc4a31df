import type { GitHubStore } from '../github';
import { loadCrossplaneManifests } from './crossplaneManifests';
import { defaultCatalogDir } from './paths';
import { scorecardDefinitionFiles } from './scorecardDefinitions';
import {
  claimFiles,
  databaseClaimsOf,
  mysqlCompositesOf,
} from './databaseClaims';
import { loadDemoCatalog } from './demoCatalog';
import type { DemoCatalog } from './demoCatalog';
import type {
  RepositoryCounts,
  TeamGrant,
  WrittenRepository,
} from './historyWriter';
import { HistoryWriter, mapConcurrently } from './historyWriter';
import { BOT_ACCOUNTS, botEmail, peopleOf } from './people';
import type { DemoPerson } from './people';
import { planRepository } from './planner';
import { repositoryProfilesOf } from './profiles';
import type { RepositoryProfile } from './profiles';
import { SeededRandom } from './random';
import type { SeedClock } from './SeedClock';
import { initialFiles, languageKitOf } from './templates';
import { DAY, toGitHubTime, wholeSeconds } from './time';

export const DEMO_ORGANIZATION = 'tidewater';
export const DEFAULT_SEED = 'callboard';

/** Git processes and object writes in flight at once; beyond this two cores only queue. */
const GIT_CONCURRENCY = 6;

async function inSequence<T>(
  items: readonly T[],
  work: (item: T) => Promise<void>,
): Promise<void> {
  for (const item of items) {
    await work(item);
  }
}

/** Like `Promise.all`, but waits for every lane before rethrowing the first failure. */
async function settleAll(work: ReadonlyArray<Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(work);
  const failure = results.find(
    (result): result is PromiseRejectedResult => result.status === 'rejected',
  );
  if (failure) {
    throw failure.reason;
  }
}

export interface SeedDemoOrganizationOptions {
  store: GitHubStore;
  /** The end of the seeded history; pass it explicitly so runs are reproducible. */
  now: Date;
  seed?: string;
  months?: number;
  /** Folder holding the demo catalog's `all.yaml`. */
  catalogDir?: string;
  /** Callboard's own `catalog-info.yaml`; `false` leaves the `callboard` repository out. */
  rootCatalogInfoFile?: string | false;
  /**
   * The clock the store was created with, pinned while history is replayed
   * so `pushed_at` and similar store-stamped times are historical too.
   */
  clock?: SeedClock;
}

export interface DemoOrganizationCounts extends RepositoryCounts {
  repositories: number;
  users: number;
  teams: number;
}

export interface SeedDemoOrganizationResult {
  org: string;
  repositories: WrittenRepository[];
  counts: DemoOrganizationCounts;
  /** A personal access token per demo user, login → token. */
  tokens: Record<string, string>;
  /** Organization owners: members of the catalog's `*-admins` groups. */
  admins: string[];
  durationMs: number;
}

/** Teams named `*-admins` (Callboard's `platform-admins`) administer the organization. */
function isAdminTeam(name: string): boolean {
  return name.endsWith('-admins');
}

function tokenFor(random: SeededRandom, login: string): string {
  return `ghp_${random.fork(`token:${login}`).hex(36)}`;
}

function createAccounts(
  store: GitHubStore,
  catalog: DemoCatalog,
  people: readonly DemoPerson[],
  org: string,
  start: number,
  random: SeededRandom,
): { tokens: Record<string, string>; admins: string[] } {
  if (store.accounts.get(org)) {
    throw new Error(`The store already has an account named ${org}`);
  }
  for (const bot of BOT_ACCOUNTS) {
    if (!store.accounts.get(bot.login)) {
      store.accounts.createUser({
        login: bot.login,
        type: 'Bot',
        name: bot.name,
        email: botEmail(bot),
        createdAt: '2019-01-01T00:00:00Z',
      });
    }
  }
  const orgCreatedAt = wholeSeconds(start - 6 * 365 * DAY);
  store.accounts.createOrganization({
    login: org,
    name: catalog.organization?.displayName ?? org,
    description: catalog.organization?.description ?? null,
    email: catalog.organization?.email ?? null,
    createdAt: toGitHubTime(orgCreatedAt),
  });
  const admins = new Set(
    catalog.teams
      .filter(team => isAdminTeam(team.name))
      .flatMap(team => team.members),
  );
  const adminLogins: string[] = [];
  const tokens: Record<string, string> = {};
  for (const person of people.filter(candidate => candidate.kind === 'human')) {
    store.accounts.createUser({
      login: person.login,
      name: person.name,
      email: person.email,
      company: `@${org}`,
      createdAt: toGitHubTime(
        orgCreatedAt + random.fork(person.login).int(30, 5 * 365) * DAY,
      ),
    });
    const isAdmin = admins.has(person.entityName ?? '');
    store.accounts.setOrgMembership(
      org,
      person.login,
      isAdmin ? 'admin' : 'member',
    );
    if (isAdmin) {
      adminLogins.push(person.login);
    }
    tokens[person.login] = store.accounts.addToken(
      person.login,
      tokenFor(random, person.login),
    );
  }
  for (const team of catalog.teams) {
    store.accounts.createTeam({
      org,
      name: team.displayName,
      slug: team.name,
      description: team.description,
      createdAt: toGitHubTime(orgCreatedAt + DAY),
      members: people
        .filter(person => person.teams.includes(team.name))
        .map(person => ({ login: person.login })),
    });
  }
  return { tokens, admins: adminLogins };
}

function grantsFor(
  profile: RepositoryProfile,
  contributorTeams: readonly string[],
  catalog: DemoCatalog,
): TeamGrant[] {
  const grants: TeamGrant[] = [
    { team: profile.ownerTeam, permission: 'maintain' },
  ];
  for (const team of contributorTeams) {
    if (team !== profile.ownerTeam && !isAdminTeam(team)) {
      grants.push({ team, permission: 'write' });
    }
  }
  for (const team of catalog.teams.filter(candidate =>
    isAdminTeam(candidate.name),
  )) {
    grants.push({ team: team.name, permission: 'admin' });
  }
  return grants;
}

function sumCounts(
  repositories: readonly WrittenRepository[],
): RepositoryCounts {
  const total: RepositoryCounts = {
    commits: 0,
    pullRequests: 0,
    mergedPullRequests: 0,
    reviews: 0,
    deployments: 0,
    incidents: 0,
    workflowRuns: 0,
    releases: 0,
  };
  for (const repository of repositories) {
    for (const key of Object.keys(total) as Array<keyof RepositoryCounts>) {
      total[key] += repository.counts[key];
    }
  }
  return total;
}

/**
 * Seeds the demo company's GitHub organization: people, teams, one
 * repository per catalogued component, and months of deterministic history
 * (pull requests, reviews, deployments, incidents, workflow runs, releases).
 */
export async function seedDemoOrganization(
  options: SeedDemoOrganizationOptions,
): Promise<SeedDemoOrganizationResult> {
  const started = performance.now();
  const org = DEMO_ORGANIZATION;
  const now = wholeSeconds(options.now.getTime());
  const months = options.months ?? 6;
  const random = new SeededRandom(options.seed ?? DEFAULT_SEED);
  const catalog = loadDemoCatalog({
    catalogDir: options.catalogDir,
    rootCatalogInfoFile: options.rootCatalogInfoFile,
  });
  const people = peopleOf(catalog, random.fork('people'));
  const profiles = repositoryProfilesOf(catalog, {
    org,
    now,
    months,
    random: random.fork('repositories'),
  });
  const earliest = Math.min(...profiles.map(profile => profile.createdAt));
  options.clock?.pin(earliest);
  const { tokens, admins } = createAccounts(
    options.store,
    catalog,
    people,
    org,
    earliest,
    random.fork('accounts'),
  );
  const teamMembers = new Map(
    catalog.teams.map(team => [
      team.name,
      people
        .filter(person => person.teams.includes(team.name))
        .map(person => person.login),
    ]),
  );
  const infrastructure = {
    platformApis: Object.fromEntries(
      loadCrossplaneManifests().map(manifest => [
        `crossplane/${manifest.fileName}`,
        manifest.text,
      ]),
    ),
    claims: claimFiles([
      ...databaseClaimsOf(catalog, random.fork('claims')),
      ...mysqlCompositesOf(catalog, random.fork('mysql')),
    ]),
    scorecards: scorecardDefinitionFiles(
      options.catalogDir ?? defaultCatalogDir(),
    ),
  };
  const firstDeployable = profiles.find(profile => profile.kubernetesId);
  const writers = profiles.map(profile => {
    const kit = languageKitOf(profile, infrastructure);
    const plan = planRepository({
      profile,
      kit,
      files: initialFiles(profile, kit),
      people,
      teamMembers,
      random: random.fork(`history:${profile.name}`),
      now,
      guaranteeRevert: profile === firstDeployable,
    });
    return new HistoryWriter({
      store: options.store,
      plan,
      grants: grantsFor(profile, plan.contributorTeams, catalog),
      clock: options.clock,
    });
  });
  let repositories: WrittenRepository[];
  try {
    for (const writer of writers) {
      await writer.createRepository();
    }
    options.clock?.pin(now);
    await mapConcurrently(writers, GIT_CONCURRENCY, writer =>
      writer.writeCommits(),
    );
    await mapConcurrently(writers, GIT_CONCURRENCY, writer =>
      writer.createBranches(GIT_CONCURRENCY),
    );
    // Three lanes side by side, each walking the repositories in order; see
    // HistoryWriter for why that keeps ids deterministic.
    await settleAll([
      inSequence(writers, writer => writer.writeWorkflowRuns()),
      inSequence(writers, async writer => {
        await writer.writeDeployments();
        await writer.writeReleases();
      }),
      (async () => {
        const deletions: Array<Promise<void>> = [];
        for (const writer of writers) {
          await writer.writeIssues();
          deletions.push(writer.deleteFinishedBranches());
        }
        await settleAll(deletions);
      })(),
    ]);
    repositories = [];
    for (const writer of writers) {
      repositories.push(await writer.finish());
    }
  } finally {
    options.clock?.release();
  }
  await options.store.flush();
  return {
    org,
    repositories,
    counts: {
      ...sumCounts(repositories),
      repositories: repositories.length,
      users: people.filter(person => person.kind === 'human').length,
      teams: catalog.teams.length,
    },
    tokens,
    admins,
    durationMs: Math.round(performance.now() - started),
  };
}
