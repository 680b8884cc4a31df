import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { PermissionRules } from './types';

export const scaffolderPermissionRules: PermissionRules = {
  // Users run the registered templates, with every step those templates contain.
  [taskCreatePermission.name]: 'signed-in',
  [templateParameterReadPermission.name]: 'signed-in',
  [templateStepReadPermission.name]: 'signed-in',
  [actionExecutePermission.name]: 'signed-in',
  // A task's parameters and log belong to whoever started it.
  [taskReadPermission.name]: 'owner',
  [taskCancelPermission.name]: 'owner',
  // Dry runs and the template editor execute ad-hoc steps with the integration's token,
  // which reads every repository it can reach.
  [templateDryRunPermission.name]: 'admin',
  [templateManagementPermission.name]: 'admin',
};
