import { parsePermission, permits } from '../../store/AccessStore';
import type {
  CreateRepositoryInput,
  RepositorySettings,
} from '../../store/RepositoriesStore';
import type {
  AccountRecord,
  RepositoryRecord,
  RepoVisibility,
} from '../../store/types';
import { byKeyThenId } from '../../store/ordering';
import type { ApiRequest } from '../ApiRequest';
import { ApiError, apiErrors } from '../errors';
import { mapFullRepository, mapRepository } from '../mappers/repositories';
import { mapSimpleUser, mapTeam } from '../mappers/users';
import { json, noContent, route } from '../RouteDefinition';

const VISIBILITIES = ['public', 'private', 'internal'] as const;

function readSettings(request: ApiRequest): Partial<RepositorySettings> {
  const body = request.body;
  const settings: Partial<RepositorySettings> = {
    hasIssues: body.optionalBoolean('has_issues'),
    hasProjects: body.optionalBoolean('has_projects'),
    hasWiki: body.optionalBoolean('has_wiki'),
    hasDiscussions: body.optionalBoolean('has_discussions'),
    isTemplate: body.optionalBoolean('is_template'),
    allowMergeCommit: body.optionalBoolean('allow_merge_commit'),
    allowSquashMerge: body.optionalBoolean('allow_squash_merge'),
    allowRebaseMerge: body.optionalBoolean('allow_rebase_merge'),
    allowAutoMerge: body.optionalBoolean('allow_auto_merge'),
    allowUpdateBranch: body.optionalBoolean('allow_update_branch'),
    deleteBranchOnMerge: body.optionalBoolean('delete_branch_on_merge'),
    archived: body.optionalBoolean('archived'),
    squashMergeCommitTitle: body.optionalEnum('squash_merge_commit_title', [
      'PR_TITLE',
      'COMMIT_OR_PR_TITLE',
    ] as const),
    squashMergeCommitMessage: body.optionalEnum('squash_merge_commit_message', [
      'PR_BODY',
      'COMMIT_MESSAGES',
      'BLANK',
    ] as const),
    mergeCommitTitle: body.optionalEnum('merge_commit_title', [
      'PR_TITLE',
      'MERGE_MESSAGE',
    ] as const),
    mergeCommitMessage: body.optionalEnum('merge_commit_message', [
      'PR_BODY',
      'PR_TITLE',
      'BLANK',
    ] as const),
  };
  return Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined),
  ) as Partial<RepositorySettings>;
}

function readVisibility(request: ApiRequest): RepoVisibility | undefined {
  const visibility = request.body.optionalEnum('visibility', VISIBILITIES);
  if (visibility) {
    return visibility;
  }
  const isPrivate = request.body.optionalBoolean('private');
  if (isPrivate === undefined) {
    return undefined;
  }
  return isPrivate ? 'private' : 'public';
}

async function createRepository(
  request: ApiRequest,
  owner: AccountRecord,
  creator: AccountRecord,
) {
  const input: CreateRepositoryInput = {
    owner: owner.login,
    name: request.body.string('name'),
    creator: creator.login,
    description: request.body.optionalNullableString('description'),
    homepage: request.body.optionalNullableString('homepage'),
    visibility: readVisibility(request),
    autoInit: request.body.optionalBoolean('auto_init'),
    settings: readSettings(request),
    customProperties: (request.body.optionalObject('custom_properties') ??
      undefined) as CreateRepositoryInput['customProperties'],
  };
  const repo = await request.store.repositories.create(input);
  const teamId = request.body.optionalInteger('team_id');
  const team =
    teamId === undefined
      ? undefined
      : request.store.accounts.getTeamById(teamId);
  if (team && owner.type === 'Organization') {
    request.store.access.setTeamPermission(
      owner.login,
      team.slug,
      request.store.repositories.refOf(repo),
      'read',
    );
  }
  const body = await mapFullRepository(request.mapper, repo);
  return json(201, body, { location: body.url });
}

function visibleTo(request: ApiRequest) {
  return (repo: RepositoryRecord) =>
    request.store.access.canSee(repo, request.viewer);
}

function sortRepositories(
  request: ApiRequest,
  repos: RepositoryRecord[],
  defaultSort: 'created' | 'full_name',
): RepositoryRecord[] {
  const sort =
    request.query.oneOf('sort', [
      'created',
      'updated',
      'pushed',
      'full_name',
    ] as const) ?? defaultSort;
  const direction =
    request.query.oneOf('direction', ['asc', 'desc'] as const) ??
    (sort === 'full_name' ? 'asc' : 'desc');
  const key = (repo: RepositoryRecord): string => {
    if (sort === 'full_name') {
      return `${request.store.repositories.refOf(repo).owner}/${
        repo.name
      }`.toLowerCase();
    }
    if (sort === 'updated') return repo.updatedAt;
    if (sort === 'pushed') return repo.pushedAt ?? '';
    return repo.createdAt;
  };
  return [...repos].sort(byKeyThenId(key, direction));
}

function filterByType(
  request: ApiRequest,
  repos: RepositoryRecord[],
  type: string | undefined,
): RepositoryRecord[] {
  if (type === 'public')
    return repos.filter(repo => repo.visibility === 'public');
  if (type === 'private')
    return repos.filter(repo => repo.visibility !== 'public');
  if (type === 'forks') return [];
  if (type === 'member' && request.viewer) {
    const viewer = request.viewer;
    return repos.filter(repo => repo.ownerId !== viewer.id);
  }
  return repos;
}

/** Legacy permission names the collaborator permission endpoint still reports. */
function legacyPermission(role: string | undefined): string {
  if (role === 'admin') return 'admin';
  if (role === 'maintain' || role === 'write') return 'write';
  if (role === 'triage' || role === 'read') return 'read';
  return 'none';
}

/** Repositories: creation, settings, listing, topics, collaborators, subscription. */
export const repositoryRoutes = [
  route('POST', '/orgs/{org}/repos', request => {
    const viewer = request.requireViewer();
    const org = request.store.accounts.get(request.param('org'));
    if (!org || org.type !== 'Organization') {
      throw apiErrors.notFound();
    }
    if (
      !viewer.siteAdmin &&
      !request.store.accounts.orgRole(org.id, viewer.id)
    ) {
      throw new ApiError(
        403,
        'You need admin access to the organization before adding a repository to it.',
      );
    }
    return createRepository(request, org, viewer);
  }),

  route('POST', '/user/repos', request => {
    const viewer = request.requireViewer();
    return createRepository(request, viewer, viewer);
  }),

  route('GET', '/repos/{owner}/{repo}', async request =>
    json(200, await mapFullRepository(request.mapper, request.repository())),
  ),

  route('PATCH', '/repos/{owner}/{repo}', async request => {
    const repo = request.repository('admin');
    const updated = await request.store.repositories.update(
      request.store.repositories.refOf(repo),
      {
        ...readSettings(request),
        name: request.body.optionalString('name'),
        description: request.body.optionalNullableString('description'),
        homepage: request.body.optionalNullableString('homepage'),
        visibility: readVisibility(request),
        defaultBranch: request.body.optionalString('default_branch'),
      },
      request.viewer?.id ?? null,
    );
    return json(200, await mapFullRepository(request.mapper, updated));
  }),

  route('DELETE', '/repos/{owner}/{repo}', async request => {
    const repo = request.repository('admin');
    await request.store.repositories.delete(
      request.store.repositories.refOf(repo),
      request.viewer?.id ?? null,
    );
    return noContent();
  }),

  route('GET', '/orgs/{org}/repos', request => {
    const org = request.store.accounts.get(request.param('org'));
    if (!org || org.type !== 'Organization') {
      throw apiErrors.notFound();
    }
    const repos = filterByType(
      request,
      request.store.repositories
        .list({ owner: org.login })
        .filter(visibleTo(request)),
      request.query.string('type'),
    );
    return request.paginate(sortRepositories(request, repos, 'created'), repo =>
      mapRepository(request.mapper, repo),
    );
  }),

  route('GET', '/users/{username}/repos', request => {
    const owner = request.store.accounts.get(request.param('username'));
    if (!owner) {
      throw apiErrors.notFound();
    }
    const repos = filterByType(
      request,
      request.store.repositories
        .list({ owner: owner.login })
        .filter(visibleTo(request)),
      request.query.string('type'),
    );
    return request.paginate(
      sortRepositories(request, repos, 'full_name'),
      repo => mapRepository(request.mapper, repo),
    );
  }),

  route('GET', '/user/repos', request => {
    const viewer = request.requireViewer();
    const affiliation = request.query.list('affiliation') ?? [
      'owner',
      'collaborator',
      'organization_member',
    ];
    const visibility = request.query.oneOf('visibility', [
      'all',
      'public',
      'private',
    ] as const);
    const repos = request.store.repositories.list().filter(repo => {
      const owner = request.store.repositories.ownerOf(repo);
      const owned = repo.ownerId === viewer.id;
      const viaOrg =
        owner.type === 'Organization' &&
        request.store.accounts.orgRole(owner.id, viewer.id) !== undefined;
      const collaborator =
        !owned &&
        !viaOrg &&
        permits(
          request.store.access.permissionOf(
            { ...repo, visibility: 'private' },
            viewer,
          ),
          'read',
        );
      return (
        ((owned && affiliation.includes('owner')) ||
          (viaOrg && affiliation.includes('organization_member')) ||
          (collaborator && affiliation.includes('collaborator'))) &&
        (!visibility ||
          visibility === 'all' ||
          (visibility === 'public') === (repo.visibility === 'public'))
      );
    });
    return request.paginate(
      sortRepositories(request, repos, 'full_name'),
      repo => mapRepository(request.mapper, repo),
    );
  }),

  route('GET', '/repositories', request => {
    const since = request.query.integer('since') ?? 0;
    const repos = request.store.repositories
      .list()
      .filter(repo => repo.id > since && repo.visibility === 'public')
      .sort((a, b) => a.id - b.id);
    return request.paginate(repos, repo => mapRepository(request.mapper, repo));
  }),

  route('GET', '/repos/{owner}/{repo}/topics', request =>
    json(200, { names: request.repository().topics }),
  ),

  route('PUT', '/repos/{owner}/{repo}/topics', request => {
    const repo = request.repository('write');
    const names = request.body.stringArray('names');
    return json(200, {
      names: request.store.repositories.setTopics(
        request.store.repositories.refOf(repo),
        names,
      ),
    });
  }),

  route('GET', '/repos/{owner}/{repo}/languages', request => {
    request.repository();
    return json(200, {});
  }),

  route('GET', '/repos/{owner}/{repo}/teams', request => {
    const repo = request.repository();
    const teams = request.store.access.teamsOfRepository(
      request.store.repositories.refOf(repo),
    );
    return request.paginate(teams, ({ team }) => mapTeam(request.mapper, team));
  }),

  route('GET', '/repos/{owner}/{repo}/collaborators', request => {
    const repo = request.repository('write');
    const affiliation =
      request.query.oneOf('affiliation', [
        'all',
        'direct',
        'outside',
      ] as const) ?? 'all';
    const wanted = request.query.string('permission');
    const neededRole = wanted ? parsePermission(wanted) : undefined;
    const collaborators = request.store.access
      .listCollaborators(request.store.repositories.refOf(repo), affiliation)
      .filter(entry => !neededRole || permits(entry.permission, neededRole));
    return request.paginate(collaborators, ({ account, permission }) => ({
      ...mapSimpleUser(request.mapper, account),
      permissions: {
        admin: permits(permission, 'admin'),
        maintain: permits(permission, 'maintain'),
        push: permits(permission, 'write'),
        triage: permits(permission, 'triage'),
        pull: permits(permission, 'read'),
      },
      role_name: permission,
    }));
  }),

  route('GET', '/repos/{owner}/{repo}/collaborators/{username}', request => {
    const repo = request.repository();
    const isCollaborator = request.store.access.isCollaborator(
      request.store.repositories.refOf(repo),
      request.param('username'),
    );
    if (!isCollaborator) {
      throw apiErrors.notFound();
    }
    return noContent();
  }),

  route('PUT', '/repos/{owner}/{repo}/collaborators/{username}', request => {
    const repo = request.repository('admin');
    const requested = request.body.optionalString('permission') ?? 'push';
    const permission = parsePermission(requested);
    if (!permission) {
      throw apiErrors.invalidRequest(
        `For 'properties/permission', ${JSON.stringify(
          requested,
        )} is not a valid permission.`,
      );
    }
    request.store.access.setCollaborator(
      request.store.repositories.refOf(repo),
      request.param('username'),
      permission,
    );
    return noContent();
  }),

  route('DELETE', '/repos/{owner}/{repo}/collaborators/{username}', request => {
    const repo = request.repository('admin');
    request.store.access.removeCollaborator(
      request.store.repositories.refOf(repo),
      request.param('username'),
    );
    return noContent();
  }),

  route(
    'GET',
    '/repos/{owner}/{repo}/collaborators/{username}/permission',
    request => {
      const repo = request.repository();
      const account = request.store.accounts.get(request.param('username'));
      if (!account) {
        throw apiErrors.notFound();
      }
      const role = request.store.access.permissionOf(
        { ...repo, visibility: 'private' },
        account,
      );
      return json(200, {
        permission: legacyPermission(role),
        role_name: role ?? 'none',
        user: {
          ...mapSimpleUser(request.mapper, account),
          permissions: {
            admin: permits(role, 'admin'),
            maintain: permits(role, 'maintain'),
            push: permits(role, 'write'),
            triage: permits(role, 'triage'),
            pull: permits(role, 'read'),
          },
          role_name: role ?? 'none',
        },
      });
    },
  ),

  route('GET', '/repos/{owner}/{repo}/subscription', request => {
    const repo = request.repository();
    const viewer = request.requireViewer();
    const ref = request.store.repositories.refOf(repo);
    const subscription = request.store.repositories.getSubscription(
      ref,
      viewer.id,
    );
    if (!subscription) {
      throw apiErrors.notFound();
    }
    return json(200, subscriptionBody(request, subscription));
  }),

  route('PUT', '/repos/{owner}/{repo}/subscription', request => {
    const repo = request.repository();
    const viewer = request.requireViewer();
    const subscription = request.store.repositories.setSubscription(
      request.store.repositories.refOf(repo),
      viewer.id,
      {
        subscribed: request.body.optionalBoolean('subscribed') ?? false,
        ignored: request.body.optionalBoolean('ignored') ?? false,
      },
    );
    return json(200, subscriptionBody(request, subscription));
  }),
];

function subscriptionBody(
  request: ApiRequest,
  subscription: { subscribed: boolean; ignored: boolean; createdAt: string },
) {
  const ref = request.repoRef();
  return {
    subscribed: subscription.subscribed,
    ignored: subscription.ignored,
    reason: null,
    created_at: subscription.createdAt,
    url: request.urls.repo(ref, '/subscription'),
    repository_url: request.urls.repo(ref),
  };
}
