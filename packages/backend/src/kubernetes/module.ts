import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  assertNoSecretsConfigured,
  createSecretsGuardRouter,
} from './secretsGuard';

/**
 * Keeps Secret objects out of every Kubernetes endpoint. Modules initialise before their
 * plugin, so this router runs ahead of the Kubernetes plugin's own routes.
 */
export const kubernetesSecretsGuardModule = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'callboard-secrets-guard',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
      },
      async init({ config, httpRouter }) {
        assertNoSecretsConfigured(config);
        httpRouter.use(createSecretsGuardRouter());
      },
    });
  },
});
