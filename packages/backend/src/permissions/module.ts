import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { CallboardPermissionPolicy } from './CallboardPermissionPolicy';

const DEFAULT_ADMIN_GROUPS = ['group:default/platform-admins'];

export const callboardPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'callboard-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        policy: policyExtensionPoint,
      },
      async init({ config, userInfo, policy }) {
        const adminGroups =
          config.getOptionalStringArray('callboard.permissions.adminGroups') ??
          DEFAULT_ADMIN_GROUPS;
        policy.setPolicy(
          new CallboardPermissionPolicy({ adminGroups, userInfo }),
        );
      },
    });
  },
});
