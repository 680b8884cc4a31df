import type {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  infrastructureClaimCreateAnyTeamPermission,
  infrastructureClaimCreatePermission,
  TEAM_NAMESPACES_ANNOTATION,
} from '@callboard/plugin-infrastructure-common';

export interface TeamAccessOptions {
  catalog: CatalogService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  reservedNamespaces: string[];
}

/**
 * Who may provision for which team, and where. Membership comes from the
 * catalog (the caller's ownership refs); a team's namespaces come from the
 * `callboard.dev/kubernetes-namespaces` annotation on its Group. Everything
 * is asked with the caller's credentials.
 */
export class TeamAccess {
  constructor(private readonly options: TeamAccessOptions) {}

  /** The caller's teams (Group refs), or every team for admins. */
  async teamsOf(
    credentials: BackstageCredentials,
  ): Promise<{ teams: string[]; anyTeam: boolean }> {
    const [info, anyTeam] = await Promise.all([
      this.options.userInfo.getUserInfo(credentials),
      this.allowed(infrastructureClaimCreateAnyTeamPermission, credentials),
    ]);
    const own = info.ownershipEntityRefs.filter(ref =>
      ref.startsWith('group:'),
    );
    if (!anyTeam) return { teams: own, anyTeam };
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { kind: 'Group', 'spec.type': 'team' },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
    return {
      teams: [...new Set([...own, ...items.map(e => stringifyEntityRef(e))])],
      anyTeam,
    };
  }

  /** Namespaces the team's Group lists, minus the reserved ones. */
  async namespacesOf(
    team: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const ref = this.groupRef(team);
    const group = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!group) throw new InputError(`No team '${ref}' in the catalog`);
    return (group.metadata.annotations?.[TEAM_NAMESPACES_ANNOTATION] ?? '')
      .split(',')
      .map(namespace => namespace.trim())
      .filter(
        namespace =>
          namespace && !this.options.reservedNamespaces.includes(namespace),
      );
  }

  /**
   * Refuses, with a message that says why, unless the caller may provision
   * for `team` in `namespace`.
   */
  async assertMayProvision(options: {
    credentials: BackstageCredentials;
    team: string;
    namespace: string;
  }): Promise<void> {
    const { credentials, namespace } = options;
    const team = this.groupRef(options.team);
    if (
      !(await this.allowed(infrastructureClaimCreatePermission, credentials))
    ) {
      throw new NotAllowedError('You may not provision infrastructure');
    }
    const { teams, anyTeam } = await this.teamsOf(credentials);
    if (!anyTeam && !teams.includes(team)) {
      throw new NotAllowedError(
        `You are not a member of '${team}'; you may provision for ${
          teams.map(t => `'${t}'`).join(', ') || 'no team'
        }`,
      );
    }
    if (this.options.reservedNamespaces.includes(namespace)) {
      throw new NotAllowedError(
        `Namespace '${namespace}' is reserved for the platform; nothing is provisioned there`,
      );
    }
    const allowed = await this.namespacesOf(team, credentials);
    if (!allowed.includes(namespace)) {
      throw new NotAllowedError(
        `Namespace '${namespace}' is not one of ${team}'s namespaces (${TEAM_NAMESPACES_ANNOTATION}: ${
          allowed.join(', ') || 'none'
        })`,
      );
    }
  }

  private groupRef(team: string): string {
    let parsed;
    try {
      parsed = parseEntityRef(team, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      });
    } catch {
      throw new InputError(`'${team}' is not a team reference`);
    }
    if (parsed.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new InputError(`'${team}' is not a team: owners are Groups`);
    }
    return stringifyEntityRef(parsed);
  }

  private async allowed(
    permission:
      | typeof infrastructureClaimCreatePermission
      | typeof infrastructureClaimCreateAnyTeamPermission,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }
}
