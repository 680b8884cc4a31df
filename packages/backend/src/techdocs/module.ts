import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { prebuildTechDocs, TECHDOCS_REF_ANNOTATION } from './prebuildTechDocs';

/** The search plugin names its collator tasks `search_index_<type>`. */
const TECHDOCS_COLLATOR_TASK = 'search_index_techdocs';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 15 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 45 },
};

/**
 * With the `local` builder, TechDocs builds a site only when someone opens it,
 * and the TechDocs collator only reads sites that exist: on a fresh portal the
 * Documentation filter found nothing (Lunr answers "Missing index for
 * techdocs"). This module builds every entity's docs through the techdocs
 * backend's own `/sync` (so its cache and freshness checks apply) and then
 * runs the collator. It belongs to the search plugin because a plugin's
 * scheduler can only trigger that plugin's tasks.
 */
export const techDocsPrebuildModule = createBackendModule({
  pluginId: 'search',
  moduleId: 'callboard-techdocs-prebuild',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, scheduler, discovery, auth, catalog }) {
        const scheduleConfig = config.getOptionalConfig(
          'callboard.techdocs.prebuild.schedule',
        );
        const schedule = scheduleConfig
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
          : DEFAULT_SCHEDULE;
        await scheduler.scheduleTask({
          id: 'callboard-techdocs-prebuild',
          ...schedule,
          fn: async () => {
            const credentials = await auth.getOwnServiceCredentials();
            const { items } = await catalog.getEntities(
              {
                filter: {
                  [`metadata.annotations.${TECHDOCS_REF_ANNOTATION}`]:
                    CATALOG_FILTER_EXISTS,
                },
                fields: ['kind', 'metadata.namespace', 'metadata.name'],
              },
              { credentials },
            );
            const baseUrl = await discovery.getBaseUrl('techdocs');
            const refreshSearchIndex = async () => {
              try {
                await scheduler.triggerTask(TECHDOCS_COLLATOR_TASK);
              } catch (error) {
                // Already running (it also has its own schedule): that run reads the sites
                // built so far, and the next one the rest.
                logger.info(`Search index refresh not triggered: ${error}`);
              }
            };
            const outcomes = await prebuildTechDocs({
              entities: items,
              logger,
              onFirstSiteReady: refreshSearchIndex,
              sync: async entity => {
                const { token } = await auth.getPluginRequestToken({
                  onBehalfOf: credentials,
                  targetPluginId: 'techdocs',
                });
                const path = [
                  entity.metadata.namespace ?? 'default',
                  entity.kind,
                  entity.metadata.name,
                ]
                  .map(encodeURIComponent)
                  .join('/');
                return fetch(`${baseUrl}/sync/${path}`, {
                  headers: { authorization: `Bearer ${token}` },
                });
              },
            });
            const built = outcomes.filter(o => o.result !== 'failed').length;
            logger.info(
              `TechDocs ready for ${built} of ${outcomes.length} entities; refreshing the search index`,
            );
            await refreshSearchIndex();
          },
        });
      },
    });
  },
});
