import type { MapperContext } from '../../rest/mappers/MapperContext';
import { mapOrganizationSimple, mapSimpleUser } from '../../rest/mappers/users';
import { mapRepository } from '../../rest/mappers/repositories';
import type { AccountRecord, RepositoryRecord } from '../../store/types';

/** Payloads are rendered as GitHub renders them: for no particular viewer. */
export function payloadContext(
  context: Omit<MapperContext, 'viewer'>,
): MapperContext {
  return { ...context, viewer: undefined };
}

/** The REST simple user without `user_view_type`, which webhook payloads do not carry. */
export function webhookUser(context: MapperContext, account: AccountRecord) {
  const { user_view_type: _restOnly, ...user } = mapSimpleUser(
    context,
    account,
  );
  return user;
}

/** The sender of an event; events without one (system changes) are sent as the owner. */
export function webhookSender(
  context: MapperContext,
  senderId: number | null,
  repo: RepositoryRecord,
) {
  const account =
    (senderId === null
      ? undefined
      : context.store.accounts.getById(senderId)) ??
    context.store.repositories.ownerOf(repo);
  return webhookUser(context, account);
}

export function webhookUserById(context: MapperContext, id: number | null) {
  const account = id === null ? undefined : context.store.accounts.getById(id);
  return account ? webhookUser(context, account) : null;
}

export async function webhookRepository(
  context: MapperContext,
  repo: RepositoryRecord,
) {
  const rest = await mapRepository(context, repo);
  return {
    ...rest,
    owner: webhookUser(context, context.store.repositories.ownerOf(repo)),
    allow_squash_merge: repo.allowSquashMerge,
    allow_merge_commit: repo.allowMergeCommit,
    allow_rebase_merge: repo.allowRebaseMerge,
    allow_auto_merge: repo.allowAutoMerge,
    allow_update_branch: repo.allowUpdateBranch,
    delete_branch_on_merge: repo.deleteBranchOnMerge,
    custom_properties: repo.customProperties,
  };
}

/** `repository-lite`: what workflow runs embed. */
export async function webhookRepositoryLite(
  context: MapperContext,
  repo: RepositoryRecord,
) {
  const full = await webhookRepository(context, repo);
  const keys = [
    'archive_url',
    'assignees_url',
    'blobs_url',
    'branches_url',
    'collaborators_url',
    'comments_url',
    'commits_url',
    'compare_url',
    'contents_url',
    'contributors_url',
    'deployments_url',
    'description',
    'downloads_url',
    'events_url',
    'fork',
    'forks_url',
    'full_name',
    'git_commits_url',
    'git_refs_url',
    'git_tags_url',
    'hooks_url',
    'html_url',
    'id',
    'issue_comment_url',
    'issue_events_url',
    'issues_url',
    'keys_url',
    'labels_url',
    'languages_url',
    'merges_url',
    'milestones_url',
    'name',
    'node_id',
    'notifications_url',
    'owner',
    'private',
    'pulls_url',
    'releases_url',
    'stargazers_url',
    'statuses_url',
    'subscribers_url',
    'subscription_url',
    'tags_url',
    'teams_url',
    'trees_url',
    'url',
  ] as const;
  return Object.fromEntries(keys.map(key => [key, full[key]]));
}

/** Present when the repository belongs to an organization. */
export function webhookOrganization(
  context: MapperContext,
  repo: RepositoryRecord,
): { organization?: ReturnType<typeof mapOrganizationSimple> } {
  const owner = context.store.repositories.ownerOf(repo);
  return owner.type === 'Organization'
    ? { organization: mapOrganizationSimple(context, owner) }
    : {};
}

/** What every repository event carries: repository, sender and, for org repositories, organization. */
export async function repositoryEnvelope(
  context: MapperContext,
  repo: RepositoryRecord,
  senderId: number | null,
) {
  return {
    repository: await webhookRepository(context, repo),
    ...webhookOrganization(context, repo),
    sender: webhookSender(context, senderId, repo),
  };
}
