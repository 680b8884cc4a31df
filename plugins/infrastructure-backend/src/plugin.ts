import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { kubernetesClustersServiceRef } from '@callboard/kubernetes-access';
import { infrastructurePermissions } from '@callboard/plugin-infrastructure-common';
import { readInfrastructureConfig } from '@callboard/plugin-infrastructure-node';
import { createRouter } from './router';
import { DefaultInfrastructureService } from './services/InfrastructureService';
import { HttpScaffolderTasks } from './services/ScaffolderTasks';

/**
 * Self-service infrastructure: the form's schemas, its dry run, the Status
 * tab (all read live from the clusters), and resize and delete, which start
 * the provision-database template as the caller.
 */
export const infrastructurePlugin = createBackendPlugin({
  pluginId: 'infrastructure',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        userInfo: coreServices.userInfo,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
        clusters: kubernetesClustersServiceRef,
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(infrastructurePermissions);
        const service = new DefaultInfrastructureService({
          config: readInfrastructureConfig(deps.config),
          clusters: deps.clusters,
          catalog: deps.catalog,
          permissions: deps.permissions,
          userInfo: deps.userInfo,
          auth: deps.auth,
          tasks: new HttpScaffolderTasks({
            discovery: deps.discovery,
            auth: deps.auth,
          }),
        });
        deps.httpRouter.use(
          await createRouter({ httpAuth: deps.httpAuth, service }),
        );
      },
    });
  },
});
