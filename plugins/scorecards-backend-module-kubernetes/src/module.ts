import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { kubernetesClustersServiceRef } from '@callboard/kubernetes-access';
import { loadPolicySet } from '@callboard/policies';
import { scorecardsCollectorsExtensionPoint } from '@callboard/plugin-scorecards-node';
import { KubernetesFactCollector } from './KubernetesFactCollector';

/** Adds the `kubernetes.*` facts: the entity's live workloads judged by the workload standards. */
export const scorecardsModuleKubernetes = createBackendModule({
  pluginId: 'scorecards',
  moduleId: 'kubernetes',
  register(reg) {
    reg.registerInit({
      deps: {
        collectors: scorecardsCollectorsExtensionPoint,
        clusters: kubernetesClustersServiceRef,
        logger: coreServices.logger,
      },
      async init({ collectors, clusters, logger }) {
        const policies = await loadPolicySet();
        for (const problem of policies.problems) {
          logger.warn(
            `Workload standard ${problem.file}${
              problem.policy ? ` '${problem.policy}'` : ''
            } did not load: ${problem.error}`,
          );
        }
        collectors.addCollector(
          new KubernetesFactCollector({ clusters, policies }),
        );
      },
    });
  },
});
