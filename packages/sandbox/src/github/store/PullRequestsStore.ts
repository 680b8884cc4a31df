import type { AccessStore } from './AccessStore';
import { notFound, unprocessable, validationFailed } from './errors';
import type { GitHubEvent } from './events';
import { diffCommits, FileChange } from './git/diff';
import { IssuesStore, transitionOf } from './IssuesStore';
import { orderBy } from './ordering';
import type { StoreContext } from './StoreContext';
import type {
  IssueRecord,
  PullRequestRecord,
  RepoRef,
  RepositoryRecord,
} from './types';

export interface CreatePullRequestInput extends RepoRef {
  title: string;
  body?: string | null;
  /** `branch` or `owner:branch`; cross-repository (fork) heads are not supported. */
  head: string;
  base: string;
  author: string;
  draft?: boolean;
  maintainerCanModify?: boolean;
  createdAt?: string;
}

export interface PullRequestView {
  issue: IssueRecord;
  pull: PullRequestRecord;
}

export interface PullRequestFilter {
  state?: 'open' | 'closed' | 'all';
  /** `owner:branch` as GitHub expects, or a bare branch name. */
  head?: string;
  base?: string;
  sort?: 'created' | 'updated' | 'popularity' | 'long-running';
  direction?: 'asc' | 'desc';
}

export interface PullRequestUpdate {
  title?: string;
  body?: string | null;
  state?: 'open' | 'closed';
  base?: string;
  maintainerCanModify?: boolean;
}

export interface PullRequestStats {
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
}

export type MergeableState =
  | 'clean'
  | 'dirty'
  | 'blocked'
  | 'behind'
  | 'draft'
  | 'unknown';

/**
 * Pull requests: the PR half of an issue row plus head/base tracking. Head
 * shas follow pushes to the head branch (so git pushes show up in the PR),
 * and deleting the head branch closes the PR, as on GitHub.
 */
export class PullRequestsStore {
  readonly #context: StoreContext;
  readonly #issues: IssuesStore;
  readonly #access: AccessStore;

  constructor(context: StoreContext, issues: IssuesStore, access: AccessStore) {
    this.#context = context;
    this.#issues = issues;
    this.#access = access;
    context.events.on(event => this.#followPush(event));
  }

  async create(input: CreatePullRequestInput): Promise<PullRequestView> {
    const repo = this.#context.requireRepository(input);
    const ownerLogin = this.#context.accountById(repo.ownerId).login;
    const git = this.#context.gitOf(repo);
    const headBranch = this.#branchOfHead(input.head, ownerLogin);
    const headSha = headBranch
      ? await git.readRef(`refs/heads/${headBranch}`)
      : undefined;
    const baseSha = await git.readRef(`refs/heads/${input.base}`);
    if (!headBranch || !headSha) {
      throw validationFailed({
        resource: 'PullRequest',
        field: 'head',
        code: 'invalid',
      });
    }
    if (!baseSha) {
      throw validationFailed({
        resource: 'PullRequest',
        field: 'base',
        code: 'invalid',
      });
    }
    if (
      this.#openPulls(repo).some(
        view =>
          view.pull.headRef === headBranch && view.pull.baseRef === input.base,
      )
    ) {
      throw validationFailed({
        resource: 'PullRequest',
        code: 'custom',
        message: `A pull request already exists for ${ownerLogin}:${headBranch}.`,
      });
    }
    const ahead = await git.countCommits({
      include: [headSha],
      exclude: [baseSha],
    });
    if (ahead === 0) {
      throw validationFailed({
        resource: 'PullRequest',
        code: 'custom',
        message: `No commits between ${input.base} and ${headBranch}`,
      });
    }
    const issue = this.#issues.openIssueRow(repo, input, true);
    const pull: PullRequestRecord = {
      id: this.#context.state.nextId('pullRequest'),
      repoId: repo.id,
      number: issue.number,
      headRef: headBranch,
      headRepoId: repo.id,
      baseRef: input.base,
      headSha,
      baseSha,
      draft: input.draft ?? false,
      maintainerCanModify: input.maintainerCanModify ?? false,
      mergedAt: null,
      mergedById: null,
      mergeCommitSha: null,
      mergeMethod: null,
      requestedReviewerIds: [],
      requestedTeamIds: [],
    };
    this.#context.data.pullRequests.push(pull);
    this.#context.changed();
    this.#emit(repo, pull.number, 'opened', false, issue.authorId);
    return { issue, pull };
  }

  #branchOfHead(head: string, ownerLogin: string): string | undefined {
    const colon = head.indexOf(':');
    if (colon === -1) {
      return head;
    }
    return head.slice(0, colon).toLowerCase() === ownerLogin.toLowerCase()
      ? head.slice(colon + 1)
      : undefined;
  }

  get(ref: RepoRef, number: number): PullRequestView | undefined {
    const repo = this.#context.requireRepository(ref);
    const pull = this.#context.data.pullRequests.find(
      p => p.repoId === repo.id && p.number === number,
    );
    if (!pull) {
      return undefined;
    }
    return { pull, issue: this.#issues.require(ref, number) };
  }

  require(ref: RepoRef, number: number): PullRequestView {
    const view = this.get(ref, number);
    if (!view) {
      throw notFound();
    }
    return view;
  }

  list(ref: RepoRef, filter: PullRequestFilter = {}): PullRequestView[] {
    const repo = this.#context.requireRepository(ref);
    const ownerLogin = this.#context.accountById(repo.ownerId).login;
    const headBranch =
      filter.head === undefined
        ? undefined
        : this.#branchOfHead(filter.head, ownerLogin) ?? null;
    const state = filter.state ?? 'open';
    const views = this.#context.data.pullRequests
      .filter(pull => pull.repoId === repo.id)
      .map(pull => ({ pull, issue: this.#issues.require(ref, pull.number) }))
      .filter(
        ({ pull, issue }) =>
          (state === 'all' || issue.state === state) &&
          (headBranch === undefined || pull.headRef === headBranch) &&
          (!filter.base || pull.baseRef === filter.base),
      );
    const sort = filter.sort ?? 'created';
    const direction =
      filter.direction ?? (sort === 'long-running' ? 'asc' : 'desc');
    const key = (view: PullRequestView): string | number => {
      if (sort === 'updated') return view.issue.updatedAt;
      if (sort === 'popularity') return this.#issues.commentCount(view.issue);
      return view.issue.createdAt;
    };
    return views.sort(orderBy(key, view => view.pull.number, direction));
  }

  async update(
    ref: RepoRef,
    number: number,
    update: PullRequestUpdate,
    actor: string,
  ): Promise<PullRequestView> {
    const repo = this.#context.requireRepository(ref);
    const view = this.require(ref, number);
    const git = this.#context.gitOf(repo);
    if (update.base !== undefined && update.base !== view.pull.baseRef) {
      const baseSha = await git.readRef(`refs/heads/${update.base}`);
      if (!baseSha) {
        throw validationFailed({
          resource: 'PullRequest',
          field: 'base',
          code: 'invalid',
          message: `Proposed base branch '${update.base}' was not found`,
        });
      }
      view.pull.baseRef = update.base;
      view.pull.baseSha = baseSha;
    }
    if (update.maintainerCanModify !== undefined) {
      view.pull.maintainerCanModify = update.maintainerCanModify;
    }
    const wasOpen = view.issue.state === 'open';
    if (update.state === 'open' && !wasOpen) {
      const headSha = await git.readRef(`refs/heads/${view.pull.headRef}`);
      if (view.pull.mergedAt || !headSha) {
        throw validationFailed({
          resource: 'PullRequest',
          code: 'custom',
          field: 'state',
          message:
            'state cannot be changed. The head branch no longer exists or the pull request was merged.',
        });
      }
      view.pull.headSha = headSha;
    }
    this.#issues.update(
      ref,
      number,
      { title: update.title, body: update.body, state: update.state },
      actor,
    );
    this.#context.changed();
    const actorId = this.#context.requireAccount(actor).id;
    this.#emit(
      repo,
      number,
      transitionOf(wasOpen ? 'open' : 'closed', view.issue.state),
      false,
      actorId,
    );
    return view;
  }

  async requestReviewers(
    ref: RepoRef,
    number: number,
    input: { reviewers?: string[]; teamReviewers?: string[]; actor: string },
  ): Promise<PullRequestView> {
    const repo = this.#context.requireRepository(ref);
    const view = this.require(ref, number);
    const ownerLogin = this.#context.accountById(repo.ownerId).login;
    const notCollaboratorMessage = `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${ownerLogin}/${repo.name} repository.`;
    const userIds: number[] = [];
    for (const login of input.reviewers ?? []) {
      const account = this.#context.findAccount(login);
      if (account?.id === view.issue.authorId) {
        throw unprocessable(
          'Review cannot be requested from pull request author.',
        );
      }
      if (!account || !this.#access.isCollaborator(ref, login)) {
        throw validationFailedWithMessage(notCollaboratorMessage);
      }
      userIds.push(account.id);
    }
    const teamIds: number[] = [];
    for (const slug of input.teamReviewers ?? []) {
      const team = this.#context.data.teams.find(
        t => t.orgId === repo.ownerId && t.slug === slug.toLowerCase(),
      );
      if (!team || !this.#access.teamPermission(team.id, repo.id)) {
        throw validationFailedWithMessage(notCollaboratorMessage);
      }
      teamIds.push(team.id);
    }
    view.pull.requestedReviewerIds = [
      ...new Set([...view.pull.requestedReviewerIds, ...userIds]),
    ];
    view.pull.requestedTeamIds = [
      ...new Set([...view.pull.requestedTeamIds, ...teamIds]),
    ];
    view.issue.updatedAt = this.#context.now();
    this.#context.changed();
    this.#emit(
      repo,
      number,
      'review_requested',
      false,
      this.#context.requireAccount(input.actor).id,
    );
    return view;
  }

  removeRequestedReviewers(
    ref: RepoRef,
    number: number,
    input: { reviewers?: string[]; teamReviewers?: string[] },
  ): PullRequestView {
    const view = this.require(ref, number);
    const userIds = new Set(
      (input.reviewers ?? []).map(
        login => this.#context.findAccount(login)?.id,
      ),
    );
    const slugs = new Set(
      (input.teamReviewers ?? []).map(s => s.toLowerCase()),
    );
    view.pull.requestedReviewerIds = view.pull.requestedReviewerIds.filter(
      id => !userIds.has(id),
    );
    view.pull.requestedTeamIds = view.pull.requestedTeamIds.filter(
      id =>
        !slugs.has(this.#context.data.teams.find(t => t.id === id)?.slug ?? ''),
    );
    this.#context.changed();
    return view;
  }

  /** Commits on the head that the base did not have when the PR was last compared; oldest first. */
  async commits(ref: RepoRef, number: number): Promise<string[]> {
    const repo = this.#context.requireRepository(ref);
    const { pull } = this.require(ref, number);
    return this.#context.gitOf(repo).revList({
      include: [pull.headSha],
      exclude: [pull.baseSha],
      reverse: true,
      limit: 250,
    });
  }

  async files(ref: RepoRef, number: number): Promise<FileChange[]> {
    const repo = this.#context.requireRepository(ref);
    const { pull } = this.require(ref, number);
    const git = this.#context.gitOf(repo);
    const base =
      (await git.mergeBase(pull.baseSha, pull.headSha)) ?? pull.baseSha;
    return diffCommits(git, base, pull.headSha);
  }

  async stats(ref: RepoRef, number: number): Promise<PullRequestStats> {
    const [commits, files] = await Promise.all([
      this.commits(ref, number),
      this.files(ref, number),
    ]);
    return {
      commits: commits.length,
      additions: files.reduce((sum, file) => sum + file.additions, 0),
      deletions: files.reduce((sum, file) => sum + file.deletions, 0),
      changedFiles: files.length,
    };
  }

  /** GitHub computes this in the background; the sandbox answers synchronously. */
  async mergeability(
    ref: RepoRef,
    number: number,
  ): Promise<{ mergeable: boolean | null; state: MergeableState }> {
    const repo = this.#context.requireRepository(ref);
    const { pull, issue } = this.require(ref, number);
    if (issue.state === 'closed') {
      return { mergeable: null, state: 'unknown' };
    }
    const git = this.#context.gitOf(repo);
    const baseTip = await git.readRef(`refs/heads/${pull.baseRef}`);
    if (!baseTip) {
      return { mergeable: null, state: 'unknown' };
    }
    const merge = await git.mergeCommits(baseTip, pull.headSha);
    if (!merge.clean) {
      return { mergeable: false, state: 'dirty' };
    }
    if (pull.draft) {
      return { mergeable: true, state: 'draft' };
    }
    return { mergeable: true, state: 'clean' };
  }

  /** Records a completed merge; {@link PullRequestMerger} does the git work. */
  markMerged(
    view: PullRequestView,
    merge: {
      sha: string;
      method: PullRequestRecord['mergeMethod'];
      mergerId: number;
      mergedAt: string;
      baseSha: string;
    },
  ): void {
    view.pull.mergedAt = merge.mergedAt;
    view.pull.mergedById = merge.mergerId;
    view.pull.mergeCommitSha = merge.sha;
    view.pull.mergeMethod = merge.method;
    view.pull.baseSha = merge.baseSha;
    view.issue.state = 'closed';
    view.issue.closedAt = merge.mergedAt;
    view.issue.closedById = merge.mergerId;
    view.issue.updatedAt = merge.mergedAt;
    this.#context.changed();
  }

  emitMerged(repo: RepositoryRecord, number: number, mergerId: number): void {
    this.#emit(repo, number, 'closed', true, mergerId);
  }

  #openPulls(repo: RepositoryRecord): PullRequestView[] {
    return this.list(this.#context.refOf(repo), { state: 'open' });
  }

  #followPush(event: GitHubEvent): void {
    if (event.type !== 'push' || !event.ref.startsWith('refs/heads/')) {
      return;
    }
    const branch = event.ref.slice('refs/heads/'.length);
    const repo = this.#context.repositoryById(event.repositoryId);
    for (const view of this.#openPulls(repo)) {
      if (view.pull.headRef !== branch) {
        continue;
      }
      if (event.deleted) {
        view.issue.state = 'closed';
        view.issue.closedAt = this.#context.now();
        view.issue.closedById = event.pusherId;
        view.issue.updatedAt = view.issue.closedAt;
        this.#context.changed();
        this.#emit(repo, view.pull.number, 'closed', false, event.pusherId);
      } else {
        view.pull.headSha = event.after;
        view.issue.updatedAt = this.#context.now();
        this.#context.changed();
      }
    }
  }

  #emit(
    repo: RepositoryRecord,
    number: number,
    action: Extract<GitHubEvent, { type: 'pull_request' }>['action'],
    merged: boolean,
    senderId: number | null,
  ): void {
    this.#context.events.emit({
      type: 'pull_request',
      action,
      repository: this.#context.refOf(repo),
      repositoryId: repo.id,
      number,
      merged,
      senderId,
    });
  }
}

function validationFailedWithMessage(message: string) {
  return validationFailed({ resource: 'PullRequest', code: 'custom', message });
}
