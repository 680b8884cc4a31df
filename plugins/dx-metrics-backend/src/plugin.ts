import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  createCacheServiceConditionalRequestCache,
  GithubClientFactory,
} from '@callboard/github';
import { kubernetesClustersServiceRef } from '@callboard/kubernetes-access';
import { dxMetricsPermissions } from '@callboard/plugin-dx-metrics-common';
import { readDxMetricsConfig } from './config';
import { KnexDxStore } from './database/KnexDxStore';
import { createRouter } from './router';
import { AdoptionService } from './services/Adoption/AdoptionService';
import { GithubIngester } from './services/Ingest/GithubIngester';
import { DxMetricsService } from './services/Metrics/DxMetricsService';
import { WebhookReceiver } from './services/Webhooks/WebhookReceiver';

/** The host the catalog's project slugs live on: the first GitHub integration. */
function githubHost(integrations: ScmIntegrations): string {
  return integrations.github.list()[0]?.config.host ?? 'github.com';
}

export const dxMetricsPlugin = createBackendPlugin({
  pluginId: 'dx-metrics',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        cache: coreServices.cache,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        clusters: kubernetesClustersServiceRef,
        events: eventsServiceRef,
      },
      async init(deps) {
        const { config, logger, cache, auth } = deps;
        const dxConfig = readDxMetricsConfig(config);
        const integrations = ScmIntegrations.fromConfig(config);
        const host = githubHost(integrations);
        const store = await KnexDxStore.create(deps.database);
        const ingester = new GithubIngester({
          store,
          factory: GithubClientFactory.fromConfig(config, { integrations }),
          config: dxConfig,
          logger,
          conditionalRequests: createCacheServiceConditionalRequestCache(cache),
        });
        const metrics = new DxMetricsService({
          store,
          catalog: deps.catalog,
          cache,
          config: dxConfig,
          serviceCredentials: () => auth.getOwnServiceCredentials(),
          host,
        });
        const adoption = new AdoptionService({
          store,
          catalog: deps.catalog,
          config: dxConfig,
          clusters: deps.clusters,
          discovery: deps.discovery,
          auth,
          logger,
          backfillStart: () => Date.now() - dxConfig.backfillDays * 86_400_000,
        });
        const webhooks = new WebhookReceiver({
          store,
          ingester,
          secret: dxConfig.webhookSecret,
          logger,
          targets: () => metrics.ingestTargets(),
          host,
          publish: event => deps.events.publish(event),
        });

        deps.permissionsRegistry.addPermissions(dxMetricsPermissions);

        await deps.scheduler.scheduleTask({
          id: 'dx-metrics:ingest',
          ...dxConfig.schedule,
          fn: async signal => {
            const targets = await metrics.ingestTargets();
            const summary = await ingester.run(targets, { signal });
            logger.info(
              `DX ingest: ${summary.repositories} repositories, ${
                summary.countedRequests
              } counted requests (${summary.notModified} free 304s, ${
                summary.graphqlRequests
              } GraphQL), wrote ${JSON.stringify(summary.written)} in ${
                summary.durationMs
              } ms${
                summary.pausedUntil
                  ? `; paused until ${summary.pausedUntil}`
                  : ''
              }${
                summary.failures.length
                  ? `; ${summary.failures.length} failures`
                  : ''
              }`,
            );
          },
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            metrics,
            adoption,
            webhooks,
          }),
        );
        // GitHub signs deliveries instead of sending Backstage tokens.
        deps.httpRouter.addAuthPolicy({
          path: '/webhooks/github',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
