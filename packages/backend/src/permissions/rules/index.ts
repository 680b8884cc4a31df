import { dxMetricsPermissionRules } from './dxMetrics';
import type { PermissionRules } from './types';

export type { Audience, PermissionRules } from './types';

/** Every family's permission decisions in one table. */
export const permissionRules: PermissionRules = {
  ...dxMetricsPermissionRules,
};
