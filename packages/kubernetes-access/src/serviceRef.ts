import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { KubernetesClusters } from './KubernetesClusters';

/**
 * The clusters of `kubernetes.clusterLocatorMethods` for any backend plugin
 * or module. Root-scoped: one instance (and one discovery cache) per
 * backend. Replace the factory to add auth strategies, e.g. AWS IAM.
 */
export const kubernetesClustersServiceRef =
  createServiceRef<KubernetesClusters>({
    id: 'callboard.kubernetes-clusters',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.rootLogger,
        },
        factory: ({ config, logger }) =>
          KubernetesClusters.fromConfig(config, { logger }),
      }),
  });
