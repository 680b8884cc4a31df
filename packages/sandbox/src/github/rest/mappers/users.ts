import { encodeNodeId } from '../../store/ids';
import type { AccountRecord, TeamRecord } from '../../store/types';
import type { MapperContext } from './MapperContext';

export function mapSimpleUser(context: MapperContext, account: AccountRecord) {
  const url = context.urls.user(account.login);
  return {
    login: account.login,
    id: account.id,
    node_id: encodeNodeId(account.type, account.id),
    avatar_url: context.urls.avatar(account.id),
    gravatar_id: '',
    url,
    html_url: context.urls.html(`/${account.login}`),
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: account.type,
    site_admin: account.siteAdmin,
    user_view_type: 'public',
  };
}

export function mapSimpleUserOrNull(
  context: MapperContext,
  id: number | null | undefined,
) {
  const account =
    id === null || id === undefined
      ? undefined
      : context.store.accounts.getById(id);
  return account ? mapSimpleUser(context, account) : null;
}

function publicRepositoryCount(
  context: MapperContext,
  account: AccountRecord,
): number {
  return context.store.repositories
    .list({ owner: account.login })
    .filter(repo => repo.visibility === 'public').length;
}

export function mapPublicUser(context: MapperContext, account: AccountRecord) {
  return {
    ...mapSimpleUser(context, account),
    name: account.name,
    company: account.company,
    blog: account.blog,
    location: account.location,
    email: account.email,
    hireable: null,
    bio: account.bio,
    twitter_username: null,
    public_repos: publicRepositoryCount(context, account),
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: account.createdAt,
    updated_at: account.updatedAt,
  };
}

export function mapPrivateUser(context: MapperContext, account: AccountRecord) {
  const owned = context.store.repositories.list({ owner: account.login });
  const privateCount = owned.filter(
    repo => repo.visibility !== 'public',
  ).length;
  return {
    ...mapPublicUser(context, account),
    private_gists: 0,
    total_private_repos: privateCount,
    owned_private_repos: privateCount,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: false,
  };
}

export function mapOrganizationSimple(
  context: MapperContext,
  org: AccountRecord,
) {
  const url = context.urls.api(`/orgs/${org.login}`);
  return {
    login: org.login,
    id: org.id,
    node_id: encodeNodeId('Organization', org.id),
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: context.urls.avatar(org.id),
    description: org.description,
  };
}

export function mapOrganizationFull(
  context: MapperContext,
  org: AccountRecord,
) {
  const owned = context.store.repositories.list({ owner: org.login });
  const privateCount = owned.filter(
    repo => repo.visibility !== 'public',
  ).length;
  return {
    ...mapOrganizationSimple(context, org),
    name: org.name,
    // The description types these as plain strings, so unset ones are left out.
    ...(org.company ? { company: org.company } : {}),
    ...(org.blog ? { blog: org.blog } : {}),
    ...(org.location ? { location: org.location } : {}),
    ...(org.email ? { email: org.email } : {}),
    twitter_username: null,
    is_verified: false,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: owned.length - privateCount,
    public_gists: 0,
    followers: 0,
    following: 0,
    html_url: context.urls.html(`/${org.login}`),
    type: 'Organization',
    total_private_repos: privateCount,
    owned_private_repos: privateCount,
    members_can_create_repositories: true,
    created_at: org.createdAt,
    updated_at: org.updatedAt,
    archived_at: null,
  };
}

export function mapTeamSimple(context: MapperContext, team: TeamRecord) {
  const org = context.store.accounts.getById(team.orgId)!;
  const url = context.urls.api(`/organizations/${org.id}/team/${team.id}`);
  return {
    id: team.id,
    node_id: encodeNodeId('Team', team.id),
    url,
    members_url: `${url}/members{/member}`,
    name: team.name,
    description: team.description,
    permission: 'pull',
    privacy: team.privacy,
    notification_setting: 'notifications_enabled',
    html_url: context.urls.html(`/orgs/${org.login}/teams/${team.slug}`),
    repositories_url: `${url}/repos`,
    slug: team.slug,
    type: 'organization',
  };
}

export function mapTeam(context: MapperContext, team: TeamRecord) {
  const parent =
    team.parentTeamId === null
      ? undefined
      : context.store.accounts.getTeamById(team.parentTeamId);
  return {
    ...mapTeamSimple(context, team),
    parent: parent ? mapTeamSimple(context, parent) : null,
  };
}

export function mapTeamFull(context: MapperContext, team: TeamRecord) {
  const org = context.store.accounts.getById(team.orgId)!;
  return {
    ...mapTeam(context, team),
    members_count: context.store.accounts.listTeamMembers(team.id).length,
    repos_count: context.store.access.repositoriesOfTeam(team.id).length,
    created_at: team.createdAt,
    updated_at: team.updatedAt,
    organization: mapOrganizationFull(context, org),
  };
}
