import type {
  AuthService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import type {
  CatalogService,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  isClusterUnreachable,
  type KubernetesClusters,
} from '@callboard/kubernetes-access';
import { ENTITY_ANNOTATIONS } from '@callboard/plugin-infrastructure-common';
import {
  InfrastructureConfig,
  SelfServiceApis,
} from '@callboard/plugin-infrastructure-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { locationOf, markedStale, resourceEntityOf } from './entities';

export interface InfrastructureEntityProviderOptions {
  config: InfrastructureConfig;
  clusters: KubernetesClusters;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** Omit to drive `run()` yourself (tests, benchmarks). */
  taskRunner?: SchedulerServiceTaskRunner;
}

export interface RunSummary {
  /** Entities emitted per cluster; stale clusters count what they kept. */
  entities: Record<string, number>;
  staleClusters: string[];
}

const PAGE_SIZE = 500;

/**
 * Lists the self-service claims and namespaced composites of every
 * configured cluster and emits a Resource per object. A full mutation, so a
 * claim deleted from its cluster leaves the catalog; a cluster that cannot
 * be reached keeps what it had, marked stale, instead of losing it.
 */
export class InfrastructureEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly apis: SelfServiceApis;

  constructor(private readonly options: InfrastructureEntityProviderOptions) {
    this.apis = new SelfServiceApis(
      options.clusters,
      options.config.selfServiceLabel,
    );
  }

  getProviderName(): string {
    return 'callboard-infrastructure';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner?.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        await this.run();
      },
    });
  }

  async run(): Promise<RunSummary> {
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected`);
    }
    const seenAt = new Date().toISOString();
    const byName = new Map<string, Entity>();
    const summary: RunSummary = { entities: {}, staleClusters: [] };
    for (const { name: cluster } of this.options.clusters.list()) {
      let entities: Entity[];
      try {
        entities = await this.read(cluster, seenAt);
      } catch (error) {
        if (!isClusterUnreachable(error)) throw error;
        this.options.logger.warn(
          `Cluster '${cluster}' cannot be reached; keeping its databases in the catalog, marked stale: ${error}`,
        );
        entities = (await this.previous(cluster)).map(markedStale);
        summary.staleClusters.push(cluster);
      }
      summary.entities[cluster] = 0;
      for (const entity of entities) {
        const taken = byName.get(entity.metadata.name);
        if (taken) {
          this.options.logger.warn(
            `Resource '${
              entity.metadata.name
            }' exists in cluster '${cluster}' and '${
              taken.metadata.annotations?.[ENTITY_ANNOTATIONS.cluster]
            }'; the catalog shows the first`,
          );
          continue;
        }
        byName.set(entity.metadata.name, entity);
        summary.entities[cluster] += 1;
      }
    }
    await this.connection.applyMutation({
      type: 'full',
      entities: [...byName.values()].map(entity => ({
        entity,
        locationKey: locationOf(
          entity.metadata.annotations?.[ENTITY_ANNOTATIONS.cluster] ?? '',
        ),
      })),
    });
    return summary;
  }

  private async read(cluster: string, seenAt: string): Promise<Entity[]> {
    const environment = this.options.config.environments.find(
      env => env.cluster === cluster,
    )?.name;
    const objects = await this.options.clusters.objects(cluster);
    const entities: Entity[] = [];
    for (const api of await this.apis.list(cluster)) {
      let continueToken: string | undefined;
      do {
        const page = await objects.list(
          api.apiVersion,
          api.kind,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          PAGE_SIZE,
          continueToken,
        );
        for (const object of page.items as KubernetesObject[]) {
          const entity = resourceEntityOf({
            object,
            api,
            cluster,
            environment,
            seenAt,
          });
          if (entity) {
            entities.push(entity);
          } else {
            this.options.logger.warn(
              `${api.kind} '${object.metadata?.namespace}/${object.metadata?.name}' in cluster '${cluster}' has no callboard.dev/owner label; it is not catalogued`,
            );
          }
        }
        continueToken = page.metadata?._continue || undefined;
      } while (continueToken);
    }
    return entities;
  }

  /** What this provider last emitted for the cluster, as the catalog holds it. */
  private async previous(cluster: string): Promise<Entity[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
      {
        filter: {
          kind: 'Resource',
          [`metadata.annotations.${ENTITY_ANNOTATIONS.cluster}`]: cluster,
        },
      },
      { credentials },
    );
    return items;
  }
}
