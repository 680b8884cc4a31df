import {
  dxMetricsAdoptionReadPermission,
  dxMetricsEntityReadPermission,
} from '@callboard/plugin-dx-metrics-common';
import { PermissionRules } from './types';

/**
 * DX figures are for everyone who can read the entity (the catalog still filters what each user
 * sees); the adoption page is the platform team's, and open to all so teams can compare.
 */
export const dxMetricsPermissionRules: PermissionRules = {
  [dxMetricsEntityReadPermission.name]: 'signed-in',
  [dxMetricsAdoptionReadPermission.name]: 'signed-in',
};
