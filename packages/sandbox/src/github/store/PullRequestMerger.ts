import { permits } from './AccessStore';
import type { AccessStore } from './AccessStore';
import type { BranchProtectionStore } from './BranchProtectionStore';
import type { CommitStatusesStore } from './CommitStatusesStore';
import { conflict, notAllowed } from './errors';
import { ZERO_SHA } from './events';
import type { GitDataStore } from './GitDataStore';
import { defaultIdentityOf } from './GitDataStore';
import type { GitRepository } from './git/GitRepository';
import { GitSignature, toGitSignature } from './git/objects';
import type { PullRequestsStore, PullRequestView } from './PullRequestsStore';
import type { ReviewsStore } from './ReviewsStore';
import type { StoreContext } from './StoreContext';
import type {
  AccountRecord,
  MergeMethod,
  RepoRef,
  RepositoryRecord,
} from './types';

export interface MergePullRequestInput extends RepoRef {
  number: number;
  merger: string;
  method?: MergeMethod;
  commitTitle?: string;
  commitMessage?: string;
  /** The head sha the caller reviewed; a different head answers 409. */
  sha?: string;
  mergedAt?: string;
}

const NOT_MERGEABLE = 'Pull Request is not mergeable';

const WEB_FLOW_COMMITTER = { name: 'GitHub', email: 'noreply@github.com' };

/**
 * The merge button: checks repository settings and branch protection, writes
 * the merge/squash/rebase commits, moves the base branch and closes the PR.
 */
export class PullRequestMerger {
  constructor(
    private readonly context: StoreContext,
    private readonly pulls: PullRequestsStore,
    private readonly reviews: ReviewsStore,
    private readonly statuses: CommitStatusesStore,
    private readonly protection: BranchProtectionStore,
    private readonly access: AccessStore,
    private readonly gitData: GitDataStore,
  ) {}

  async merge(input: MergePullRequestInput): Promise<{ sha: string }> {
    const repo = this.context.requireRepository(input);
    const merger = this.context.requireAccount(input.merger);
    const git = this.context.gitOf(repo);
    return this.context.withRepoLock(repo.id, async () => {
      const view = this.pulls.require(input, input.number);
      if (view.issue.state !== 'open' || view.pull.draft) {
        throw notAllowed(NOT_MERGEABLE);
      }
      const headSha = await git.readRef(`refs/heads/${view.pull.headRef}`);
      const baseSha = await git.readRef(`refs/heads/${view.pull.baseRef}`);
      if (!headSha || !baseSha) {
        throw notAllowed(NOT_MERGEABLE);
      }
      if (input.sha && input.sha !== headSha) {
        throw conflict(
          'Head branch was modified. Review and try the merge again.',
        );
      }
      const method = input.method ?? 'merge';
      this.#assertMethodAllowed(repo, method);
      await this.#assertProtectionSatisfied(input, repo, view, merger, {
        git,
        headSha,
        baseSha,
        method,
      });

      const mergedAt = input.mergedAt ?? this.context.now();
      const sha = await this.#writeMerge(git, repo, view, {
        method,
        headSha,
        baseSha,
        merger,
        mergedAt,
        title: input.commitTitle,
        message: input.commitMessage,
      });
      const baseRef = `refs/heads/${view.pull.baseRef}`;
      if (!(await git.updateRef(baseRef, sha, baseSha))) {
        throw conflict(
          'Base branch was modified. Review and try the merge again.',
        );
      }
      this.pulls.markMerged(view, {
        sha,
        method,
        mergerId: merger.id,
        mergedAt,
        baseSha,
      });
      await this.gitData.recordRefUpdates(
        repo,
        [{ ref: baseRef, before: baseSha, after: sha }],
        'api',
        merger.id,
      );
      this.pulls.emitMerged(repo, view.pull.number, merger.id);
      if (
        repo.deleteBranchOnMerge &&
        view.pull.headRef !== repo.defaultBranch
      ) {
        const headRef = `refs/heads/${view.pull.headRef}`;
        await git.deleteRef(headRef, headSha);
        await this.gitData.recordRefUpdates(
          repo,
          [{ ref: headRef, before: headSha, after: ZERO_SHA }],
          'api',
          merger.id,
        );
      }
      return { sha };
    });
  }

  #assertMethodAllowed(repo: RepositoryRecord, method: MergeMethod): void {
    if (method === 'merge' && !repo.allowMergeCommit) {
      throw notAllowed('Merge commits are not allowed on this repository.');
    }
    if (method === 'squash' && !repo.allowSquashMerge) {
      throw notAllowed('Squash merges are not allowed on this repository.');
    }
    if (method === 'rebase' && !repo.allowRebaseMerge) {
      throw notAllowed('Rebase merges are not allowed on this repository.');
    }
  }

  async #assertProtectionSatisfied(
    ref: RepoRef,
    repo: RepositoryRecord,
    view: PullRequestView,
    merger: AccountRecord,
    {
      git,
      headSha,
      baseSha,
      method,
    }: {
      git: GitRepository;
      headSha: string;
      baseSha: string;
      method: MergeMethod;
    },
  ): Promise<void> {
    const rules = this.protection.get(ref, view.pull.baseRef);
    if (!rules) {
      return;
    }
    // Through the API, admins bypass protection unless it is enforced for them.
    if (
      !rules.enforceAdmins &&
      permits(this.access.permissionOf(repo, merger), 'admin')
    ) {
      return;
    }
    if (rules.requiredLinearHistory && method === 'merge') {
      throw notAllowed(
        'Merge commits are not allowed on this protected branch.',
      );
    }
    const reviews = rules.requiredPullRequestReviews;
    if (reviews && reviews.requiredApprovingReviewCount > 0) {
      const approvals = [
        ...this.reviews.verdicts(ref, view.pull.number),
      ].filter(
        ([authorId, state]) =>
          state === 'APPROVED' &&
          permits(
            this.access.permissionOf(repo, this.context.accountById(authorId)),
            'write',
          ),
      ).length;
      const needed = reviews.requiredApprovingReviewCount;
      if (approvals < needed) {
        throw notAllowed(
          needed === 1
            ? 'At least 1 approving review is required by reviewers with write access.'
            : `At least ${needed} approving reviews are required by reviewers with write access.`,
        );
      }
    }
    const checks = rules.requiredStatusChecks;
    if (checks) {
      const latest = this.statuses.combined(ref, headSha).statuses;
      for (const context of checks.contexts) {
        const status = latest.find(s => s.context === context);
        if (!status || status.state === 'pending') {
          throw notAllowed(`Required status check "${context}" is expected.`);
        }
        if (status.state !== 'success') {
          throw notAllowed(`Required status check "${context}" is failing.`);
        }
      }
      if (checks.strict && !(await git.isAncestor(baseSha, headSha))) {
        throw notAllowed('Head branch is not up to date with the base branch.');
      }
    }
  }

  async #writeMerge(
    git: GitRepository,
    repo: RepositoryRecord,
    view: PullRequestView,
    merge: {
      method: MergeMethod;
      headSha: string;
      baseSha: string;
      merger: AccountRecord;
      mergedAt: string;
      title?: string;
      message?: string;
    },
  ): Promise<string> {
    const mergerSignature = toGitSignature(
      { ...defaultIdentityOf(merge.merger), date: merge.mergedAt },
      merge.mergedAt,
    );
    const committer = toGitSignature(
      { ...WEB_FLOW_COMMITTER, date: merge.mergedAt },
      merge.mergedAt,
    );
    const number = view.pull.number;
    if (merge.method === 'rebase') {
      return this.#rebase(git, merge.baseSha, merge.headSha, committer);
    }
    const result = await git.mergeCommits(merge.baseSha, merge.headSha);
    if (!result.clean) {
      throw notAllowed(NOT_MERGEABLE);
    }
    if (merge.method === 'merge') {
      const owner = this.context.accountById(repo.ownerId).login;
      const title =
        merge.title ??
        `Merge pull request #${number} from ${owner}/${view.pull.headRef}`;
      const body = merge.message ?? view.issue.title;
      return git.writeCommit({
        tree: result.tree,
        parents: [merge.baseSha, merge.headSha],
        author: mergerSignature,
        committer,
        message: body ? `${title}\n\n${body}` : title,
        signature: null,
      });
    }
    const commits = await git.revList({
      include: [merge.headSha],
      exclude: [merge.baseSha],
      reverse: true,
    });
    const messages = await Promise.all(
      commits.map(async sha => (await git.readCommit(sha))!.message.trim()),
    );
    const title = merge.title ?? `${view.issue.title} (#${number})`;
    const body =
      merge.message ?? messages.map(message => `* ${message}`).join('\n\n');
    return git.writeCommit({
      tree: result.tree,
      parents: [merge.baseSha],
      author: mergerSignature,
      committer,
      message: body ? `${title}\n\n${body}` : title,
      signature: null,
    });
  }

  async #rebase(
    git: GitRepository,
    baseSha: string,
    headSha: string,
    committer: GitSignature,
  ): Promise<string> {
    const commits = await git.revList({
      include: [headSha],
      exclude: [baseSha],
      reverse: true,
    });
    let tip = baseSha;
    for (const sha of commits) {
      const commit = (await git.readCommit(sha))!;
      if (commit.parents.length !== 1) {
        throw notAllowed(NOT_MERGEABLE);
      }
      const picked = await git.cherryPickTree(commit.parents[0], tip, sha);
      if (!picked.clean) {
        throw notAllowed(NOT_MERGEABLE);
      }
      tip = await git.writeCommit({
        tree: picked.tree,
        parents: [tip],
        author: commit.author,
        committer,
        message: commit.message,
        signature: null,
      });
    }
    return tip;
  }
}
