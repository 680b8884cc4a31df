import { authorAssociation } from '../../rest/mappers/issues';
import type { PullRequestView } from '../../store/PullRequestsStore';
import type { RepositoryRecord, ReviewRecord } from '../../store/types';
import { ConnectionArgs, connection } from '../connections';
import type { GraphqlContext } from '../context';
import { nodeId } from '../nodeIds';
import { FieldSource, once } from '../objects';
import { actorOrNull, teamObject, userObject } from './accounts';
import { commitObject } from './gitObjects';
import { IssueOrderArgs, issueLikeFields, sortByIssueOrder } from './issues';
import { findRef } from './refs';
import { repositoryObject } from './repository';

export type PullRequestStateName = 'OPEN' | 'CLOSED' | 'MERGED';

export interface PullRequestsArgs extends ConnectionArgs, IssueOrderArgs {
  states?: PullRequestStateName[] | null;
  labels?: string[] | null;
  headRefName?: string | null;
  baseRefName?: string | null;
}

export function pullRequestState(view: PullRequestView): PullRequestStateName {
  if (view.pull.mergedAt) return 'MERGED';
  return view.issue.state === 'open' ? 'OPEN' : 'CLOSED';
}

/**
 * Pull requests of a repository, oldest first unless `orderBy` says
 * otherwise (GitHub's default). `labels` matches any of the names.
 */
export function pullRequestsConnection(
  context: GraphqlContext,
  name: string,
  repo: RepositoryRecord,
  args: PullRequestsArgs,
  include: (view: PullRequestView) => boolean = () => true,
): FieldSource {
  const ref = context.store.repositories.refOf(repo);
  const labels = args.labels?.map(label => label.toLowerCase());
  const views = context.store.pulls
    .list(ref, { state: 'all' })
    .filter(
      view =>
        include(view) &&
        (!args.states?.length ||
          args.states.includes(pullRequestState(view))) &&
        (!args.headRefName || view.pull.headRef === args.headRefName) &&
        (!args.baseRefName || view.pull.baseRef === args.baseRefName) &&
        (!labels?.length ||
          context.store.issues
            .labelsOf(view.issue)
            .some(label => labels.includes(label.name.toLowerCase()))),
    );
  const sorted = sortByIssueOrder(
    context,
    views,
    view => view.issue,
    args.orderBy,
  );
  return connection(name, args, sorted, {
    node: view => pullRequestObject(context, repo, view),
  });
}

function reviewDecision(
  context: GraphqlContext,
  repo: RepositoryRecord,
  view: PullRequestView,
): string | null {
  const ref = context.store.repositories.refOf(repo);
  const rules = context.store.branchProtection.get(
    ref,
    view.pull.baseRef,
  )?.requiredPullRequestReviews;
  if (!rules) {
    return null;
  }
  const verdicts = [
    ...context.store.reviews.verdicts(ref, view.pull.number).values(),
  ];
  if (verdicts.includes('CHANGES_REQUESTED')) {
    return 'CHANGES_REQUESTED';
  }
  const approvals = verdicts.filter(state => state === 'APPROVED').length;
  return approvals >= Math.max(rules.requiredApprovingReviewCount, 1)
    ? 'APPROVED'
    : 'REVIEW_REQUIRED';
}

export function pullRequestObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
  view: PullRequestView,
): FieldSource {
  const { issue, pull } = view;
  const ref = context.store.repositories.refOf(repo);
  const path = `/${ref.owner}/${ref.repo}/pull/${pull.number}`;
  const url = context.urls.html(path);
  const stats = once(() => context.store.pulls.stats(ref, pull.number));
  const mergeability = once(() =>
    context.store.pulls.mergeability(ref, pull.number),
  );
  const self = (): FieldSource => pullRequestObject(context, repo, view);
  const mapper = {
    store: context.store,
    urls: context.urls,
    viewer: context.viewer,
  };
  return {
    __typename: 'PullRequest',
    id: nodeId('PullRequest', pull.id),
    databaseId: pull.id,
    fullDatabaseId: String(pull.id),
    number: pull.number,
    title: issue.title,
    body: issue.body ?? '',
    bodyText: issue.body ?? '',
    state: pullRequestState(view),
    closed: issue.state === 'closed',
    merged: pull.mergedAt !== null,
    isDraft: pull.draft,
    locked: issue.locked,
    createdAt: issue.createdAt,
    publishedAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    closedAt: issue.closedAt,
    mergedAt: pull.mergedAt,
    url,
    permalink: url,
    resourcePath: path,
    author: () => actorOrNull(context, issue.authorId),
    authorAssociation: () => authorAssociation(mapper, repo, issue.authorId),
    viewerDidAuthor: issue.authorId === context.viewer.id,
    mergedBy: () => actorOrNull(context, pull.mergedById),
    headRefName: pull.headRef,
    baseRefName: pull.baseRef,
    headRefOid: pull.headSha,
    baseRefOid: pull.baseSha,
    headRef: () => findRef(context, repo, `refs/heads/${pull.headRef}`),
    baseRef: () => findRef(context, repo, `refs/heads/${pull.baseRef}`),
    headRepository: () => repositoryObject(context, repo),
    baseRepository: () => repositoryObject(context, repo),
    repository: () => repositoryObject(context, repo),
    isCrossRepository: false,
    maintainerCanModify: pull.maintainerCanModify,
    additions: async () => (await stats()).additions,
    deletions: async () => (await stats()).deletions,
    changedFiles: async () => (await stats()).changedFiles,
    mergeable: async () => {
      const { mergeable } = await mergeability();
      if (mergeable === null) return 'UNKNOWN';
      return mergeable ? 'MERGEABLE' : 'CONFLICTING';
    },
    mergeStateStatus: async () => (await mergeability()).state.toUpperCase(),
    mergeCommit: () =>
      pull.mergeCommitSha
        ? commitObject(context, repo, pull.mergeCommitSha)
        : null,
    commits: async (args: ConnectionArgs) =>
      connection(
        'commits',
        args,
        await context.store.pulls.commits(ref, pull.number),
        {
          node: sha => ({
            __typename: 'PullRequestCommit',
            id: nodeId('PullRequestCommit', `${pull.id}:${sha}`),
            url: `${url}/commits/${sha}`,
            resourcePath: `${path}/commits/${sha}`,
            commit: commitObject(context, repo, sha),
            pullRequest: self,
          }),
        },
      ),
    reviews: (
      args: ConnectionArgs & {
        states?: ReviewRecord['state'][] | null;
        author?: string | null;
      },
    ) => {
      const author = args.author
        ? context.store.accounts.get(args.author)
        : undefined;
      const reviews = context.store.reviews
        .list(ref, pull.number)
        .filter(
          review =>
            (review.state !== 'PENDING' ||
              review.authorId === context.viewer.id) &&
            (!args.states?.length || args.states.includes(review.state)) &&
            (!args.author || review.authorId === author?.id),
        )
        .sort((a, b) => a.id - b.id);
      return connection('reviews', args, reviews, {
        node: review => reviewObject(context, repo, view, review),
      });
    },
    reviewDecision: () => reviewDecision(context, repo, view),
    reviewRequests: (args: ConnectionArgs) =>
      connection(
        'reviewRequests',
        args,
        [
          ...pull.requestedReviewerIds.map(id => ({ kind: 'user', id })),
          ...pull.requestedTeamIds.map(id => ({ kind: 'team', id })),
        ],
        {
          node: request => ({
            __typename: 'ReviewRequest',
            id: nodeId(
              'ReviewRequest',
              `${pull.id}:${request.kind}:${request.id}`,
            ),
            asCodeOwner: false,
            pullRequest: self,
            requestedReviewer: () => {
              if (request.kind === 'team') {
                const team = context.store.accounts.getTeamById(request.id);
                return team ? teamObject(context, team) : null;
              }
              const user = context.store.accounts.getById(request.id);
              return user ? userObject(context, user) : null;
            },
          }),
        },
      ),
    ...issueLikeFields(context, repo, issue),
    totalCommentsCount: () => context.store.issues.commentCount(issue),
  };
}

function reviewObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
  view: PullRequestView,
  review: ReviewRecord,
): FieldSource {
  const ref = context.store.repositories.refOf(repo);
  const path = `/${ref.owner}/${ref.repo}/pull/${review.pullNumber}#pullrequestreview-${review.id}`;
  const at = review.submittedAt ?? view.issue.createdAt;
  return {
    __typename: 'PullRequestReview',
    id: nodeId('PullRequestReview', review.id),
    databaseId: review.id,
    fullDatabaseId: String(review.id),
    state: review.state,
    body: review.body,
    bodyText: review.body,
    submittedAt: review.submittedAt,
    publishedAt: review.submittedAt,
    createdAt: at,
    updatedAt: at,
    url: context.urls.html(path),
    resourcePath: path,
    author: () => actorOrNull(context, review.authorId),
    authorAssociation: () =>
      authorAssociation(
        { store: context.store, urls: context.urls, viewer: context.viewer },
        repo,
        review.authorId,
      ),
    viewerDidAuthor: review.authorId === context.viewer.id,
    commit: () => commitObject(context, repo, review.commitId),
    pullRequest: () => pullRequestObject(context, repo, view),
    repository: () => repositoryObject(context, repo),
  };
}

export function findPullRequestView(
  context: GraphqlContext,
  repo: RepositoryRecord,
  number: number,
): PullRequestView | undefined {
  return context.store.pulls.get(
    context.store.repositories.refOf(repo),
    number,
  );
}
