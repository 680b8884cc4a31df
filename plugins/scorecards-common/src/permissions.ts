import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Re-collect an entity's facts and re-evaluate it now ("Refresh now").
 * Authorized against the entity, so a policy can grant it to owners.
 */
export const scorecardsEntityRefreshPermission = createPermission({
  name: 'scorecards.entity.refresh',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Ask for an exemption from one check for an entity. Owners only. */
export const scorecardsExemptionRequestPermission = createPermission({
  name: 'scorecards.exemption.request',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Approve or reject exemption requests. Platform admins only. */
export const scorecardsExemptionReviewPermission = createPermission({
  name: 'scorecards.exemption.review',
  attributes: { action: 'update' },
});

/** Reload check and scorecard definitions from their locations. Admins only. */
export const scorecardsDefinitionsReloadPermission = createPermission({
  name: 'scorecards.definitions.reload',
  attributes: { action: 'update' },
});

/**
 * Every scorecards permission. Reading results has no permission of its own:
 * a user sees results only for the entities the catalog lets them read.
 */
export const scorecardsPermissions = [
  scorecardsEntityRefreshPermission,
  scorecardsExemptionRequestPermission,
  scorecardsExemptionReviewPermission,
  scorecardsDefinitionsReloadPermission,
];
