import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { EntityLimitsProcessor } from './processor/EntityLimitsProcessor';
import { ProfileTitleProcessor } from './processor/ProfileTitleProcessor';
import { readEntityRules } from './processor/limits';

export const catalogModuleCallboard = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'callboard',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        catalog: catalogProcessingExtensionPoint,
      },
      async init({ config, catalog }) {
        const rules = readEntityRules(config);
        catalog.addProcessor(
          new ProfileTitleProcessor(rules.limits.titleLength),
          new EntityLimitsProcessor(rules),
        );
      },
    });
  },
});
