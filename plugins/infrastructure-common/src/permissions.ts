import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/** Read the environments and the self-service XRDs' schemas (the form). */
export const infrastructureSchemaReadPermission = createPermission({
  name: 'infrastructure.schema.read',
  attributes: { action: 'read' },
});

/**
 * Provision (or dry-run) a claim for a team. The plugin also checks that the
 * caller belongs to the team, unless they hold
 * {@link infrastructureClaimCreateAnyTeamPermission}.
 */
export const infrastructureClaimCreatePermission = createPermission({
  name: 'infrastructure.claim.create',
  attributes: { action: 'create' },
});

/** Provision for a team the caller does not belong to. Platform admins only. */
export const infrastructureClaimCreateAnyTeamPermission = createPermission({
  name: 'infrastructure.claim.create.any-team',
  attributes: { action: 'create' },
});

/** Resize a database. Authorized against its catalog Resource, so owners can. */
export const infrastructureClaimUpdatePermission = createPermission({
  name: 'infrastructure.claim.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Delete a database. Authorized against its catalog Resource, so owners can. */
export const infrastructureClaimDeletePermission = createPermission({
  name: 'infrastructure.claim.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Read a database's live status (conditions, events, composed tree, YAML). */
export const infrastructureStatusReadPermission = createPermission({
  name: 'infrastructure.status.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

export const infrastructurePermissions = [
  infrastructureSchemaReadPermission,
  infrastructureClaimCreatePermission,
  infrastructureClaimCreateAnyTeamPermission,
  infrastructureClaimUpdatePermission,
  infrastructureClaimDeletePermission,
  infrastructureStatusReadPermission,
];
