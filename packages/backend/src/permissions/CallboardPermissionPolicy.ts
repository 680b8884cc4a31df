import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
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
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { RESOURCE_TYPE_SCAFFOLDER_TASK } from '@backstage/plugin-scaffolder-common/alpha';
import { PermissionRules } from './rules';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/** A refused permission and who asked, for the audit log. */
export type PermissionDenial = {
  permission: string;
  /** Absent when the request carried no user. */
  userEntityRef?: string;
  reason: 'no rule' | 'admins only' | 'no owner to check' | 'no user';
};

/**
 * Default deny: a permission is granted only through its row in the rules table, so a plugin
 * installed later cannot inherit "allow". Decisions use the identity the policy query
 * already carries; fetching user info again would add a round trip to every request.
 */
export class CallboardPermissionPolicy implements PermissionPolicy {
  private readonly adminGroups: ReadonlySet<string>;
  private readonly rules: ReadonlyMap<string, PermissionRules[string]>;
  private readonly onDenied: (denial: PermissionDenial) => void;

  constructor(options: {
    adminGroups: string[];
    rules: PermissionRules;
    /** Told about every outright denial; it must not throw or block. */
    onDenied?: (denial: PermissionDenial) => void;
  }) {
    this.adminGroups = new Set(options.adminGroups);
    this.rules = new Map(Object.entries(options.rules));
    this.onDenied = options.onDenied ?? (() => {});
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const permission = request.permission.name;
    const userEntityRef = user?.info.userEntityRef;
    const deny = (reason: PermissionDenial['reason']) => {
      this.onDenied({ permission, userEntityRef, reason });
      return DENY;
    };
    const audience = this.rules.get(permission);
    if (!user) {
      return deny('no user');
    }
    if (!audience) {
      return deny('no rule');
    }
    if (audience === 'signed-in') {
      return ALLOW;
    }
    if (this.isAdmin(user)) {
      return ALLOW;
    }
    if (audience === 'admin') {
      return deny('admins only');
    }
    return ownersOnly(request.permission, user) ?? deny('no owner to check');
  }

  private isAdmin(user: PolicyQueryUser): boolean {
    return user.info.ownershipEntityRefs.some(ref => this.adminGroups.has(ref));
  }
}

/**
 * The conditions each plugin evaluates itself, so the catalog filters lists and the scaffolder
 * filters task lists without asking the policy per item.
 */
function ownersOnly(
  permission: Permission,
  user: PolicyQueryUser,
): PolicyDecision | undefined {
  if (isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)) {
    return createCatalogConditionalDecision(
      permission,
      catalogConditions.isEntityOwner({
        claims: user.info.ownershipEntityRefs,
      }),
    );
  }
  if (isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_TASK)) {
    return createScaffolderTaskConditionalDecision(
      permission,
      scaffolderTaskConditions.isTaskOwner({
        createdBy: [user.info.userEntityRef],
      }),
    );
  }
  // An 'owner' row for a permission without an owner to check cannot be granted.
  return undefined;
}
