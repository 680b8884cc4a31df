import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { kubernetesClustersServiceRef } from '@callboard/kubernetes-access';
import { readInfrastructureConfig } from '@callboard/plugin-infrastructure-node';
import { InfrastructureEntityProvider } from './InfrastructureEntityProvider';

/** Catalogs the clusters' self-service databases, on the scheduler so one replica runs it. */
export const catalogModuleInfrastructure = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'infrastructure',
  register(env) {
    env.registerInit({
      deps: {
        catalogProcessing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        logger: coreServices.logger,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        clusters: kubernetesClustersServiceRef,
      },
      async init(deps) {
        const config = readInfrastructureConfig(deps.config);
        deps.catalogProcessing.addEntityProvider(
          new InfrastructureEntityProvider({
            config,
            clusters: deps.clusters,
            catalog: deps.catalog,
            auth: deps.auth,
            logger: deps.logger,
            taskRunner: deps.scheduler.createScheduledTaskRunner({
              frequency: config.providerSchedule.frequency,
              timeout: config.providerSchedule.timeout,
              initialDelay: { seconds: 5 },
            }),
          }),
        );
      },
    });
  },
});
