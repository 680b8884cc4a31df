// The portal's backend with an allow-all permission policy in place of Callboard's: the anchor
// `yarn bench:permissions` times Callboard's policy against. Permissions stay enabled, so both
// backends pay the same authorize round trips and differ only in the policy's decisions.
import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { createCallboardBackend } from '../src/backend';

const allowAllPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'allow-all-bench',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle() {
            return { result: AuthorizeResult.ALLOW };
          },
        });
      },
    });
  },
});

createCallboardBackend({ permissionPolicy: allowAllPolicyModule }).start();
