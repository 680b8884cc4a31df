import { parsePermission } from '../../store/AccessStore';
import type { ApiRequest } from '../ApiRequest';
import { ApiError, apiErrors } from '../errors';
import { mapRepository } from '../mappers/repositories';
import {
  mapOrganizationFull,
  mapOrganizationSimple,
  mapPrivateUser,
  mapPublicUser,
  mapSimpleUser,
  mapTeamFull,
  mapTeam,
} from '../mappers/users';
import { json, noContent, route } from '../RouteDefinition';

function organization(request: ApiRequest) {
  const org = request.store.accounts.get(request.param('org'));
  if (!org || org.type !== 'Organization') {
    throw apiErrors.notFound();
  }
  return org;
}

function team(request: ApiRequest) {
  const org = organization(request);
  const found = request.store.accounts.getTeam(
    org.login,
    request.param('team_slug'),
  );
  if (!found) {
    throw apiErrors.notFound();
  }
  return found;
}

function requireOrgMember(request: ApiRequest, orgId: number) {
  const viewer = request.requireViewer();
  if (!viewer.siteAdmin && !request.store.accounts.orgRole(orgId, viewer.id)) {
    throw new ApiError(403, 'You must be a member of this organization.');
  }
  return viewer;
}

/** Users, organizations, memberships and teams. */
export const userRoutes = [
  route('GET', '/user', request =>
    json(200, mapPrivateUser(request.mapper, request.requireViewer())),
  ),

  route('GET', '/users', request => {
    const since = request.query.integer('since') ?? 0;
    const users = request.store.accounts
      .list()
      .filter(account => account.type !== 'Organization' && account.id > since);
    return request.paginate(users, user => mapSimpleUser(request.mapper, user));
  }),

  route('GET', '/users/{username}', request => {
    const account = request.store.accounts.get(request.param('username'));
    if (!account) {
      throw apiErrors.notFound();
    }
    return json(200, mapPublicUser(request.mapper, account));
  }),

  route('GET', '/user/orgs', request => {
    const viewer = request.requireViewer();
    return request.paginate(
      request.store.accounts.organizationsOf(viewer.id),
      org => mapOrganizationSimple(request.mapper, org),
    );
  }),

  route('GET', '/users/{username}/orgs', request => {
    const account = request.store.accounts.get(request.param('username'));
    if (!account) {
      throw apiErrors.notFound();
    }
    return request.paginate(
      request.store.accounts.organizationsOf(account.id),
      org => mapOrganizationSimple(request.mapper, org),
    );
  }),

  route('GET', '/organizations', request => {
    const since = request.query.integer('since') ?? 0;
    const orgs = request.store.accounts
      .list('Organization')
      .filter(org => org.id > since);
    return request.paginate(orgs, org =>
      mapOrganizationSimple(request.mapper, org),
    );
  }),

  route('GET', '/orgs/{org}', request =>
    json(200, mapOrganizationFull(request.mapper, organization(request))),
  ),

  route('GET', '/orgs/{org}/members', request => {
    const org = organization(request);
    const role =
      request.query.oneOf('role', ['all', 'admin', 'member'] as const) ?? 'all';
    const members = request.store.accounts
      .listOrgMembers(org.login)
      .filter(member => role === 'all' || member.role === role)
      .map(member => member.account);
    return request.paginate(members, member =>
      mapSimpleUser(request.mapper, member),
    );
  }),

  route('GET', '/orgs/{org}/teams', request => {
    const org = organization(request);
    return request.paginate(
      request.store.accounts.listTeams(org.login),
      found => mapTeam(request.mapper, found),
    );
  }),

  route('POST', '/orgs/{org}/teams', request => {
    const org = organization(request);
    const viewer = requireOrgMember(request, org.id);
    const parentId = request.body.optionalInteger('parent_team_id');
    const parent =
      parentId === undefined
        ? undefined
        : request.store.accounts.getTeamById(parentId);
    if (parentId !== undefined && parent?.orgId !== org.id) {
      throw new ApiError(422, 'Validation Failed', {
        errors: [
          { resource: 'Team', code: 'invalid', field: 'parent_team_id' },
        ],
      });
    }
    const created = request.store.accounts.createTeam({
      org: org.login,
      name: request.body.string('name'),
      description: request.body.optionalString('description'),
      privacy: request.body.optionalEnum('privacy', [
        'closed',
        'secret',
      ] as const),
      parentSlug: parent?.slug,
      members: [
        { login: viewer.login, role: 'maintainer' },
        ...(request.body.optionalStringArray('maintainers') ?? []).map(
          login => ({
            login,
            role: 'maintainer' as const,
          }),
        ),
      ],
    });
    for (const fullName of request.body.optionalStringArray('repo_names') ??
      []) {
      const [owner, repo] = fullName.includes('/')
        ? fullName.split('/')
        : [org.login, fullName];
      request.store.access.setTeamPermission(
        org.login,
        created.slug,
        { owner, repo },
        'read',
      );
    }
    return json(201, mapTeamFull(request.mapper, created));
  }),

  route('GET', '/orgs/{org}/teams/{team_slug}', request =>
    json(200, mapTeamFull(request.mapper, team(request))),
  ),

  route('GET', '/orgs/{org}/teams/{team_slug}/members', request => {
    const found = team(request);
    const role =
      request.query.oneOf('role', ['all', 'member', 'maintainer'] as const) ??
      'all';
    const members = request.store.accounts
      .listTeamMembers(found.id)
      .filter(member => role === 'all' || member.role === role)
      .map(member => member.account);
    return request.paginate(members, member =>
      mapSimpleUser(request.mapper, member),
    );
  }),

  route(
    'PUT',
    '/orgs/{org}/teams/{team_slug}/memberships/{username}',
    request => {
      const org = organization(request);
      const found = team(request);
      requireOrgMember(request, org.id);
      const username = request.param('username');
      if (!request.store.accounts.get(username)) {
        throw apiErrors.notFound();
      }
      const role =
        request.body.optionalEnum('role', ['member', 'maintainer'] as const) ??
        'member';
      request.store.accounts.setTeamMembership(
        org.login,
        found.slug,
        username,
        role,
      );
      return json(200, {
        url: request.urls.api(
          `/organizations/${org.id}/team/${found.id}/memberships/${username}`,
        ),
        role,
        state: 'active',
      });
    },
  ),

  route('GET', '/orgs/{org}/teams/{team_slug}/repos', async request => {
    const found = team(request);
    const repos = request.store.access
      .repositoriesOfTeam(found.id)
      .filter(({ repo }) => request.store.access.canSee(repo, request.viewer));
    return request.paginate(repos, async ({ repo, permission }) => ({
      ...(await mapRepository(request.mapper, repo)),
      role_name: permission,
    }));
  }),

  route(
    'PUT',
    '/orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}',
    request => {
      const org = organization(request);
      const found = team(request);
      const repo = request.repository('admin');
      const permission = parsePermission(
        request.body.optionalString('permission') ?? 'push',
      );
      if (!permission) {
        throw apiErrors.invalidRequest(
          `For 'properties/permission', ${JSON.stringify(
            request.body.optionalString('permission'),
          )} is not a valid permission.`,
        );
      }
      request.store.access.setTeamPermission(
        org.login,
        found.slug,
        request.store.repositories.refOf(repo),
        permission,
      );
      return noContent();
    },
  ),

  route(
    'DELETE',
    '/orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}',
    request => {
      const org = organization(request);
      const found = team(request);
      const repo = request.repository('admin');
      request.store.access.removeTeam(
        org.login,
        found.slug,
        request.store.repositories.refOf(repo),
      );
      return noContent();
    },
  ),
];
