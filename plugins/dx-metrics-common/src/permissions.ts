import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read an entity's DX figures and the deployments, pull requests and incidents behind them.
 * Authorized against the entity (a component, or a group for team figures), so a policy can
 * narrow it to owners; the backend also only lists entities the caller may read in the catalog.
 */
export const dxMetricsEntityReadPermission = createPermission({
  name: 'dx-metrics.entity.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Read the platform-adoption page (golden path, template drift, self-service, scaffolder). */
export const dxMetricsAdoptionReadPermission = createPermission({
  name: 'dx-metrics.adoption.read',
  attributes: { action: 'read' },
});

/** Every DX metrics permission, for the permission backend's listing. */
export const dxMetricsPermissions = [
  dxMetricsEntityReadPermission,
  dxMetricsAdoptionReadPermission,
];
