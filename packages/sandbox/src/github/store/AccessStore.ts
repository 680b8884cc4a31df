import type { AccountsStore } from './AccountsStore';
import { notFound, validationFailed } from './errors';
import type { StoreContext } from './StoreContext';
import {
  AccountRecord,
  REPO_PERMISSIONS,
  RepoPermission,
  RepoRef,
  RepositoryRecord,
  TeamRecord,
} from './types';

export function strongestPermission(
  ...permissions: Array<RepoPermission | undefined>
): RepoPermission | undefined {
  let strongest: RepoPermission | undefined;
  for (const permission of permissions) {
    if (
      permission &&
      (!strongest ||
        REPO_PERMISSIONS.indexOf(permission) >
          REPO_PERMISSIONS.indexOf(strongest))
    ) {
      strongest = permission;
    }
  }
  return strongest;
}

export function permits(
  granted: RepoPermission | undefined,
  needed: RepoPermission,
): boolean {
  return (
    granted !== undefined &&
    REPO_PERMISSIONS.indexOf(granted) >= REPO_PERMISSIONS.indexOf(needed)
  );
}

/** The API accepts both the legacy (`pull`/`push`) and the current role names. */
export function parsePermission(value: string): RepoPermission | undefined {
  const aliases: Record<string, RepoPermission> = {
    pull: 'read',
    read: 'read',
    triage: 'triage',
    push: 'write',
    write: 'write',
    maintain: 'maintain',
    admin: 'admin',
  };
  return aliases[value];
}

/**
 * Who may do what on a repository: visibility, ownership, organization
 * roles (members read every org repository, as with GitHub's default base
 * permission), outside collaborators and team grants.
 */
export class AccessStore {
  readonly #context: StoreContext;
  readonly #accounts: AccountsStore;

  constructor(context: StoreContext, accounts: AccountsStore) {
    this.#context = context;
    this.#accounts = accounts;
  }

  permissionOf(
    repo: RepositoryRecord,
    user: AccountRecord | undefined,
  ): RepoPermission | undefined {
    const publicAccess: RepoPermission | undefined =
      repo.visibility === 'public' ? 'read' : undefined;
    if (!user) {
      return publicAccess;
    }
    if (user.siteAdmin || repo.ownerId === user.id) {
      return 'admin';
    }
    const owner = this.#context.accountById(repo.ownerId);
    let orgPermission: RepoPermission | undefined;
    if (owner.type === 'Organization') {
      const role = this.#accounts.orgRole(owner.id, user.id);
      if (role) {
        orgPermission = role === 'admin' ? 'admin' : 'read';
      }
    }
    const collaborator = this.#context.data.collaborators.find(
      c => c.repoId === repo.id && c.userId === user.id,
    )?.permission;
    const teamIds = new Set(this.#accounts.teamsOf(user.id).map(t => t.id));
    const teamPermissions = this.#context.data.teamRepoGrants
      .filter(grant => grant.repoId === repo.id && teamIds.has(grant.teamId))
      .map(grant => grant.permission);
    return strongestPermission(
      publicAccess,
      orgPermission,
      collaborator,
      ...teamPermissions,
    );
  }

  canSee(repo: RepositoryRecord, user: AccountRecord | undefined): boolean {
    return this.permissionOf(repo, user) !== undefined;
  }

  setCollaborator(
    ref: RepoRef,
    login: string,
    permission: RepoPermission,
  ): void {
    const repo = this.#context.requireRepository(ref);
    const user = this.#context.findAccount(login);
    if (!user || user.type === 'Organization') {
      throw notFound();
    }
    const rows = this.#context.data.collaborators;
    const existing = rows.find(
      c => c.repoId === repo.id && c.userId === user.id,
    );
    if (existing) {
      existing.permission = permission;
    } else {
      rows.push({ repoId: repo.id, userId: user.id, permission });
    }
    this.#context.changed();
  }

  removeCollaborator(ref: RepoRef, login: string): void {
    const repo = this.#context.requireRepository(ref);
    const user = this.#context.requireAccount(login);
    this.#context.data.collaborators = this.#context.data.collaborators.filter(
      c => !(c.repoId === repo.id && c.userId === user.id),
    );
    this.#context.changed();
  }

  /**
   * `affiliation=all` on GitHub lists everyone with access through any
   * route; `direct` only explicit collaborators; `outside` collaborators
   * who are not organization members.
   */
  listCollaborators(
    ref: RepoRef,
    affiliation: 'all' | 'direct' | 'outside' = 'all',
  ): Array<{ account: AccountRecord; permission: RepoPermission }> {
    const repo = this.#context.requireRepository(ref);
    const owner = this.#context.accountById(repo.ownerId);
    const candidates = new Map<number, AccountRecord>();
    for (const row of this.#context.data.collaborators) {
      if (row.repoId === repo.id) {
        candidates.set(row.userId, this.#context.accountById(row.userId));
      }
    }
    if (affiliation === 'all') {
      if (owner.type !== 'Organization') {
        candidates.set(owner.id, owner);
      }
      for (const membership of this.#context.data.orgMemberships) {
        if (membership.orgId === owner.id) {
          candidates.set(
            membership.userId,
            this.#context.accountById(membership.userId),
          );
        }
      }
    }
    const result: Array<{
      account: AccountRecord;
      permission: RepoPermission;
    }> = [];
    for (const account of candidates.values()) {
      if (
        affiliation === 'outside' &&
        this.#accounts.orgRole(owner.id, account.id)
      ) {
        continue;
      }
      const permission = this.permissionOf(
        { ...repo, visibility: 'private' },
        account,
      );
      if (permission) {
        result.push({ account, permission });
      }
    }
    return result.sort((a, b) => a.account.id - b.account.id);
  }

  isCollaborator(ref: RepoRef, login: string): boolean {
    const repo = this.#context.requireRepository(ref);
    const user = this.#context.findAccount(login);
    return (
      user !== undefined &&
      this.permissionOf({ ...repo, visibility: 'private' }, user) !== undefined
    );
  }

  setTeamPermission(
    orgLogin: string,
    teamSlug: string,
    ref: RepoRef,
    permission: RepoPermission,
  ): void {
    const team = this.#accounts.getTeam(orgLogin, teamSlug);
    if (!team) {
      throw notFound();
    }
    const repo = this.#context.requireRepository(ref);
    if (repo.ownerId !== team.orgId) {
      throw validationFailed({
        resource: 'TeamRepository',
        code: 'invalid',
        field: 'repo',
        message: 'Repository must be owned by the team organization',
      });
    }
    const rows = this.#context.data.teamRepoGrants;
    const existing = rows.find(
      g => g.repoId === repo.id && g.teamId === team.id,
    );
    if (existing) {
      existing.permission = permission;
    } else {
      rows.push({ teamId: team.id, repoId: repo.id, permission });
    }
    this.#context.changed();
  }

  removeTeam(orgLogin: string, teamSlug: string, ref: RepoRef): void {
    const team = this.#accounts.getTeam(orgLogin, teamSlug);
    if (!team) {
      throw notFound();
    }
    const repo = this.#context.requireRepository(ref);
    this.#context.data.teamRepoGrants =
      this.#context.data.teamRepoGrants.filter(
        g => !(g.repoId === repo.id && g.teamId === team.id),
      );
    this.#context.changed();
  }

  teamPermission(teamId: number, repoId: number): RepoPermission | undefined {
    return this.#context.data.teamRepoGrants.find(
      g => g.teamId === teamId && g.repoId === repoId,
    )?.permission;
  }

  teamsOfRepository(
    ref: RepoRef,
  ): Array<{ team: TeamRecord; permission: RepoPermission }> {
    const repo = this.#context.requireRepository(ref);
    return this.#context.data.teamRepoGrants
      .filter(g => g.repoId === repo.id)
      .map(g => ({
        team: this.#accounts.getTeamById(g.teamId)!,
        permission: g.permission,
      }));
  }

  repositoriesOfTeam(
    teamId: number,
  ): Array<{ repo: RepositoryRecord; permission: RepoPermission }> {
    return this.#context.data.teamRepoGrants
      .filter(g => g.teamId === teamId)
      .map(g => ({
        repo: this.#context.repositoryById(g.repoId),
        permission: g.permission,
      }));
  }
}
