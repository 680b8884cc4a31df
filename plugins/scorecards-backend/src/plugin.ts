import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { GithubClientFactory } from '@callboard/github';
import { scorecardsPermissions } from '@callboard/plugin-scorecards-common';
import {
  FactCollector,
  scorecardsCollectorsExtensionPoint,
} from '@callboard/plugin-scorecards-node';
import { createCatalogCollector } from './collectors/catalogCollector';
import { createGithubCollector } from './collectors/githubCollector';
import { ScorecardsStore } from './database/ScorecardsStore';
import { createRouter } from './router';
import { ScorecardsEngine } from './services/evaluation/ScorecardsEngine';
import { ExemptionsService } from './services/exemptions/ExemptionsService';
import { ScorecardsReader } from './services/rollups/ScorecardsReader';
import { readScorecardsConfig } from './config';

/** Callboard's scorecards: facts from collectors, CEL checks, levels, history, rollups. */
export const scorecardsPlugin = createBackendPlugin({
  pluginId: 'scorecards',
  register(env) {
    const added: FactCollector[] = [];
    env.registerExtensionPoint(scorecardsCollectorsExtensionPoint, {
      addCollector(...collectors) {
        added.push(...collectors);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        reader: coreServices.urlReader,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        cache: coreServices.cache,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler, catalog, auth } = deps;
        const settings = readScorecardsConfig(config);
        const store = await ScorecardsStore.create(
          await deps.database.getClient(),
          {
            skipMigrations: deps.database.migrations?.skip,
          },
        );

        const serviceCatalog = async <T>(
          call: (
            credentials: Awaited<
              ReturnType<typeof auth.getOwnServiceCredentials>
            >,
          ) => Promise<T>,
        ) => call(await auth.getOwnServiceCredentials());
        const builtIn: FactCollector[] = [
          createCatalogCollector({
            groupTypes: refs =>
              serviceCatalog(async credentials => {
                const { items } = await catalog.getEntitiesByRefs(
                  {
                    entityRefs: refs,
                    fields: [
                      'kind',
                      'metadata.namespace',
                      'metadata.name',
                      'spec.type',
                    ],
                  },
                  { credentials },
                );
                return new Map(
                  refs.map((ref, index) => [
                    ref,
                    typeof items[index]?.spec?.type === 'string'
                      ? (items[index]!.spec!.type as string)
                      : undefined,
                  ]),
                );
              }),
          }),
          createGithubCollector({
            factory: GithubClientFactory.fromConfig(config, {
              integrations: ScmIntegrations.fromConfig(config),
            }),
            cache: deps.cache,
            defaultHost: settings.github.host,
            reusableWorkflow: settings.github.reusableWorkflow,
            lockFile: settings.github.lockFile,
            latestTemplateVersion: name =>
              serviceCatalog(async credentials => {
                const template = await catalog.getEntityByRef(
                  { kind: 'Template', namespace: 'default', name },
                  { credentials },
                );
                return template?.metadata.annotations?.[
                  'callboard.dev/template-version'
                ];
              }),
          }),
        ];
        const collectors = [...builtIn, ...added];
        const ids = new Map<string, number>();
        collectors.forEach(c => ids.set(c.id, (ids.get(c.id) ?? 0) + 1));
        const duplicates = [...ids.entries()]
          .filter(([, n]) => n > 1)
          .map(([id]) => id);
        if (duplicates.length > 0) {
          throw new Error(
            `Scorecards collectors must have unique ids; added more than once: ${duplicates.join(
              ', ',
            )}`,
          );
        }

        const engine = new ScorecardsEngine({
          store,
          catalog,
          auth,
          logger,
          reader: deps.reader,
          collectors,
          definitionLocations: settings.definitionLocations,
          retention: settings.retention,
        });
        const reader = new ScorecardsReader({ store, catalog, engine });
        const exemptions = new ExemptionsService({
          store,
          engine,
          catalog,
          permissions: deps.permissions,
          auditor: deps.auditor,
          maxDurationMs: durationToMilliseconds(settings.exemptionMaxDuration),
        });

        deps.permissionsRegistry.addPermissions(scorecardsPermissions);
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            engine,
            reader,
            exemptions,
          }),
        );

        await engine.reloadDefinitions();

        // Every replica keeps its own compiled copy of the definitions.
        await scheduler.scheduleTask({
          id: 'scorecards-definitions',
          scope: 'local',
          frequency: settings.definitionsReload,
          timeout: { minutes: 2 },
          initialDelay: settings.definitionsReload,
          fn: async () => {
            await engine.reloadDefinitions();
          },
        });

        // Global tasks: with several replicas on one database, each runs once per cadence.
        await scheduler.scheduleTask({
          id: 'scorecards-evaluate',
          frequency: settings.evaluation.frequency,
          timeout: settings.evaluation.timeout,
          initialDelay: settings.evaluation.initialDelay,
          fn: async () => {
            const summary = await engine.evaluate();
            logger.info(
              `Scorecards pass: ${summary.entities} entities, ${summary.checksEvaluated} checks, ${summary.resultsWritten} results and ${summary.levelsWritten} levels changed, ${summary.entitiesRemoved} entities removed`,
            );
          },
        });
        await scheduler.scheduleTask({
          id: 'scorecards-catalog-changes',
          frequency: { minutes: 1 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            await engine.refreshChangedEntities();
          },
        });
        /**
         * New facts are scored within seconds instead of at the next pass: the
         * pass skips every entity whose facts did not change (ADR 0043), so
         * running it early costs little. Triggering goes through the scheduler,
         * so with several replicas the pass still runs once.
         */
        const evaluateSoon = async (cause: string) => {
          try {
            await scheduler.triggerTask('scorecards-evaluate');
          } catch (error) {
            // A pass already running reads the new facts' digests at its start
            // or the next one does; either way nothing is lost.
            if (!isError(error) || error.name !== 'ConflictError') throw error;
            logger.debug(
              `Scorecards pass already running when ${cause} wrote facts`,
            );
          }
        };
        for (const collector of collectors) {
          const schedule = collector.schedule ?? settings.collection;
          await scheduler.scheduleTask({
            id: `scorecards-collect-${collector.id}`,
            frequency: schedule.frequency,
            timeout: schedule.timeout ?? schedule.frequency,
            initialDelay: (schedule as { initialDelay?: HumanDuration })
              .initialDelay ?? { seconds: 5 },
            fn: async signal => {
              const result = await engine.collect(collector, {
                trigger: 'schedule',
                signal: signal as AbortSignal,
              });
              logger.info(
                `Collector '${collector.id}': ${result.collected} collected, ${result.failed} failed, ${result.factsWritten} facts changed`,
              );
              if (result.factsWritten > 0) {
                await evaluateSoon(`collector '${collector.id}'`);
              }
            },
          });
        }

        // A push changes what the GitHub collector sees: refresh the repository's entities.
        await deps.events.subscribe({
          id: 'scorecards-github-push',
          topics: ['github.push'],
          onEvent: async event => {
            const slug = (
              event.eventPayload as { repository?: { full_name?: string } }
            )?.repository?.full_name;
            if (!slug) return;
            const { items } = await serviceCatalog(credentials =>
              catalog.getEntities(
                {
                  filter: {
                    'metadata.annotations.github.com/project-slug': slug,
                  },
                  fields: ['kind', 'metadata.namespace', 'metadata.name'],
                },
                { credentials },
              ),
            );
            for (const entity of items) {
              await engine.refreshEntity(stringifyEntityRef(entity), 'change');
            }
          },
        });
      },
    });
  },
});
