import { encodeNodeId } from '../../store/ids';
import type { PullRequestView } from '../../store/PullRequestsStore';
import type { RepoRef, ReviewRecord } from '../../store/types';
import { authorAssociation, mapIssue } from './issues';
import type { MapperContext } from './MapperContext';
import { mapRepository } from './repositories';
import { mapSimpleUser, mapSimpleUserOrNull, mapTeam } from './users';

function link(href: string) {
  return { href };
}

/** `pull-request-simple`, as list endpoints return it. */
export async function mapPullRequestSimple(
  context: MapperContext,
  view: PullRequestView,
) {
  const { pull, issue } = view;
  const repo = context.store.repositories.getById(pull.repoId)!;
  const ref = context.store.repositories.refOf(repo);
  const owner = context.store.repositories.ownerOf(repo);
  const url = context.urls.repo(ref, `/pulls/${pull.number}`);
  const htmlUrl = context.urls.repoHtml(ref, `/pull/${pull.number}`);
  const issueShape = mapIssue(context, issue);
  const repository = await mapRepository(context, repo);
  const side = (branch: string, sha: string) => ({
    label: `${owner.login}:${branch}`,
    ref: branch,
    sha,
    user: mapSimpleUser(context, owner),
    repo: repository,
  });
  return {
    url,
    id: pull.id,
    node_id: encodeNodeId('PullRequest', pull.id),
    html_url: htmlUrl,
    diff_url: `${htmlUrl}.diff`,
    patch_url: `${htmlUrl}.patch`,
    issue_url: context.urls.repo(ref, `/issues/${pull.number}`),
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: context.urls.repo(ref, '/pulls/comments{/number}'),
    comments_url: context.urls.repo(ref, `/issues/${pull.number}/comments`),
    statuses_url: context.urls.repo(ref, `/statuses/${pull.headSha}`),
    number: pull.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: issueShape.user,
    body: issue.body,
    labels: issueShape.labels,
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: issueShape.assignee,
    assignees: issueShape.assignees,
    requested_reviewers: pull.requestedReviewerIds
      .map(id => context.store.accounts.getById(id))
      .filter(account => account !== undefined)
      .map(account => mapSimpleUser(context, account!)),
    requested_teams: pull.requestedTeamIds
      .map(id => context.store.accounts.getTeamById(id))
      .filter(team => team !== undefined)
      .map(team => mapTeam(context, team!)),
    head: side(pull.headRef, pull.headSha),
    base: side(pull.baseRef, pull.baseSha),
    _links: {
      self: link(url),
      html: link(htmlUrl),
      issue: link(context.urls.repo(ref, `/issues/${pull.number}`)),
      comments: link(context.urls.repo(ref, `/issues/${pull.number}/comments`)),
      review_comments: link(`${url}/comments`),
      review_comment: link(context.urls.repo(ref, '/pulls/comments{/number}')),
      commits: link(`${url}/commits`),
      statuses: link(context.urls.repo(ref, `/statuses/${pull.headSha}`)),
    },
    author_association: authorAssociation(context, repo, issue.authorId),
    auto_merge: null,
    draft: pull.draft,
  };
}

/** The full `pull-request` shape, with the merge state and diff statistics. */
export async function mapPullRequest(
  context: MapperContext,
  view: PullRequestView,
) {
  const ref = context.store.repositories.refOf(
    context.store.repositories.getById(view.pull.repoId)!,
  );
  const [simple, stats, mergeability] = await Promise.all([
    mapPullRequestSimple(context, view),
    context.store.pulls.stats(ref, view.pull.number),
    context.store.pulls.mergeability(ref, view.pull.number),
  ]);
  return {
    ...simple,
    merged: view.pull.mergedAt !== null,
    mergeable: mergeability.mergeable,
    rebaseable: mergeability.mergeable,
    mergeable_state: mergeability.state,
    merged_by: mapSimpleUserOrNull(context, view.pull.mergedById),
    comments: context.store.issues.commentCount(view.issue),
    review_comments: 0,
    maintainer_can_modify: view.pull.maintainerCanModify,
    commits: stats.commits,
    additions: stats.additions,
    deletions: stats.deletions,
    changed_files: stats.changedFiles,
  };
}

export function mapReview(
  context: MapperContext,
  ref: RepoRef,
  review: ReviewRecord,
) {
  const repo = context.store.repositories.require(ref);
  const pullUrl = context.urls.repo(ref, `/pulls/${review.pullNumber}`);
  const htmlUrl = context.urls.repoHtml(
    ref,
    `/pull/${review.pullNumber}#pullrequestreview-${review.id}`,
  );
  return {
    id: review.id,
    node_id: encodeNodeId('PullRequestReview', review.id),
    user: mapSimpleUserOrNull(context, review.authorId),
    body: review.body,
    state: review.state,
    html_url: htmlUrl,
    pull_request_url: pullUrl,
    _links: { html: link(htmlUrl), pull_request: link(pullUrl) },
    ...(review.submittedAt ? { submitted_at: review.submittedAt } : {}),
    commit_id: review.commitId,
    author_association: authorAssociation(context, repo, review.authorId),
  };
}
