import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AccessStore } from './AccessStore';
import { AccountsStore } from './AccountsStore';
import { ActionsStore } from './ActionsStore';
import { BranchProtectionStore } from './BranchProtectionStore';
import { CommitStatusesStore } from './CommitStatusesStore';
import { DeploymentsStore } from './DeploymentsStore';
import {
  GitHubEvent,
  GitHubEventBus,
  GitHubEventListener,
  Unsubscribe,
} from './events';
import { GitDataStore } from './GitDataStore';
import { IssuesStore } from './IssuesStore';
import { PullRequestMerger } from './PullRequestMerger';
import { PullRequestsStore } from './PullRequestsStore';
import { ReleasesStore } from './ReleasesStore';
import { RepositoriesStore } from './RepositoriesStore';
import { ReviewsStore } from './ReviewsStore';
import {
  folderPersistence,
  inMemoryPersistence,
  StateContainer,
} from './StateContainer';
import { StoreContext } from './StoreContext';
import { emptySnapshot } from './types';

/**
 * The sandbox's model of a GitHub instance. REST routes, git smart-HTTP,
 * and later GraphQL, webhooks and seeding all work through it, so they agree
 * on every row and every commit.
 */
export interface GitHubStore {
  readonly accounts: AccountsStore;
  readonly repositories: RepositoriesStore;
  readonly access: AccessStore;
  readonly branchProtection: BranchProtectionStore;
  readonly git: GitDataStore;
  readonly issues: IssuesStore;
  readonly pulls: PullRequestsStore;
  readonly reviews: ReviewsStore;
  readonly merges: PullRequestMerger;
  readonly statuses: CommitStatusesStore;
  readonly deployments: DeploymentsStore;
  readonly actions: ActionsStore;
  readonly releases: ReleasesStore;
  /** Where bare repositories live (`<root>/<owner>/<repo>.git`, lower-cased). */
  readonly repositoriesRoot: string;
  /** Fires after each change is visible in the store. */
  onEvent(listener: GitHubEventListener): Unsubscribe;
  /** Serialises work that changes refs of one repository (used by git pushes). */
  withRepositoryLock<T>(
    repositoryId: number,
    work: () => Promise<T>,
  ): Promise<T>;
  /** Current time as the store stamps rows (`clock` option). */
  now(): string;
  /** Resolves once every change so far is on disk (no-op in memory mode). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface GitHubStoreOptions {
  /**
   * Folder holding `state.json` and `repositories/`; reopening the same
   * folder restores everything. Omitted: rows live in memory and bare
   * repositories in a temporary folder removed on close.
   */
  dataDir?: string;
  /** Time source for default timestamps; seeding passes explicit ones instead. */
  clock?: () => Date;
  /** Where event-listener failures go; defaults to a process warning. */
  onListenerError?: (error: unknown, event: GitHubEvent) => void;
}

export async function createGitHubStore(
  options: GitHubStoreOptions = {},
): Promise<GitHubStore> {
  const clock = options.clock ?? (() => new Date());
  const temporaryDir = options.dataDir
    ? undefined
    : await fs.mkdtemp(path.join(os.tmpdir(), 'callboard-github-sandbox-'));
  const baseDir = options.dataDir ?? temporaryDir!;
  await fs.mkdir(baseDir, { recursive: true });
  const persistence = options.dataDir
    ? folderPersistence(options.dataDir)
    : inMemoryPersistence;
  const snapshot = (await persistence.load()) ?? emptySnapshot();
  const state = new StateContainer(snapshot, persistence, clock);
  const events = new GitHubEventBus(options.onListenerError);
  const repositoriesRoot = path.join(baseDir, 'repositories');
  await fs.mkdir(repositoriesRoot, { recursive: true });
  const context = new StoreContext(state, events, repositoriesRoot);

  const accounts = new AccountsStore(context);
  const access = new AccessStore(context, accounts);
  const git = new GitDataStore(context);
  const repositories = new RepositoriesStore(context, git);
  const branchProtection = new BranchProtectionStore(context);
  const issues = new IssuesStore(context, access);
  const pulls = new PullRequestsStore(context, issues, access);
  const reviews = new ReviewsStore(context, pulls);
  const statuses = new CommitStatusesStore(context);
  const merges = new PullRequestMerger(
    context,
    pulls,
    reviews,
    statuses,
    branchProtection,
    access,
    git,
  );
  const deployments = new DeploymentsStore(context, statuses, git);
  const actions = new ActionsStore(context);
  const releases = new ReleasesStore(context, git);

  return {
    accounts,
    repositories,
    access,
    branchProtection,
    git,
    issues,
    pulls,
    reviews,
    merges,
    statuses,
    deployments,
    actions,
    releases,
    repositoriesRoot,
    onEvent: listener => events.on(listener),
    withRepositoryLock: (repositoryId, work) =>
      context.withRepoLock(repositoryId, work),
    now: () => context.now(),
    flush: () => state.flush(),
    async close() {
      await state.flush();
      if (temporaryDir) {
        await fs.rm(temporaryDir, { recursive: true, force: true });
      }
    },
  };
}
