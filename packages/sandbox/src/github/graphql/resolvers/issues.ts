import { authorAssociation } from '../../rest/mappers/issues';
import type {
  IssueRecord,
  LabelRecord,
  RepositoryRecord,
} from '../../store/types';
import { orderBy } from '../../store/ordering';
import { ConnectionArgs, connection } from '../connections';
import type { GraphqlContext } from '../context';
import { nodeId } from '../nodeIds';
import type { FieldSource } from '../objects';
import { actorOrNull, userObject } from './accounts';
import { repositoryObject } from './repository';

type Direction = 'ASC' | 'DESC';

export interface IssueOrderArgs {
  orderBy?: {
    field: 'CREATED_AT' | 'UPDATED_AT' | 'COMMENTS';
    direction: Direction;
  } | null;
}

/** GitHub's `IssueOrder`; without one, connections list oldest first. */
export function sortByIssueOrder<T>(
  context: GraphqlContext,
  items: T[],
  issueOf: (item: T) => IssueRecord,
  order: IssueOrderArgs['orderBy'],
): T[] {
  const field = order?.field ?? 'CREATED_AT';
  const key = (item: T): string | number => {
    const issue = issueOf(item);
    if (field === 'COMMENTS') return context.store.issues.commentCount(issue);
    return field === 'UPDATED_AT' ? issue.updatedAt : issue.createdAt;
  };
  return [...items].sort(
    orderBy(
      key,
      item => issueOf(item).number,
      order?.direction === 'DESC' ? 'desc' : 'asc',
    ),
  );
}

export function labelObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
  label: LabelRecord,
): FieldSource {
  const ref = context.store.repositories.refOf(repo);
  const path = `/${ref.owner}/${ref.repo}/labels/${encodeURIComponent(
    label.name,
  )}`;
  return {
    __typename: 'Label',
    id: nodeId('Label', label.id),
    name: label.name,
    color: label.color,
    description: label.description,
    isDefault: label.isDefault,
    url: context.urls.html(path),
    resourcePath: path,
    repository: () => repositoryObject(context, repo),
  };
}

export function labelsConnection(
  context: GraphqlContext,
  repo: RepositoryRecord,
  args: ConnectionArgs & {
    orderBy?: { field: 'CREATED_AT' | 'NAME'; direction: Direction } | null;
    query?: string | null;
  },
  labels: LabelRecord[],
): FieldSource {
  const factor = args.orderBy?.direction === 'DESC' ? -1 : 1;
  const sorted = labels
    .filter(
      label =>
        !args.query ||
        label.name.toLowerCase().includes(args.query.toLowerCase()),
    )
    .sort((a, b) =>
      args.orderBy?.field === 'NAME'
        ? a.name.localeCompare(b.name) * factor
        : (a.id - b.id) * factor,
    );
  return connection('labels', args, sorted, {
    node: label => labelObject(context, repo, label),
  });
}

export function issueCommentsConnection(
  context: GraphqlContext,
  repo: RepositoryRecord,
  issue: IssueRecord,
  args: ConnectionArgs,
): FieldSource {
  const ref = context.store.repositories.refOf(repo);
  const kind = issue.isPullRequest ? 'pull' : 'issues';
  const comments = context.store.issues
    .listComments(ref, issue.number)
    .sort((a, b) => a.id - b.id);
  return connection('comments', args, comments, {
    node: comment => {
      const path = `/${ref.owner}/${ref.repo}/${kind}/${issue.number}#issuecomment-${comment.id}`;
      return {
        __typename: 'IssueComment',
        id: nodeId('IssueComment', comment.id),
        databaseId: comment.id,
        body: comment.body,
        bodyText: comment.body,
        createdAt: comment.createdAt,
        updatedAt: comment.updatedAt,
        publishedAt: comment.createdAt,
        url: context.urls.html(path),
        resourcePath: path,
        author: () => actorOrNull(context, comment.authorId),
        repository: () => repositoryObject(context, repo),
      };
    },
  });
}

const STATE_REASON = {
  completed: 'COMPLETED',
  not_planned: 'NOT_PLANNED',
  reopened: 'REOPENED',
} as const;

/**
 * On GitHub a pull request is an issue too: these fields read the same issue record for
 * both object types.
 */
export function issueLikeFields(
  context: GraphqlContext,
  repo: RepositoryRecord,
  issue: IssueRecord,
): FieldSource {
  return {
    labels: (args: ConnectionArgs) =>
      labelsConnection(
        context,
        repo,
        args,
        context.store.issues.labelsOf(issue),
      ),
    assignees: (args: ConnectionArgs) =>
      connection(
        'assignees',
        args,
        issue.assigneeIds
          .map(id => context.store.accounts.getById(id))
          .filter(account => account !== undefined),
        { node: account => userObject(context, account!) },
      ),
    comments: (args: ConnectionArgs) =>
      issueCommentsConnection(context, repo, issue, args),
  };
}

export function issueObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
  issue: IssueRecord,
): FieldSource {
  const ref = context.store.repositories.refOf(repo);
  const path = `/${ref.owner}/${ref.repo}/issues/${issue.number}`;
  return {
    __typename: 'Issue',
    id: nodeId('Issue', issue.id),
    databaseId: issue.id,
    fullDatabaseId: String(issue.id),
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    bodyText: issue.body ?? '',
    state: issue.state === 'open' ? 'OPEN' : 'CLOSED',
    stateReason: issue.stateReason ? STATE_REASON[issue.stateReason] : null,
    closed: issue.state === 'closed',
    locked: issue.locked,
    createdAt: issue.createdAt,
    publishedAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    closedAt: issue.closedAt,
    url: context.urls.html(path),
    resourcePath: path,
    author: () => actorOrNull(context, issue.authorId),
    authorAssociation: () =>
      authorAssociation(
        { store: context.store, urls: context.urls, viewer: context.viewer },
        repo,
        issue.authorId,
      ),
    viewerDidAuthor: issue.authorId === context.viewer.id,
    ...issueLikeFields(context, repo, issue),
    repository: () => repositoryObject(context, repo),
  };
}

export interface IssuesArgs extends ConnectionArgs, IssueOrderArgs {
  labels?: string[] | null;
  states?: Array<'OPEN' | 'CLOSED'> | null;
  filterBy?: {
    assignee?: string | null;
    createdBy?: string | null;
    labels?: string[] | null;
    since?: string | null;
    states?: Array<'OPEN' | 'CLOSED'> | null;
  } | null;
}

/** Issues without pull requests; `labels` matches any of the names, as on GitHub. */
export function issuesConnection(
  context: GraphqlContext,
  repo: RepositoryRecord,
  args: IssuesArgs,
): FieldSource {
  const ref = context.store.repositories.refOf(repo);
  const filter = args.filterBy ?? {};
  const states = [...(args.states ?? []), ...(filter.states ?? [])];
  const labels = [...(args.labels ?? []), ...(filter.labels ?? [])].map(label =>
    label.toLowerCase(),
  );
  const assignee = filter.assignee
    ? context.store.accounts.get(filter.assignee)
    : undefined;
  const creator = filter.createdBy
    ? context.store.accounts.get(filter.createdBy)
    : undefined;
  const issues = context.store.issues
    .list(ref, { state: 'all', includePullRequests: false })
    .filter(
      issue =>
        (states.length === 0 ||
          states.includes(issue.state === 'open' ? 'OPEN' : 'CLOSED')) &&
        (labels.length === 0 ||
          context.store.issues
            .labelsOf(issue)
            .some(label => labels.includes(label.name.toLowerCase()))) &&
        (!filter.assignee ||
          (filter.assignee === '*'
            ? issue.assigneeIds.length > 0
            : assignee !== undefined &&
              issue.assigneeIds.includes(assignee.id))) &&
        (!filter.createdBy || issue.authorId === creator?.id) &&
        (!filter.since ||
          Date.parse(issue.updatedAt) >= Date.parse(filter.since)),
    );
  return connection(
    'issues',
    args,
    sortByIssueOrder(context, issues, issue => issue, args.orderBy),
    { node: issue => issueObject(context, repo, issue) },
  );
}
