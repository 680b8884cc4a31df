import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConditionalRequestCache,
  GithubClientFactory,
  GithubRateLimitError,
  GithubRequestStats,
  isGithubRequestFailure,
  queryRepositoriesInBatch,
  RepositoryBatchQuery,
} from '@callboard/github';
import { createHash } from 'node:crypto';
import type { Octokit } from 'octokit';
import { DxMetricsConfig, isBot } from '../../config';
import {
  DxStore,
  SlugResolution,
  StoredRepository,
} from '../../database/DxStore';
import {
  CommitRecord,
  DeploymentRecord,
  IncidentRecord,
} from '../Metrics/types';
import {
  ADOPTION_FILES,
  AdoptionFilesNode,
  COMMIT_HISTORY,
  CommitHistoryNode,
  DEPLOYMENTS,
  DeploymentNode,
  DeploymentsNode,
  PULL_REQUESTS,
  PullRequestNode,
  PullRequestsNode,
  REPOSITORY_IDENTITY,
  RepositoryIdentityNode,
} from './queries';

const DAY = 86_400_000;

/** A repository the catalog names, and whether its components split it by path. */
export interface IngestTarget {
  host: string;
  /** `owner/name` as the `github.com/project-slug` annotation says it. */
  slug: string;
  /** Components of this repository split it by path: changes need their file lists. */
  monorepo: boolean;
}

export type IngestKind = 'commits' | 'pulls' | 'deployments' | 'incidents';
export const ALL_KINDS: readonly IngestKind[] = [
  'commits',
  'pulls',
  'deployments',
  'incidents',
];

export interface IngestSummary {
  repositories: number;
  /** Requests GitHub counts against the budget (304s are free). */
  countedRequests: number;
  notModified: number;
  graphqlRequests: number;
  byCall: Record<string, number>;
  written: Record<IngestKind, number>;
  /** Set when the budget ran out: the pass stopped and resumes after this time. */
  pausedUntil?: string;
  failures: string[];
  durationMs: number;
}

interface Resolved {
  target: IngestTarget;
  repository: StoredRepository;
  owner: string;
  name: string;
}

class PassPaused extends Error {
  constructor(readonly until: Date) {
    super(`GitHub budget exhausted until ${until.toISOString()}`);
  }
}

const PAUSE_KEY = 'paused_until';
/** The outcome of the last pass that ran, read by the figures to say how fresh they are. */
export const LAST_PASS_KEY = 'last_pass';

/** What the figures tell the reader about the last pass. */
export interface LastPass {
  finishedAt: number;
  pausedUntil?: number;
  /** What could not be read, e.g. `incidents of tidewater/web: …`; at most 20. */
  failures: string[];
}

function noteFacts(pass: LastPass) {
  return { pausedUntil: pass.pausedUntil, failures: pass.failures };
}

/** Per-pass bookkeeping: probe signatures to save once their fetch succeeded, and failed streams. */
interface PassState {
  pendingProbe: Map<string, string>;
  failedStreams: Set<string>;
  /** Repositories resolved for the first time, published once the pass has read them. */
  pendingResolutions: SlugResolution[];
}
const passes = new WeakMap<IngestSummary, PassState>();
const passOf = (summary: IngestSummary) => passes.get(summary)!;

type HistoryCommit = NonNullable<
  CommitHistoryNode['defaultBranchRef']
>['target']['history']['nodes'][number];

/**
 * Incremental ingest of GitHub events into the store. Every stream keeps a cursor per repository
 * and kind; every write is an upsert by GitHub ids, so a pass interrupted anywhere (a crash, an
 * exhausted budget) resumes with no duplicates. Cheap REST probes with ETags (a 304 is free) tell
 * which repositories changed; only those are asked for details, through GraphQL queries batched
 * across repositories.
 */
export class GithubIngester {
  constructor(
    private readonly deps: {
      store: DxStore;
      factory: GithubClientFactory;
      config: DxMetricsConfig;
      logger: LoggerService;
      conditionalRequests: ConditionalRequestCache;
      now?: () => number;
    },
  ) {}

  #now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /**
   * One pass over the targets. `kinds` narrows it (a webhook asks for one stream of one
   * repository); `probe: false` skips the change probes and fetches the kinds outright.
   */
  async run(
    targets: IngestTarget[],
    options: {
      kinds?: readonly IngestKind[];
      probe?: boolean;
      signal?: AbortSignal;
    } = {},
  ): Promise<IngestSummary> {
    const started = this.#now();
    const stats = new GithubRequestStats();
    let graphqlRequests = 0;
    const summary: IngestSummary = {
      repositories: targets.length,
      countedRequests: 0,
      notModified: 0,
      graphqlRequests: 0,
      byCall: {},
      written: { commits: 0, pulls: 0, deployments: 0, incidents: 0 },
      failures: [],
      durationMs: 0,
    };
    passes.set(summary, {
      pendingProbe: new Map(),
      failedStreams: new Set(),
      pendingResolutions: [],
    });
    const paused = await this.deps.store.getState(PAUSE_KEY);
    if (paused && Number(paused) > this.#now()) {
      summary.pausedUntil = new Date(Number(paused)).toISOString();
      this.deps.logger.info(
        `DX ingest skipped: GitHub budget exhausted until ${summary.pausedUntil}`,
      );
      return summary;
    }
    const session = this.deps.factory.session({
      logger: this.deps.logger,
      signal: options.signal,
      conditionalRequests: this.deps.conditionalRequests,
      onExchange: exchange => {
        stats.observe(exchange);
        if (exchange.call.endsWith('/graphql')) {
          graphqlRequests += 1;
        }
      },
    });
    const kinds = options.kinds ?? ALL_KINDS;
    try {
      const byHost = new Map<string, IngestTarget[]>();
      for (const target of targets) {
        byHost.set(target.host, [...(byHost.get(target.host) ?? []), target]);
      }
      for (const [host, hostTargets] of byHost) {
        const [owner, repo] = hostTargets[0].slug.split('/');
        const octokit = await session.get({ host, owner, repo });
        const resolved = await this.#resolve(octokit, hostTargets, summary);
        const dirty =
          options.probe === false
            ? new Map(resolved.map(r => [r, new Set(kinds)]))
            : await this.#probe(octokit, resolved, kinds, summary);
        await this.#fetch(octokit, dirty, summary);
        // The figures read a repository once its slug resolves: before its first pass ended
        // they would show the streams stored so far, e.g. commits but no deployments yet.
        const pass = passOf(summary);
        for (const resolution of pass.pendingResolutions) {
          await this.deps.store.setSlugResolution(resolution);
        }
        pass.pendingResolutions = [];
      }
    } catch (error) {
      if (error instanceof PassPaused) {
        summary.pausedUntil = error.until.toISOString();
        await this.deps.store.setState(
          PAUSE_KEY,
          String(error.until.getTime()),
        );
        this.deps.logger.warn(
          `DX ingest paused: ${error.message}; cursors are kept and the next pass resumes`,
        );
      } else {
        throw error;
      }
    }
    const lastPass: LastPass = {
      finishedAt: this.#now(),
      pausedUntil: summary.pausedUntil
        ? Date.parse(summary.pausedUntil)
        : undefined,
      failures: summary.failures.slice(0, 20),
    };
    const previous = await this.deps.store.getState(LAST_PASS_KEY);
    await this.deps.store.setState(LAST_PASS_KEY, JSON.stringify(lastPass));
    summary.countedRequests = stats.counted;
    summary.notModified = stats.notModified;
    summary.graphqlRequests = graphqlRequests;
    summary.byCall = stats.byCall();
    summary.durationMs = this.#now() - started;
    // Cached figures carry the last pass's notes: they change when a pause or failure starts or
    // ends, not on every quiet pass.
    const notesChanged =
      !previous ||
      JSON.stringify(noteFacts(JSON.parse(previous))) !==
        JSON.stringify(noteFacts(lastPass));
    if (
      notesChanged ||
      Object.values(summary.written).some(count => count > 0)
    ) {
      await this.deps.store.bumpDataVersion();
    }
    return summary;
  }

  /** Runs a GitHub call; an exhausted primary budget stops the pass, anything else is reported. */
  async #guard<T>(
    what: string,
    summary: IngestSummary,
    call: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof GithubRateLimitError) {
        if (error.kind === 'primary') {
          throw new PassPaused(
            error.resetAt ?? new Date(this.#now() + 60 * 60_000),
          );
        }
      }
      const message = `${what}: ${(error as Error).message}`;
      summary.failures.push(message);
      this.deps.logger.warn(`DX ingest: ${message}`);
      return undefined;
    }
  }

  #batches<T>(items: T[]): T[][] {
    const size = this.deps.config.batchSize;
    const result: T[][] = [];
    for (let index = 0; index < items.length; index += size) {
      result.push(items.slice(index, index + size));
    }
    return result;
  }

  /** Slugs to GitHub ids, once per slug; renamed repositories keep their id and history. */
  async #resolve(
    octokit: Octokit,
    targets: IngestTarget[],
    summary: IngestSummary,
  ): Promise<Resolved[]> {
    const { store } = this.deps;
    const known = await store.getSlugResolutions(targets.map(t => t.slug));
    const unresolved = targets.filter(
      t => known.get(t.slug.toLowerCase())?.status !== 'found',
    );
    for (const batch of this.#batches(unresolved)) {
      const results = await this.#guard('resolving repositories', summary, () =>
        queryRepositoriesInBatch<RepositoryIdentityNode>(
          octokit,
          REPOSITORY_IDENTITY,
          batch.map(target => splitSlug(target.slug)),
        ),
      );
      if (!results) {
        continue;
      }
      for (const [index, result] of results.entries()) {
        const slug = batch[index].slug.toLowerCase();
        if (!result.ok) {
          await store.setSlugResolution({
            slug,
            repositoryId: null,
            status: 'not-found',
            reason: `GitHub does not know ${batch[index].slug}: ${result.message}`,
          });
          continue;
        }
        await this.#saveRepository(result.data);
        const resolution: SlugResolution = {
          slug,
          repositoryId: result.data.databaseId,
          status: 'found',
          reason: null,
        };
        passOf(summary).pendingResolutions.push(resolution);
        known.set(slug, resolution);
      }
    }
    const resolved: Resolved[] = [];
    for (const target of targets) {
      const resolution = known.get(target.slug.toLowerCase());
      if (resolution?.status !== 'found' || resolution.repositoryId === null) {
        continue;
      }
      const repository = await store.getRepository(resolution.repositoryId);
      if (repository && repository.status === 'active') {
        const { owner, name } = splitSlug(repository.fullName);
        resolved.push({ target, repository, owner, name });
      }
    }
    return resolved;
  }

  async #saveRepository(node: RepositoryIdentityNode): Promise<void> {
    await this.deps.store.upsertRepository({
      id: node.databaseId,
      fullName: node.nameWithOwner,
      url: node.url,
      defaultBranch: node.defaultBranchRef?.name ?? 'main',
      createdAt: Date.parse(node.createdAt),
      status: 'active',
    });
  }

  /** A repository GitHub answered 404 for: kept with its history, no longer polled. */
  async #markGone(resolved: Resolved, summary: IngestSummary): Promise<void> {
    const pass = passOf(summary);
    pass.pendingResolutions = pass.pendingResolutions.filter(
      r => r.repositoryId !== resolved.repository.id,
    );
    await this.deps.store.upsertRepository({
      ...resolved.repository,
      status: 'not-found',
    });
    await this.deps.store.setSlugResolution({
      slug: resolved.target.slug,
      repositoryId: resolved.repository.id,
      status: 'not-found',
      reason: `GitHub no longer has ${resolved.repository.fullName} (deleted, or renamed beyond its redirect); its history is kept`,
    });
    summary.failures.push(
      `${resolved.repository.fullName}: not found on GitHub`,
    );
  }

  /**
   * Conditional REST probes: the newest default-branch commit, the most recently updated pull
   * request and the newest deployments. Unchanged answers are 304s and cost nothing; a kind is
   * fetched only when its probe differs from the cursor. Incidents are few, so their probe is
   * their fetch.
   */
  async #probe(
    octokit: Octokit,
    resolved: Resolved[],
    kinds: readonly IngestKind[],
    summary: IngestSummary,
  ): Promise<Map<Resolved, Set<IngestKind>>> {
    const { store } = this.deps;
    const dirty = new Map<Resolved, Set<IngestKind>>();
    for (const repo of resolved) {
      const changed = new Set<IngestKind>();
      const { owner, name } = repo;
      const id = repo.repository.id;
      const probes: Array<
        [
          IngestKind,
          'probe:commits' | 'probe:pulls' | 'probe:deployments',
          () => Promise<unknown>,
        ]
      > = [
        [
          'commits',
          'probe:commits',
          () =>
            octokit.rest.repos
              .listCommits({
                owner,
                repo: name,
                sha: repo.repository.defaultBranch,
                per_page: 1,
              })
              .then(r => r.data.map(c => c.sha)),
        ],
        [
          'pulls',
          'probe:pulls',
          () =>
            octokit.rest.pulls
              .list({
                owner,
                repo: name,
                state: 'all',
                sort: 'updated',
                direction: 'desc',
                per_page: 1,
              })
              .then(r => r.data.map(p => [p.number, p.updated_at])),
        ],
        [
          'deployments',
          'probe:deployments',
          () =>
            octokit.rest.repos
              .listDeployments({ owner, repo: name, per_page: 30 })
              .then(r => r.data.map(d => [d.id, d.updated_at])),
        ],
      ];
      let gone = false;
      for (const [kind, cursorKind, probe] of probes) {
        if (!kinds.includes(kind) || gone) {
          continue;
        }
        try {
          const signature = digest(await probe());
          if ((await store.getCursor(id, cursorKind)) !== signature) {
            changed.add(kind);
            // The probe's cursor moves only after the fetch succeeds (see #fetch).
            passOf(summary).pendingProbe.set(`${id}:${cursorKind}`, signature);
          }
        } catch (error) {
          if (isGithubRequestFailure(error) && error.status === 404) {
            await this.#markGone(repo, summary);
            gone = true;
            continue;
          }
          await this.#guard(
            `probing ${kind} of ${repo.repository.fullName}`,
            summary,
            () => Promise.reject(error),
          );
        }
      }
      if (!gone && kinds.includes('incidents')) {
        await this.#guard(
          `incidents of ${repo.repository.fullName}`,
          summary,
          () => this.#ingestIncidents(octokit, repo, summary),
        );
      }
      if (!gone && changed.size > 0) {
        dirty.set(repo, changed);
      }
    }
    return dirty;
  }

  async #fetch(
    octokit: Octokit,
    dirty: Map<Resolved, Set<IngestKind>>,
    summary: IngestSummary,
  ): Promise<void> {
    const of = (kind: IngestKind) =>
      [...dirty].filter(([, kinds]) => kinds.has(kind)).map(([repo]) => repo);
    await this.#paged<CommitHistoryNode>(
      octokit,
      COMMIT_HISTORY,
      of('commits'),
      summary,
      'commits',
      () => ({ since: new Date(this.#backfillStart()).toISOString() }),
      (repo, node, state) =>
        this.#commitsPage(octokit, repo, node, state, summary),
    );
    await this.#adoption(octokit, of('commits'), summary);
    await this.#paged<PullRequestsNode>(
      octokit,
      PULL_REQUESTS,
      of('pulls'),
      summary,
      'pulls',
      () => ({}),
      (repo, node, state) =>
        this.#pullsPage(octokit, repo, node, state, summary),
    );
    await this.#paged<DeploymentsNode>(
      octokit,
      DEPLOYMENTS,
      of('deployments'),
      summary,
      'deployments',
      () => ({}),
      (repo, node, state) => this.#deploymentsPage(repo, node, state, summary),
    );
    for (const repo of of('deployments')) {
      await this.#guard(
        `workflow runs of ${repo.repository.fullName}`,
        summary,
        () => this.#ingestWorkflowRuns(octokit, repo, summary),
      );
    }
    for (const [repo, kinds] of dirty) {
      for (const kind of kinds) {
        if (kind === 'incidents') {
          continue;
        }
        const { pendingProbe, failedStreams } = passOf(summary);
        const key = `${repo.repository.id}:probe:${kind}`;
        const signature = pendingProbe.get(key);
        if (signature && !failedStreams.has(`${repo.repository.id}:${kind}`)) {
          await this.deps.store.setCursor(
            repo.repository.id,
            `probe:${kind}`,
            signature,
          );
        }
      }
    }
  }

  /** Files change only with commits: the golden-path signals are re-read when commits arrive. */
  async #adoption(
    octokit: Octokit,
    repos: Resolved[],
    summary: IngestSummary,
  ): Promise<void> {
    const pattern = this.deps.config.reusableWorkflowPattern;
    for (const batch of this.#batches(repos)) {
      const results = await this.#guard(
        `golden-path files of ${batch.length} repositories`,
        summary,
        () =>
          queryRepositoriesInBatch<AdoptionFilesNode>(
            octokit,
            ADOPTION_FILES,
            batch.map(r => ({ owner: r.owner, name: r.name })),
          ),
      );
      const records = (results ?? []).flatMap((result, index) => {
        if (!result.ok) {
          return [];
        }
        const lock = parseLock(result.data.lock?.text ?? null);
        return [
          {
            repositoryId: batch[index].repository.id,
            lockFile: lock !== undefined,
            templateName: lock?.name ?? null,
            templateVersion: lock?.version ?? null,
            reusableWorkflow: (result.data.workflows?.entries ?? []).some(
              entry =>
                /\.ya?ml$/.test(entry.name) &&
                pattern.test(entry.object?.text ?? ''),
            ),
            checkedAt: this.#now(),
          },
        ];
      });
      await this.deps.store.upsertAdoption(records);
    }
  }

  #backfillStart(): number {
    return this.#now() - this.deps.config.backfillDays * DAY;
  }

  /**
   * Pages a batched query: each round asks every repository that still has pages, with its own
   * `after`; `page` stores one repository's page and says whether to go on.
   */
  async #paged<T>(
    octokit: Octokit,
    query: RepositoryBatchQuery,
    repos: Resolved[],
    summary: IngestSummary,
    kind: IngestKind,
    variables: (repo: Resolved) => Record<string, unknown>,
    page: (
      repo: Resolved,
      node: T,
      state: PageState,
    ) => Promise<{ next: string | null }>,
  ): Promise<void> {
    const states = new Map<Resolved, PageState>(
      repos.map(repo => [repo, { after: null, pages: 0, memo: {} }]),
    );
    let open = [...repos];
    while (open.length > 0) {
      const still: Resolved[] = [];
      for (const batch of this.#batches(open)) {
        const results = await this.#guard(
          `${kind} of ${batch.length} repositories`,
          summary,
          () =>
            queryRepositoriesInBatch<T>(
              octokit,
              query,
              batch.map(repo => ({
                owner: repo.owner,
                name: repo.name,
                variables: {
                  ...variables(repo),
                  after: states.get(repo)!.after,
                },
              })),
            ),
        );
        if (!results) {
          batch.forEach(repo =>
            passOf(summary).failedStreams.add(`${repo.repository.id}:${kind}`),
          );
          continue;
        }
        for (const [index, result] of results.entries()) {
          const repo = batch[index];
          if (!result.ok) {
            passOf(summary).failedStreams.add(`${repo.repository.id}:${kind}`);
            if (result.type === 'NOT_FOUND') {
              await this.#markGone(repo, summary);
            } else {
              summary.failures.push(
                `${kind} of ${repo.repository.fullName}: ${result.message}`,
              );
            }
            continue;
          }
          const state = states.get(repo)!;
          state.pages += 1;
          const { next } = await page(repo, result.data, state);
          if (next) {
            state.after = next;
            still.push(repo);
          }
        }
      }
      open = still;
    }
  }

  async #commitsPage(
    octokit: Octokit,
    repo: Resolved,
    node: CommitHistoryNode,
    state: PageState,
    summary: IngestSummary,
  ): Promise<{ next: string | null }> {
    const { store } = this.deps;
    const id = repo.repository.id;
    await this.#noteRename(repo, node);
    const history = node.defaultBranchRef?.target.history;
    if (!history) {
      return { next: null };
    }
    const collected = (state.memo.commits as HistoryCommit[] | undefined) ?? [];
    state.memo.commits = collected;
    const known = await store.knownCommits(
      id,
      history.nodes.map(n => n.oid),
    );
    let anchor: { ordinal: number } | undefined;
    for (const commit of history.nodes) {
      const hit = known.get(commit.oid);
      if (hit?.onDefaultBranch) {
        anchor = hit;
        break;
      }
      collected.push(commit);
    }
    if (!anchor && history.pageInfo.hasNextPage) {
      return { next: history.pageInfo.endCursor };
    }
    // Everything newer than the anchor is new. Stored commits above the anchor are no longer on
    // the branch: a force push replaced them.
    const base = anchor?.ordinal ?? 0;
    const dropped = await store.dropCommitsAbove(id, base);
    if (dropped > 0) {
      this.deps.logger.info(
        `DX ingest: ${repo.repository.fullName} was force-pushed; ${dropped} commits left the default branch`,
      );
    }
    const start = Math.max(base, await store.maxOrdinal(id));
    const records: CommitRecord[] = [];
    const ordered = [...collected].reverse();
    for (const [index, commit] of ordered.entries()) {
      const login = commit.author?.user?.login ?? null;
      records.push({
        sha: commit.oid,
        ordinal: start + index + 1,
        authoredAt: Date.parse(commit.authoredDate),
        committedAt: Date.parse(commit.committedDate),
        message: commit.message,
        author: login,
        bot: isBot(this.deps.config, login),
        paths: repo.target.monorepo
          ? await this.#commitPaths(octokit, repo, commit.oid, summary)
          : null,
      });
    }
    await store.upsertCommits(id, records);
    summary.written.commits += records.length;
    return { next: null };
  }

  async #commitPaths(
    octokit: Octokit,
    repo: Resolved,
    sha: string,
    summary: IngestSummary,
  ): Promise<string[] | null> {
    const response = await this.#guard(
      `files of ${repo.repository.fullName}@${sha}`,
      summary,
      () =>
        octokit.rest.repos.getCommit({
          owner: repo.owner,
          repo: repo.name,
          ref: sha,
        }),
    );
    return response
      ? (response.data.files ?? []).map(file => file.filename)
      : null;
  }

  async #pullsPage(
    octokit: Octokit,
    repo: Resolved,
    node: PullRequestsNode,
    state: PageState,
    summary: IngestSummary,
  ): Promise<{ next: string | null }> {
    const { store } = this.deps;
    const id = repo.repository.id;
    await this.#noteRename(repo, node);
    const cursor = await this.#timeCursor(id, 'pulls');
    const floor = Math.max(cursor, this.#backfillStart());
    const fresh = node.pullRequests.nodes.filter(
      pull => Date.parse(pull.updatedAt) >= floor,
    );
    const records = [];
    for (const pull of fresh) {
      records.push({
        ...this.#pullRecord(pull),
        paths:
          repo.target.monorepo && pull.mergedAt
            ? await this.#pullPaths(octokit, repo, pull.number, summary)
            : null,
      });
    }
    await store.upsertPullRequests(id, records);
    summary.written.pulls += records.length;
    return this.#advanceTimeCursor(id, 'pulls', cursor, state, {
      seen: fresh.map(p => Date.parse(p.updatedAt)),
      reachedFloor: fresh.length !== node.pullRequests.nodes.length,
      pageInfo: node.pullRequests.pageInfo,
    });
  }

  #pullRecord(pull: PullRequestNode) {
    const author = pull.author?.login ?? null;
    const reviews = pull.reviews.nodes
      .filter(review => review.submittedAt && review.author?.login !== author)
      .map(review => Date.parse(review.submittedAt!));
    return {
      number: pull.number,
      title: pull.title,
      url: pull.url,
      author,
      bot: isBot(this.deps.config, author),
      headRef: pull.headRefName,
      labels: pull.labels.nodes.map(label => label.name),
      createdAt: Date.parse(pull.createdAt),
      updatedAt: Date.parse(pull.updatedAt),
      mergedAt: pull.mergedAt ? Date.parse(pull.mergedAt) : null,
      mergeSha: pull.mergedAt ? pull.mergeCommit?.oid ?? null : null,
      commits: pull.commits.nodes.map(({ commit }) => ({
        sha: commit.oid,
        authoredAt: Date.parse(commit.authoredDate),
        message: commit.message,
      })),
      firstReviewAt: reviews.length ? Math.min(...reviews) : null,
    };
  }

  async #pullPaths(
    octokit: Octokit,
    repo: Resolved,
    number: number,
    summary: IngestSummary,
  ): Promise<string[] | null> {
    const files = await this.#guard(
      `files of ${repo.repository.fullName}#${number}`,
      summary,
      () =>
        octokit.paginate(octokit.rest.pulls.listFiles, {
          owner: repo.owner,
          repo: repo.name,
          pull_number: number,
          per_page: 100,
        }),
    );
    return files ? files.map(file => file.filename) : null;
  }

  /** A production environment, and the component it names (`production/api`), if any. */
  #production(environment: string): { component: string | null } | undefined {
    for (const name of this.deps.config.productionEnvironments) {
      if (environment.toLowerCase() === name.toLowerCase()) {
        return { component: null };
      }
      const prefix = `${name.toLowerCase()}/`;
      if (environment.toLowerCase().startsWith(prefix)) {
        return { component: environment.slice(prefix.length) };
      }
    }
    return undefined;
  }

  async #deploymentsPage(
    repo: Resolved,
    node: DeploymentsNode,
    state: PageState,
    summary: IngestSummary,
  ): Promise<{ next: string | null }> {
    const { store } = this.deps;
    const id = repo.repository.id;
    await this.#noteRename(repo, node);
    // Statuses of recent deployments still change, so each pass re-reads a day before its cursor.
    const cursor = await this.#timeCursor(id, 'deployments');
    const floor = Math.max(cursor - DAY, this.#backfillStart());
    const records: DeploymentRecord[] = [];
    let reachedFloor = false;
    for (const deployment of node.deployments.nodes) {
      const createdAt = Date.parse(deployment.createdAt);
      if (createdAt < floor) {
        reachedFloor = true;
        break;
      }
      const record = this.#deploymentRecord(repo, deployment);
      if (record) {
        records.push(record);
      }
    }
    await store.upsertDeployments(id, records);
    summary.written.deployments += records.length;
    return this.#advanceTimeCursor(id, 'deployments', cursor, state, {
      seen: node.deployments.nodes.map(d => Date.parse(d.createdAt)),
      reachedFloor,
      pageInfo: node.deployments.pageInfo,
    });
  }

  /** The newest time a time-ordered stream (pulls, deployments) has stored; 0 before the first pass. */
  async #timeCursor(
    repositoryId: number,
    stream: 'pulls' | 'deployments',
  ): Promise<number> {
    return Number((await this.deps.store.getCursor(repositoryId, stream)) ?? 0);
  }

  /**
   * Ends a page of a newest-first stream: the walk goes on until a page reaches the floor; the
   * newest time seen on any page of this pass is kept in the page state and becomes the cursor
   * only when the walk stops, so a pass that fails halfway starts again from the old cursor.
   */
  async #advanceTimeCursor(
    repositoryId: number,
    stream: 'pulls' | 'deployments',
    cursor: number,
    state: PageState,
    page: {
      seen: number[];
      reachedFloor: boolean;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    },
  ): Promise<{ next: string | null }> {
    const newest = Math.max(Number(state.memo.newest ?? 0), ...page.seen);
    state.memo.newest = newest;
    if (!page.reachedFloor && page.pageInfo.hasNextPage) {
      return { next: page.pageInfo.endCursor };
    }
    if (newest > cursor) {
      await this.deps.store.setCursor(repositoryId, stream, String(newest));
    }
    return { next: null };
  }

  #deploymentRecord(
    repo: Resolved,
    deployment: DeploymentNode,
  ): DeploymentRecord | undefined {
    const production = this.#production(deployment.environment);
    const outcome = outcomeOf(deployment);
    if (!production || !deployment.commit || !outcome) {
      return undefined;
    }
    const state = outcome.state.toUpperCase();
    if (state !== 'SUCCESS' && state !== 'FAILURE' && state !== 'ERROR') {
      return undefined;
    }
    return {
      id: `deployment:${deployment.databaseId}`,
      environment: deployment.environment,
      sha: deployment.commit.oid,
      status: state === 'SUCCESS' ? 'success' : 'failure',
      createdAt: Date.parse(deployment.createdAt),
      finishedAt: Date.parse(outcome.createdAt),
      component: production.component ?? componentOfPayload(deployment.payload),
      url: `${repo.repository.url}/deployments/${encodeURIComponent(
        deployment.environment,
      )}`,
    };
  }

  /** The webhook path: one deployment status, as GitHub's payload carries it. */
  async applyDeploymentStatus(
    repositoryId: number,
    deployment: DeploymentNode,
  ): Promise<number> {
    const repository = await this.deps.store.getRepository(repositoryId);
    if (!repository) {
      return 0;
    }
    const record = this.deploymentRecordOf(repository, deployment);
    if (!record) {
      return 0;
    }
    await this.deps.store.upsertDeployments(repositoryId, [record]);
    await this.deps.store.bumpDataVersion();
    return 1;
  }

  deploymentRecordOf(
    repository: StoredRepository,
    deployment: DeploymentNode,
  ): DeploymentRecord | undefined {
    const { owner, name } = splitSlug(repository.fullName);
    return this.#deploymentRecord(
      {
        repository,
        owner,
        name,
        target: { host: '', slug: repository.fullName, monorepo: false },
      },
      deployment,
    );
  }

  /**
   * Repositories without production deployments: successful and failed runs of workflows whose
   * name matches `workflowNamePattern` on the default branch count as deployments.
   */
  async #ingestWorkflowRuns(
    octokit: Octokit,
    repo: Resolved,
    summary: IngestSummary,
  ): Promise<void> {
    const { store, config } = this.deps;
    const id = repo.repository.id;
    const history = await store.loadHistory(id);
    if (
      history &&
      history.deployments.some(d => d.id.startsWith('deployment:'))
    ) {
      return;
    }
    const since = new Date(this.#backfillStart()).toISOString().slice(0, 10);
    const runs = await octokit.paginate(
      octokit.rest.actions.listWorkflowRunsForRepo,
      {
        owner: repo.owner,
        repo: repo.name,
        branch: repo.repository.defaultBranch,
        status: 'completed',
        created: `>=${since}`,
        per_page: 100,
      },
    );
    const records: DeploymentRecord[] = runs
      .filter(
        run =>
          config.workflowNamePattern.test(run.name ?? '') ||
          config.workflowNamePattern.test(run.path?.split('/').pop() ?? ''),
      )
      .filter(
        run => run.conclusion === 'success' || run.conclusion === 'failure',
      )
      .map(run => ({
        id: `run:${run.id}`,
        environment: 'production',
        sha: run.head_sha,
        status: run.conclusion === 'success' ? 'success' : 'failure',
        createdAt: Date.parse(run.run_started_at ?? run.created_at),
        finishedAt: Date.parse(run.updated_at),
        component: null,
        url: run.html_url,
      }));
    await store.upsertDeployments(id, records);
    summary.written.deployments += records.length;
  }

  async #ingestIncidents(
    octokit: Octokit,
    repo: Resolved,
    summary: IngestSummary,
  ): Promise<void> {
    const { store, config } = this.deps;
    const id = repo.repository.id;
    const floor = this.#backfillStart();
    const records: IncidentRecord[] = [];
    for (const label of config.incidentLabels) {
      for await (const page of octokit.paginate.iterator(
        octokit.rest.issues.listForRepo,
        {
          owner: repo.owner,
          repo: repo.name,
          labels: label,
          state: 'all',
          sort: 'updated',
          direction: 'desc',
          per_page: 100,
        },
      )) {
        const issues = page.data.filter(issue => !issue.pull_request);
        for (const issue of issues) {
          records.push({
            number: issue.number,
            title: issue.title,
            url: issue.html_url,
            createdAt: Date.parse(issue.created_at),
            closedAt: issue.closed_at ? Date.parse(issue.closed_at) : null,
          });
        }
        if (page.data.some(issue => Date.parse(issue.updated_at) < floor)) {
          break;
        }
      }
    }
    const signature = digest(records);
    if ((await store.getCursor(id, 'incidents')) === signature) {
      return;
    }
    await store.upsertIncidents(id, records);
    await store.setCursor(id, 'incidents', signature);
    summary.written.incidents += records.length;
  }

  /** GitHub answers an old name with the renamed repository: follow it, keeping the id. */
  async #noteRename(
    repo: Resolved,
    node: { databaseId: number; nameWithOwner: string },
  ): Promise<void> {
    if (node.nameWithOwner !== repo.repository.fullName) {
      const renamed = {
        ...repo.repository,
        fullName: node.nameWithOwner,
        url: repo.repository.url.replace(
          repo.repository.fullName,
          node.nameWithOwner,
        ),
      };
      await this.deps.store.upsertRepository(renamed);
      this.deps.logger.info(
        `DX ingest: ${repo.repository.fullName} is now ${node.nameWithOwner}; history kept under GitHub id ${node.databaseId}`,
      );
      repo.repository = renamed;
    }
  }
}

interface PageState {
  after: string | null;
  pages: number;
  memo: Record<string, unknown>;
}

function splitSlug(slug: string): { owner: string; name: string } {
  const [owner, name] = slug.split('/');
  return { owner, name };
}

function digest(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value))
    .digest('hex')
    .slice(0, 32);
}

/** The golden path's lock file: `{ template: { name, version } }`; undefined when absent or unreadable. */
function parseLock(
  text: string | null,
): { name: string | null; version: string | null } | undefined {
  if (text === null) {
    return undefined;
  }
  try {
    const template = JSON.parse(text)?.template;
    return {
      name: typeof template?.name === 'string' ? template.name : null,
      version: typeof template?.version === 'string' ? template.version : null,
    };
  } catch {
    return { name: null, version: null };
  }
}

/**
 * The status that says how a deployment ended. `auto_inactive` (on by default) adds an INACTIVE
 * status to an earlier successful deployment once a later one to the same environment succeeds:
 * the sandbox does so for every environment, GitHub for those it does not flag as production
 * (such as `prod` or `production/api`). The latest status alone kept only each environment's
 * newest success; a superseded deployment went out at its newest SUCCESS status.
 */
function outcomeOf(
  deployment: DeploymentNode,
): { state: string; createdAt: string } | undefined {
  const latest = deployment.latestStatus;
  if (latest?.state.toUpperCase() !== 'INACTIVE') {
    return latest ?? undefined;
  }
  return (deployment.statuses?.nodes ?? [])
    .filter(status => status.state.toUpperCase() === 'SUCCESS')
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
}

function componentOfPayload(payload: string | null): string | null {
  if (!payload) {
    return null;
  }
  try {
    const parsed = JSON.parse(payload);
    return typeof parsed?.component === 'string' ? parsed.component : null;
  } catch {
    return null;
  }
}
