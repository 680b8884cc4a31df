import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scorecardsCollectorsExtensionPoint } from '@callboard/plugin-scorecards-node';
import { DxMetricsFactCollector } from './DxMetricsFactCollector';

/** Adds the `dxMetrics.*` facts (DORA figures and bands) to Callboard's scorecards. */
export const scorecardsModuleDxMetrics = createBackendModule({
  pluginId: 'scorecards',
  moduleId: 'dx-metrics',
  register(reg) {
    reg.registerInit({
      deps: {
        collectors: scorecardsCollectorsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ collectors, discovery, auth }) {
        collectors.addCollector(
          new DxMetricsFactCollector({ discovery, auth }),
        );
      },
    });
  },
});
