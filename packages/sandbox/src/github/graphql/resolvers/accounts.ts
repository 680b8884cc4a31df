import type {
  AccountRecord,
  RepositoryRecord,
  TeamRecord,
} from '../../store/types';
import { ConnectionArgs, connection } from '../connections';
import { canSee, GraphqlContext } from '../context';
import { couldNotResolve } from '../errors';
import { nodeId } from '../nodeIds';
import type { FieldSource } from '../objects';
import {
  RepositoryFilterArgs,
  repositoryConnection,
  repositoryObject,
} from './repository';

export const REPO_PERMISSION = {
  read: 'READ',
  triage: 'TRIAGE',
  write: 'WRITE',
  maintain: 'MAINTAIN',
  admin: 'ADMIN',
} as const;

function profileFields(context: GraphqlContext, account: AccountRecord) {
  const path = `/${account.login}`;
  return {
    id: nodeId(account.type, account.id),
    databaseId: account.id,
    login: account.login,
    url: context.urls.html(path),
    resourcePath: path,
    avatarUrl: context.urls.avatar(account.id),
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}

function ownedRepositories(
  context: GraphqlContext,
  owner: AccountRecord,
): RepositoryRecord[] {
  return context.store.repositories
    .list({ owner: owner.login })
    .filter(repo => canSee(context, repo));
}

function ownedRepository(
  context: GraphqlContext,
  owner: AccountRecord,
  name: string,
) {
  const repo = context.store.repositories.get({
    owner: owner.login,
    repo: name,
  });
  return repo && canSee(context, repo) ? repo : undefined;
}

export function userObject(
  context: GraphqlContext,
  user: AccountRecord,
): FieldSource {
  return {
    __typename: 'User',
    ...profileFields(context, user),
    name: user.name,
    // GitHub answers "" rather than null when the address is not public.
    email: user.email ?? '',
    company: user.company,
    location: user.location,
    bio: user.bio,
    websiteUrl: user.blog || null,
    isSiteAdmin: user.siteAdmin,
    isViewer: user.id === context.viewer.id,
    repositories: (args: RepositoryFilterArgs) =>
      repositoryConnection(
        context,
        'repositories',
        args,
        ownedRepositories(context, user),
      ),
    repository: ({ name }: { name: string }) => {
      const repo = ownedRepository(context, user, name);
      return repo ? repositoryObject(context, repo) : null;
    },
    organizations: (args: ConnectionArgs) =>
      connection(
        'organizations',
        args,
        context.store.accounts.organizationsOf(user.id),
        { node: org => organizationObject(context, org) },
      ),
    organization: ({ login }: { login: string }) => {
      const org = context.store.accounts
        .organizationsOf(user.id)
        .find(
          candidate => candidate.login.toLowerCase() === login.toLowerCase(),
        );
      return org ? organizationObject(context, org) : null;
    },
  };
}

export function botObject(
  context: GraphqlContext,
  bot: AccountRecord,
): FieldSource {
  return { __typename: 'Bot', ...profileFields(context, bot) };
}

export function organizationObject(
  context: GraphqlContext,
  org: AccountRecord,
): FieldSource {
  const teams = () => context.store.accounts.listTeams(org.login);
  return {
    __typename: 'Organization',
    ...profileFields(context, org),
    url: context.urls.html(`/${org.login}`),
    name: org.name,
    description: org.description,
    email: org.email,
    location: org.location,
    websiteUrl: org.blog || null,
    repositories: (args: RepositoryFilterArgs) =>
      repositoryConnection(
        context,
        'repositories',
        args,
        ownedRepositories(context, org),
      ),
    repository: ({ name }: { name: string }) => {
      const repo = ownedRepository(context, org, name);
      return repo ? repositoryObject(context, repo) : null;
    },
    team: ({ slug }: { slug: string }) => {
      const team = context.store.accounts.getTeam(org.login, slug);
      return team ? teamObject(context, team) : null;
    },
    teams: (args: ConnectionArgs & { query?: string | null }) =>
      connection(
        'teams',
        args,
        teams().filter(
          team =>
            !args.query ||
            team.name.toLowerCase().includes(args.query.toLowerCase()) ||
            team.slug.includes(args.query.toLowerCase()),
        ),
        { node: team => teamObject(context, team) },
      ),
    membersWithRole: (args: ConnectionArgs) =>
      connection(
        'membersWithRole',
        args,
        context.store.accounts.listOrgMembers(org.login),
        {
          node: member => userObject(context, member.account),
          edgeFields: member => ({
            role: member.role === 'admin' ? 'ADMIN' : 'MEMBER',
          }),
        },
      ),
    viewerIsAMember:
      context.store.accounts.orgRole(org.id, context.viewer.id) !== undefined,
  };
}

export function teamObject(
  context: GraphqlContext,
  team: TeamRecord,
): FieldSource {
  const org = context.store.accounts.getById(team.orgId)!;
  const path = `/orgs/${org.login}/teams/${team.slug}`;
  return {
    __typename: 'Team',
    id: nodeId('Team', team.id),
    databaseId: team.id,
    name: team.name,
    slug: team.slug,
    combinedSlug: `${org.login}/${team.slug}`,
    description: team.description,
    privacy: team.privacy === 'secret' ? 'SECRET' : 'VISIBLE',
    url: context.urls.html(path),
    resourcePath: path,
    createdAt: team.createdAt,
    updatedAt: team.updatedAt,
    organization: () => organizationObject(context, org),
    parentTeam: () => {
      const parent =
        team.parentTeamId === null
          ? undefined
          : context.store.accounts.getTeamById(team.parentTeamId);
      return parent ? teamObject(context, parent) : null;
    },
    members: (args: ConnectionArgs & { role?: string | null }) =>
      connection(
        'members',
        args,
        context.store.accounts
          .listTeamMembers(team.id)
          .filter(
            member => !args.role || args.role === member.role.toUpperCase(),
          ),
        {
          node: member => userObject(context, member.account),
          edgeFields: member => ({ role: member.role.toUpperCase() }),
        },
      ),
    repositories: (args: ConnectionArgs) =>
      connection(
        'repositories',
        args,
        context.store.access
          .repositoriesOfTeam(team.id)
          .filter(grant => canSee(context, grant.repo)),
        {
          node: grant => repositoryObject(context, grant.repo),
          edgeFields: grant => ({
            permission: REPO_PERMISSION[grant.permission],
          }),
        },
      ),
  };
}

/** User, Bot or Organization, for fields typed as `Actor` or `RepositoryOwner`. */
export function accountObject(
  context: GraphqlContext,
  account: AccountRecord,
): FieldSource {
  if (account.type === 'Organization') {
    return organizationObject(context, account);
  }
  return account.type === 'Bot'
    ? botObject(context, account)
    : userObject(context, account);
}

export function actorOrNull(
  context: GraphqlContext,
  id: number | null | undefined,
): FieldSource | null {
  const account =
    id === null || id === undefined
      ? undefined
      : context.store.accounts.getById(id);
  return account ? accountObject(context, account) : null;
}

export function requireUser(
  context: GraphqlContext,
  login: string,
): FieldSource {
  const account = context.store.accounts.get(login);
  if (!account || account.type === 'Organization') {
    throw couldNotResolve('a User', `the login of '${login}'`);
  }
  return accountObject(context, account);
}

export function requireOrganization(
  context: GraphqlContext,
  login: string,
): FieldSource {
  const account = context.store.accounts.get(login);
  if (!account || account.type !== 'Organization') {
    throw couldNotResolve('an Organization', `the login of '${login}'`);
  }
  return organizationObject(context, account);
}
