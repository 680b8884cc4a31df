import {
  AuditorService,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  CallboardPermissionPolicy,
  PermissionDenial,
} from './CallboardPermissionPolicy';
import { permissionRules } from './rules';

const DEFAULT_ADMIN_GROUPS = ['group:default/platform-admins'];

async function auditPermissionDenial(
  auditor: AuditorService,
  denial: PermissionDenial,
): Promise<void> {
  const event = await auditor.createEvent({
    eventId: 'permission-denied',
    severityLevel: 'medium',
    meta: {
      actor: denial.userEntityRef,
      permission: denial.permission,
      reason: denial.reason,
    },
  });
  await event.fail({
    error: new NotAllowedError(
      `${denial.permission} denied to ${
        denial.userEntityRef ?? 'a request without a user'
      }: ${denial.reason}`,
    ),
  });
}

export const callboardPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'callboard-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        policy: policyExtensionPoint,
        auditor: coreServices.auditor,
        logger: coreServices.logger,
      },
      async init({ config, policy, auditor, logger }) {
        const adminGroups =
          config.getOptionalStringArray('callboard.permissions.adminGroups') ??
          DEFAULT_ADMIN_GROUPS;
        policy.setPolicy(
          new CallboardPermissionPolicy({
            adminGroups,
            rules: permissionRules,
            // Off the decision's path: the audit write must not slow or fail the request.
            onDenied: denial => {
              auditPermissionDenial(auditor, denial).catch(error =>
                logger.warn(
                  `Could not audit the denial of ${denial.permission}`,
                  error,
                ),
              );
            },
          }),
        );
      },
    });
  },
});
