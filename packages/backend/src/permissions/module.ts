import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { CallboardPermissionPolicy } from './CallboardPermissionPolicy';
import { permissionRules } from './rules';

const DEFAULT_ADMIN_GROUPS = ['group:default/platform-admins'];

export const callboardPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'callboard-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        policy: policyExtensionPoint,
      },
      async init({ config, policy }) {
        const adminGroups =
          config.getOptionalStringArray('callboard.permissions.adminGroups') ??
          DEFAULT_ADMIN_GROUPS;
        policy.setPolicy(
          new CallboardPermissionPolicy({
            adminGroups,
            rules: permissionRules,
          }),
        );
      },
    });
  },
});
