import { catalogPermissionRules } from './catalog';
import { dxMetricsPermissionRules } from './dxMetrics';
import { infrastructurePermissionRules } from './infrastructure';
import { kubernetesPermissionRules } from './kubernetes';
import { scaffolderPermissionRules } from './scaffolder';
import { scorecardsPermissionRules } from './scorecards';
import { PermissionRules } from './types';

export type { Audience, PermissionRules } from './types';

/**
 * Every permission Callboard grants, by family. A permission missing here is denied to
 * everyone; backend.integration.test.ts fails when an installed plugin registers one that is
 * missing. Search, TechDocs, notifications, signals and user settings register no permissions
 * of their own (search and TechDocs authorize through catalog.entity.read).
 */
export const permissionRules: PermissionRules = {
  ...catalogPermissionRules,
  ...scaffolderPermissionRules,
  ...kubernetesPermissionRules,
  ...scorecardsPermissionRules,
  ...dxMetricsPermissionRules,
  ...infrastructurePermissionRules,
};
