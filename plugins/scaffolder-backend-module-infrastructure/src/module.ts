import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { kubernetesClustersServiceRef } from '@callboard/kubernetes-access';
import {
  ClaimPlanner,
  readInfrastructureConfig,
  SelfServiceApis,
  TeamAccess,
} from '@callboard/plugin-infrastructure-node';
import { createClaimAction } from './actions/claim';

/** Registers `callboard:infrastructure:claim` with the scaffolder. */
export const scaffolderModuleInfrastructure = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'infrastructure',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        permissions: coreServices.permissions,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        clusters: kubernetesClustersServiceRef,
      },
      async init(deps) {
        const config = readInfrastructureConfig(deps.config);
        const teams = new TeamAccess({
          catalog: deps.catalog,
          permissions: deps.permissions,
          userInfo: deps.userInfo,
          reservedNamespaces: config.reservedNamespaces,
        });
        const planner = new ClaimPlanner({
          config,
          clusters: deps.clusters,
          catalog: deps.catalog,
          apis: new SelfServiceApis(deps.clusters, config.selfServiceLabel),
          teams,
        });
        deps.scaffolder.addActions(
          createClaimAction({
            planner,
            teams,
            permissions: deps.permissions,
            auth: deps.auth,
            auditor: deps.auditor,
          }),
        );
      },
    });
  },
});
