import { encodeNodeId } from '../../store/ids';
import type {
  IssueCommentRecord,
  IssueRecord,
  LabelRecord,
  RepoRef,
  RepositoryRecord,
} from '../../store/types';
import type { MapperContext } from './MapperContext';
import { mapSimpleUser, mapSimpleUserOrNull } from './users';

export type AuthorAssociation = 'OWNER' | 'MEMBER' | 'COLLABORATOR' | 'NONE';

export function authorAssociation(
  context: MapperContext,
  repo: RepositoryRecord,
  accountId: number,
): AuthorAssociation {
  if (repo.ownerId === accountId) {
    return 'OWNER';
  }
  if (context.store.accounts.orgRole(repo.ownerId, accountId)) {
    return 'MEMBER';
  }
  const isCollaborator = context.store.access
    .listCollaborators(context.store.repositories.refOf(repo), 'direct')
    .some(entry => entry.account.id === accountId);
  return isCollaborator ? 'COLLABORATOR' : 'NONE';
}

export function mapLabel(
  context: MapperContext,
  ref: RepoRef,
  label: LabelRecord,
) {
  return {
    id: label.id,
    node_id: encodeNodeId('Label', label.id),
    url: context.urls.repo(ref, `/labels/${encodeURIComponent(label.name)}`),
    name: label.name,
    color: label.color,
    default: label.isDefault,
    description: label.description,
  };
}

export function mapIssue(context: MapperContext, issue: IssueRecord) {
  const repo = context.store.repositories.getById(issue.repoId)!;
  const ref = context.store.repositories.refOf(repo);
  const url = context.urls.repo(ref, `/issues/${issue.number}`);
  const assignees = issue.assigneeIds
    .map(id => context.store.accounts.getById(id))
    .filter(account => account !== undefined)
    .map(account => mapSimpleUser(context, account!));
  const pull = issue.isPullRequest
    ? context.store.pulls.get(ref, issue.number)?.pull
    : undefined;
  return {
    id: issue.id,
    node_id: encodeNodeId('Issue', issue.id),
    url,
    repository_url: context.urls.repo(ref),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: context.urls.repoHtml(
      ref,
      `/${issue.isPullRequest ? 'pull' : 'issues'}/${issue.number}`,
    ),
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: mapSimpleUserOrNull(context, issue.authorId),
    labels: context.store.issues
      .labelsOf(issue)
      .map(label => mapLabel(context, ref, label)),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    locked: issue.locked,
    active_lock_reason: null,
    comments: context.store.issues.commentCount(issue),
    ...(pull
      ? {
          pull_request: {
            url: context.urls.repo(ref, `/pulls/${issue.number}`),
            html_url: context.urls.repoHtml(ref, `/pull/${issue.number}`),
            diff_url: context.urls.repoHtml(ref, `/pull/${issue.number}.diff`),
            patch_url: context.urls.repoHtml(
              ref,
              `/pull/${issue.number}.patch`,
            ),
            merged_at: pull.mergedAt,
          },
        }
      : {}),
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_by: mapSimpleUserOrNull(context, issue.closedById),
    author_association: authorAssociation(context, repo, issue.authorId),
  };
}

export function mapIssueComment(
  context: MapperContext,
  comment: IssueCommentRecord,
) {
  const repo = context.store.repositories.getById(comment.repoId)!;
  const ref = context.store.repositories.refOf(repo);
  return {
    id: comment.id,
    node_id: encodeNodeId('IssueComment', comment.id),
    url: context.urls.repo(ref, `/issues/comments/${comment.id}`),
    html_url: context.urls.repoHtml(
      ref,
      `/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    ),
    body: comment.body,
    user: mapSimpleUserOrNull(context, comment.authorId),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: context.urls.repo(ref, `/issues/${comment.issueNumber}`),
    author_association: authorAssociation(context, repo, comment.authorId),
  };
}
