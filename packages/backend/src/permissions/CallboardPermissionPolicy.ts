import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogIngestionManagePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { unprocessedEntitiesDeletePermission } from '@backstage/plugin-catalog-unprocessed-entities-common';
import { templateManagementPermission } from '@backstage/plugin-scaffolder-common/alpha';
import { isResourcePermission } from '@backstage/plugin-permission-common';
import { permissionRules, PermissionRules } from './rules';

/**
 * Everyone may read the catalog, register components and run templates. Changes that can
 * destroy other teams' data are reserved: entities may only be deleted by their owners,
 * and locations, ingestion and templates are managed by platform admins.
 */
export class CallboardPermissionPolicy implements PermissionPolicy {
  private readonly adminGroups: ReadonlySet<string>;
  private readonly userInfo: UserInfoService;

  private readonly rules: PermissionRules;

  constructor(options: {
    adminGroups: string[];
    userInfo: UserInfoService;
    rules?: PermissionRules;
  }) {
    this.adminGroups = new Set(options.adminGroups);
    this.userInfo = options.userInfo;
    this.rules = options.rules ?? permissionRules;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const ownershipEntityRefs = user
      ? (await this.userInfo.getUserInfo(user.credentials)).ownershipEntityRefs
      : [];

    if (ownershipEntityRefs.some(ref => this.adminGroups.has(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }

    if (isPermission(request.permission, catalogEntityDeletePermission)) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: ownershipEntityRefs,
        }),
      );
    }

    const audience = this.rules[request.permission.name];
    if (audience === 'admin') {
      return { result: AuthorizeResult.DENY };
    }
    if (audience === 'owner') {
      // Only a permission about one entity can be decided by ownership.
      if (!isResourcePermission(request.permission, 'catalog-entity')) {
        return { result: AuthorizeResult.DENY };
      }
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }

    const adminOnly = [
      catalogLocationDeletePermission,
      catalogIngestionManagePermission,
      unprocessedEntitiesDeletePermission,
      templateManagementPermission,
    ];
    if (adminOnly.some(p => isPermission(request.permission, p))) {
      return { result: AuthorizeResult.DENY };
    }

    return { result: AuthorizeResult.ALLOW };
  }
}
