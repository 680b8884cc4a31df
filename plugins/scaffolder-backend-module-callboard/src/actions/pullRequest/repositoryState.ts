import { ConflictError, InputError } from '@backstage/errors';
import type {
  BranchTip,
  OpenPullRequest,
  PullRequestGithubApi,
} from './githubApi';
import type { PullRequestRequest } from './request';
import { TreeIndex } from './treeIndex';

/** What GitHub holds for an upsert, read before anything is written. */
export interface RepositoryState {
  baseBranch: string;
  /** Read only when no pull request is open: the base of a new one. */
  base?: BranchTip;
  head?: BranchTip;
  pull?: OpenPullRequest;
  /** Who reviewed the open pull request; read only when a requested reviewer is missing. */
  reviewedBy: string[];
  /** The tree new content is laid on: the branch tip when the branch exists, else the base tip. */
  tree: TreeIndex;
}

function lowerCased(values: string[]): Set<string> {
  return new Set(values.map(value => value.toLowerCase()));
}

function needsReviewLookup(
  request: PullRequestRequest,
  pull: OpenPullRequest,
): boolean {
  const users = lowerCased(pull.requestedReviewers);
  const teams = lowerCased(pull.requestedTeams);
  return (
    request.reviewers.some(login => !users.has(login.toLowerCase())) ||
    request.teamReviewers.some(slug => !teams.has(slug))
  );
}

/** Read-only: a dry run stops after this and the plan. */
export async function readRepositoryState(
  api: PullRequestGithubApi,
  request: PullRequestRequest,
): Promise<RepositoryState> {
  const touchedPaths = [
    ...request.files.map(file => file.path),
    ...request.deletions,
  ];
  const pulls = await api.openPullRequests(request.branch);
  const pull =
    pulls.find(candidate => candidate.baseRef === request.baseBranch) ??
    pulls[0];

  if (pull) {
    const head = await api.branch(request.branch);
    if (!head) {
      throw new ConflictError(
        `Pull request #${pull.number} is open but its branch '${request.branch}' no longer exists`,
      );
    }
    return {
      baseBranch: request.baseBranch ?? pull.baseRef,
      head,
      pull,
      reviewedBy: needsReviewLookup(request, pull)
        ? await api.reviewers(pull.number)
        : [],
      tree: await TreeIndex.load(api, head.treeSha, touchedPaths),
    };
  }

  const baseBranch = request.baseBranch ?? (await api.defaultBranch());
  if (baseBranch === request.branch) {
    throw new InputError(
      `branchName '${request.branch}' is the default branch of '${request.target.owner}/${request.target.repo}'; the pull request needs a branch of its own`,
    );
  }
  const base = await api.branch(baseBranch);
  if (!base) {
    throw new InputError(
      `Base branch '${baseBranch}' does not exist in '${request.target.owner}/${request.target.repo}'`,
    );
  }
  const head = await api.branch(request.branch);
  return {
    baseBranch,
    base,
    head,
    reviewedBy: [],
    tree: await TreeIndex.load(api, (head ?? base).treeSha, touchedPaths),
  };
}
