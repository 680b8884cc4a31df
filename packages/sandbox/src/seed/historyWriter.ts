import type {
  CommitIdentityInput,
  GitHubStore,
  RepoRef,
  RepositoryRecord,
} from '../github';
import type {
  PlannedCommit,
  PlannedIdentity,
  PlannedIncident,
  PlannedPullRequest,
  PlannedText,
  RepositoryPlan,
} from './plan';
import type { SeedClock } from './SeedClock';
import { toGitHubTime, toLocalTime } from './time';

export interface TeamGrant {
  team: string;
  permission: 'read' | 'triage' | 'write' | 'maintain' | 'admin';
}

export interface WriteRepositoryOptions {
  store: GitHubStore;
  plan: RepositoryPlan;
  grants: readonly TeamGrant[];
  clock?: SeedClock;
}

export interface WrittenRepository {
  name: string;
  mainSha: string;
  /** The commit production runs, for container image tags. */
  productionSha: string | undefined;
  counts: RepositoryCounts;
}

export interface RepositoryCounts {
  commits: number;
  pullRequests: number;
  mergedPullRequests: number;
  reviews: number;
  deployments: number;
  incidents: number;
  workflowRuns: number;
  releases: number;
}

const LABELS: ReadonlyArray<{
  name: string;
  color: string;
  description: string;
}> = [
  { name: 'incident', color: 'b60205', description: 'A production incident' },
  {
    name: 'severity:sev1',
    color: 'd93f0b',
    description: 'Customer-facing outage',
  },
  { name: 'severity:sev2', color: 'fbca04', description: 'Degraded service' },
  { name: 'severity:sev3', color: 'fef2c0', description: 'Minor impact' },
  { name: 'dependencies', color: '0366d6', description: 'Dependency updates' },
  { name: 'hotfix', color: 'e99695', description: 'Fix for a live incident' },
];

type Item =
  | { kind: 'pull'; number: number; pull: PlannedPullRequest }
  | { kind: 'incident'; number: number; incident: PlannedIncident };

/**
 * Replays a planned history into the store through its public API, in
 * phases: work that allocates ids runs one repository at a time, git work
 * that does not (objects, branch refs) runs concurrently. Commits are
 * written without touching refs; `main` is moved only where a pull
 * request's creation needs it and jumps to its final tip at the end.
 */
export class HistoryWriter {
  readonly #store: GitHubStore;
  readonly #plan: RepositoryPlan;
  readonly #clock: SeedClock | undefined;
  readonly #ref: RepoRef;
  readonly #grants: readonly TeamGrant[];
  readonly #shas: string[] = [];
  #repository!: RepositoryRecord;
  #mainPointer: PlannedCommit | undefined;

  constructor(options: WriteRepositoryOptions) {
    this.#store = options.store;
    this.#plan = options.plan;
    this.#clock = options.clock;
    this.#grants = options.grants;
    this.#ref = {
      owner: options.plan.profile.org,
      repo: options.plan.profile.name,
    };
  }

  /** Phase 1, in catalog order: the repository row, team grants and labels. */
  async createRepository(): Promise<void> {
    const { profile } = this.#plan;
    this.#at(this.#plan.createdAt);
    this.#repository = await this.#store.repositories.create({
      owner: profile.org,
      name: profile.name,
      creator: this.#plan.creator,
      description: profile.description,
      homepage: profile.kubernetesId
        ? `https://${profile.kubernetesId}.${profile.org}.example`
        : null,
      visibility: 'internal',
      defaultBranch: 'main',
      topics: profile.topics,
      createdAt: toGitHubTime(this.#plan.createdAt),
      settings: {
        deleteBranchOnMerge: profile.deleteBranchOnMerge,
        hasWiki: false,
      },
    });
    for (const grant of this.#grants) {
      this.#store.access.setTeamPermission(
        profile.org,
        grant.team,
        this.#ref,
        grant.permission,
      );
    }
    for (const label of LABELS) {
      if (!this.#store.issues.getLabel(this.#ref, label.name)) {
        this.#store.issues.createLabel(this.#ref, label);
      }
    }
  }

  /** Phase 2, concurrently across repositories: git objects only, no refs and no rows. */
  async writeCommits(): Promise<void> {
    for (const commit of this.#plan.commits) {
      this.#shas[commit.id] = await this.#store.git.writeCommit({
        ...this.#ref,
        parents: commit.parents.map(parent => this.#sha(parent)),
        message: this.#text(commit.message),
        author: this.#identity(commit.author, commit.authoredAt),
        committer: this.#identity(commit.committer, commit.committedAt),
        changes: commit.changes,
      });
    }
  }

  /**
   * Phase 3, concurrently: `main` at its first commit and every pull
   * request's head branch. Head branches are plain ref writes on the bare
   * repository: they exist so pull requests can be opened against them, and
   * pushing each as an event would only replay history nobody subscribed
   * to. Ref writes allocate no ids, so running them in parallel keeps the
   * seed deterministic.
   */
  async createBranches(concurrency: number): Promise<void> {
    await this.#moveMain(this.#plan.initialCommit);
    const git = this.#store.git.repository(this.#ref);
    await mapConcurrently(this.#plan.pullRequests, concurrency, async pull => {
      const head = this.#sha(pull.commits[pull.commits.length - 1].commit);
      if (!(await git.updateRef(`refs/heads/${pull.branch}`, head, null))) {
        throw new Error(
          `Could not create ${pull.branch} in ${this.#plan.profile.name}`,
        );
      }
    });
  }

  /*
   * Phase 4: three lanes run side by side, each going through the
   * repositories one at a time: workflow runs; deployments then releases;
   * issues and pull requests. Each lane allocates its own kinds of ids and
   * none reads what another writes, so ids come out the same on every run.
   * Only the runs lane pins the clock (workflows are stamped when first
   * seen); `pushed_at`, the one other store-stamped time, is set in phase 6.
   */

  async writeWorkflowRuns(): Promise<void> {
    this.#at(this.#plan.createdAt);
    await this.#store.actions.listWorkflows(this.#ref);
    const runs = [...this.#plan.workflowRuns].sort(
      (a, b) => a.createdAt - b.createdAt,
    );
    for (const run of runs) {
      await this.#store.actions.createRun({
        ...this.#ref,
        workflow: run.workflow,
        actor: run.actor,
        event: run.event,
        headBranch: run.branch,
        headSha: this.#sha(run.commit),
        status: 'completed',
        conclusion: run.conclusion,
        displayTitle: run.title,
        createdAt: toGitHubTime(run.createdAt),
        updatedAt: toGitHubTime(run.completedAt),
      });
    }
  }

  /** Pull requests and incidents share the issue number sequence, so they go in number order. */
  async writeIssues(): Promise<void> {
    for (const item of this.#items()) {
      if (item.kind === 'pull') {
        await this.#writePullRequest(item.pull);
      } else {
        this.#writeIncident(item.incident);
      }
    }
  }

  /**
   * Phase 5, after a repository's issues: head branches of merged and
   * closed pull requests go, as GitHub's "automatically delete head
   * branches" does.
   */
  async deleteFinishedBranches(): Promise<void> {
    const git = this.#store.git.repository(this.#ref);
    for (const pull of this.#plan.pullRequests) {
      if (pull.outcome.state !== 'open' && pull.deleteBranch) {
        await git.deleteRef(`refs/heads/${pull.branch}`);
      }
    }
  }

  /** Phase 6: `main` at its final tip, stamped with the last push. */
  async finish(): Promise<WrittenRepository> {
    const finalMain = this.#plan.mainHistory[this.#plan.mainHistory.length - 1];
    this.#at(this.#lastPushAt());
    // Always pushed, even when `main` is already there: the push stamps `pushed_at`.
    this.#mainPointer = undefined;
    await this.#moveMain(finalMain.commit);
    await this.#protectMain();
    const production = [...this.#plan.deployments]
      .reverse()
      .find(d => d.environment === 'production' && d.succeeded);
    return {
      name: this.#plan.profile.name,
      mainSha: this.#sha(finalMain.commit),
      productionSha: production ? this.#sha(production.commit) : undefined,
      counts: this.#counts(),
    };
  }

  /**
   * Protects `main` once its history is written, so seeded merges never had
   * to meet the rule, and the repository shows the protection it has today.
   */
  async #protectMain(): Promise<void> {
    const reviews = this.#plan.profile.standards.requiredReviews;
    if (reviews === undefined) return;
    await this.#store.branchProtection.set(this.#ref, 'main', {
      requiredStatusChecks: null,
      enforceAdmins: false,
      requiredPullRequestReviews:
        reviews > 0
          ? {
              requiredApprovingReviewCount: reviews,
              requireCodeOwnerReviews: true,
              dismissStaleReviews: true,
              requireLastPushApproval: false,
              bypassAllowances: { users: [], teams: [], apps: [] },
            }
          : null,
      restrictions: null,
      requiredLinearHistory: false,
      allowForcePushes: false,
      allowDeletions: false,
      blockCreations: false,
      requiredConversationResolution: false,
      lockBranch: false,
      allowForkSyncing: false,
    });
  }

  #at(ms: number): void {
    this.#clock?.pin(ms);
  }

  #sha(commit: PlannedCommit): string {
    const sha = this.#shas[commit.id];
    if (!sha) {
      throw new Error(
        `Commit ${commit.id} of ${this.#plan.profile.name} is not written yet`,
      );
    }
    return sha;
  }

  #text(text: PlannedText): string {
    return typeof text === 'string' ? text : text(commit => this.#sha(commit));
  }

  #accountId(login: string): number {
    const account = this.#store.accounts.get(login);
    if (!account) {
      throw new Error(`No account ${login} to attribute history to`);
    }
    return account.id;
  }

  #identity(identity: PlannedIdentity, at: number): CommitIdentityInput {
    return {
      name: identity.name,
      email: identity.email,
      date: toLocalTime(at, identity.utcOffsetMinutes),
    };
  }

  async #moveMain(commit: PlannedCommit): Promise<void> {
    if (this.#mainPointer === commit) {
      return;
    }
    await this.#store.git.forceRef(
      this.#repository,
      'refs/heads/main',
      this.#sha(commit),
      this.#accountId(this.#plan.creator),
    );
    this.#mainPointer = commit;
  }

  /** `main` as it was at `at`. */
  #mainAt(at: number): PlannedCommit {
    let tip = this.#plan.mainHistory[0].commit;
    for (const entry of this.#plan.mainHistory) {
      if (entry.at > at) break;
      tip = entry.commit;
    }
    return tip;
  }

  #items(): Item[] {
    const items: Item[] = [
      ...this.#plan.pullRequests.map(pull => ({
        kind: 'pull' as const,
        number: pull.number,
        pull,
      })),
      ...this.#plan.incidents.map(incident => ({
        kind: 'incident' as const,
        number: incident.number,
        incident,
      })),
    ];
    return items.sort((a, b) => a.number - b.number);
  }

  async #writePullRequest(pull: PlannedPullRequest): Promise<void> {
    const { outcome } = pull;
    // A pull request records the base it was opened against; merged ones
    // get their real base from the merge, so only the others need `main` moved.
    if (outcome.state !== 'merged') {
      await this.#moveMain(this.#mainAt(pull.createdAt));
    }
    const view = await this.#store.pulls.create({
      ...this.#ref,
      title: pull.title,
      body: this.#text(pull.body),
      head: pull.branch,
      base: 'main',
      author: pull.author,
      draft: pull.draft,
      createdAt: toGitHubTime(pull.createdAt),
    });
    if (view.pull.number !== pull.number) {
      throw new Error(
        `Planned #${pull.number} in ${
          this.#plan.profile.name
        } was created as #${view.pull.number}`,
      );
    }
    if (pull.labels.length > 0) {
      this.#store.issues.update(
        this.#ref,
        pull.number,
        { labels: pull.labels },
        pull.author,
        toGitHubTime(pull.createdAt),
      );
    }
    for (const review of pull.reviews) {
      this.#store.reviews.create({
        ...this.#ref,
        number: pull.number,
        author: review.reviewer,
        event: review.event,
        body: review.body,
        commitId: this.#sha(review.commit),
        submittedAt: toGitHubTime(review.submittedAt),
      });
    }
    if (outcome.state === 'merged') {
      const mergerId = this.#accountId(outcome.merger);
      this.#store.pulls.markMerged(view, {
        sha: this.#sha(outcome.mergeCommit),
        method: outcome.method,
        mergerId,
        mergedAt: toGitHubTime(outcome.mergedAt),
        baseSha: this.#sha(outcome.baseBefore),
      });
      this.#store.pulls.emitMerged(this.#repository, pull.number, mergerId);
    } else if (outcome.state === 'closed') {
      this.#store.issues.update(
        this.#ref,
        pull.number,
        { state: 'closed' },
        outcome.closer,
        toGitHubTime(outcome.closedAt),
      );
    }
  }

  #writeIncident(incident: PlannedIncident): void {
    const issue = this.#store.issues.create({
      ...this.#ref,
      title: incident.title,
      body: this.#text(incident.body),
      author: incident.author,
      assignees: [incident.assignee],
      labels: ['incident', `severity:${incident.severity}`],
      createdAt: toGitHubTime(incident.createdAt),
    });
    if (issue.number !== incident.number) {
      throw new Error(
        `Planned incident #${incident.number} in ${
          this.#plan.profile.name
        } was created as #${issue.number}`,
      );
    }
    for (const comment of [...incident.comments].sort(
      (a, b) => a.createdAt - b.createdAt,
    )) {
      this.#store.issues.addComment(this.#ref, issue.number, {
        author: comment.author,
        body: this.#text(comment.body),
        createdAt: toGitHubTime(comment.createdAt),
      });
    }
    if (incident.closedAt !== undefined) {
      this.#store.issues.update(
        this.#ref,
        issue.number,
        { state: 'closed', stateReason: 'completed' },
        incident.closer,
        toGitHubTime(incident.closedAt),
      );
    }
  }

  async writeDeployments(): Promise<void> {
    const { profile } = this.#plan;
    const deployments = [...this.#plan.deployments].sort(
      (a, b) => a.createdAt - b.createdAt,
    );
    for (const planned of deployments) {
      const sha = this.#sha(planned.commit);
      const result = await this.#store.deployments.create({
        ...this.#ref,
        ref: sha,
        creator: planned.creator,
        environment: planned.environment,
        description: planned.description,
        autoMerge: false,
        requiredContexts: [],
        payload: { sha },
        productionEnvironment: planned.environment === 'production',
        createdAt: toGitHubTime(planned.createdAt),
      });
      if (result.kind !== 'created') {
        throw new Error(
          `Deployment of ${sha} was not created: ${result.message}`,
        );
      }
      const environmentUrl = `https://${
        planned.environment === 'production' ? '' : `${planned.environment}.`
      }${profile.kubernetesId ?? profile.name}.${profile.org}.example`;
      this.#store.deployments.createStatus({
        ...this.#ref,
        deploymentId: result.deployment.id,
        state: 'in_progress',
        creator: planned.creator,
        description: 'Rolling out',
        createdAt: toGitHubTime(planned.startedAt),
      });
      this.#store.deployments.createStatus({
        ...this.#ref,
        deploymentId: result.deployment.id,
        state: planned.succeeded ? 'success' : 'failure',
        creator: planned.creator,
        description: planned.succeeded
          ? 'Rollout complete'
          : 'Rollout failed: pods did not become ready',
        environmentUrl: planned.succeeded ? environmentUrl : undefined,
        createdAt: toGitHubTime(planned.finishedAt),
      });
    }
  }

  async writeReleases(): Promise<void> {
    for (const release of this.#plan.releases) {
      await this.#store.releases.create({
        ...this.#ref,
        tagName: release.tag,
        targetCommitish: this.#sha(release.commit),
        name: release.tag,
        body: release.body(),
        author: release.author,
        createdAt: toGitHubTime(release.createdAt),
      });
    }
  }

  /** `pushed_at` ends at the latest push of any branch or tag. */
  #lastPushAt(): number {
    const times = [
      ...this.#plan.mainHistory.map(entry => entry.at),
      ...this.#plan.releases.map(release => release.createdAt),
      ...this.#plan.pullRequests
        .filter(pull => pull.outcome.state === 'open')
        .map(pull => pull.commits[pull.commits.length - 1].commit.committedAt),
    ];
    return Math.max(...times);
  }

  #counts(): RepositoryCounts {
    const plan = this.#plan;
    return {
      commits: plan.commits.length,
      pullRequests: plan.pullRequests.length,
      mergedPullRequests: plan.pullRequests.filter(
        pull => pull.outcome.state === 'merged',
      ).length,
      reviews: plan.pullRequests.reduce(
        (sum, pull) => sum + pull.reviews.length,
        0,
      ),
      deployments: plan.deployments.length,
      incidents: plan.incidents.length,
      workflowRuns: plan.workflowRuns.length,
      releases: plan.releases.length,
    };
  }
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}
