import { dxMetricsPermissionRules } from './dxMetrics';
import { scorecardsPermissionRules } from './scorecards';
import { PermissionRules } from './types';

export type { Audience, PermissionRules } from './types';

/** Every family's table: who may do what, by permission name. */
export const permissionRules: PermissionRules = {
  ...scorecardsPermissionRules,
  ...dxMetricsPermissionRules,
};
