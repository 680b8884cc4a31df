import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError, ResponseError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { KubernetesClusters } from '@callboard/kubernetes-access';
import { isClusterUnreachable } from '@callboard/kubernetes-access';
import { DxAdoptionFigures } from '@callboard/plugin-dx-metrics-common';
import { DxMetricsConfig } from '../../config';
import { DxStore } from '../../database/DxStore';
import { PROJECT_SLUG_ANNOTATION } from '../Catalog/attribution';

function median(values: number[]): number | null {
  if (!values.length) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Orders `1.10.0` after `1.9.2`; non-numeric parts compare as text. */
function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const diff =
      /^\d+$/.test(x) && /^\d+$/.test(y)
        ? Number(x) - Number(y)
        : x.localeCompare(y);
    if (diff !== 0) {
      return diff;
    }
  }
  return 0;
}

/**
 * The platform team's measures of success: how many services are on the golden path and how
 * far behind its newest version they are, how many databases came through the portal, how long
 * a new repository takes to reach production, and how the scaffolder's tasks fare.
 */
export class AdoptionService {
  constructor(
    private readonly deps: {
      store: DxStore;
      catalog: CatalogService;
      config: DxMetricsConfig;
      clusters?: KubernetesClusters;
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      backfillStart: () => number;
    },
  ) {}

  async figures(credentials: BackstageCredentials): Promise<DxAdoptionFigures> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: { kind: 'Component', 'spec.type': 'service' },
        fields: ['kind', 'metadata', 'spec'],
      },
      { credentials },
    );
    const slugs = items.map(e =>
      e.metadata.annotations?.[PROJECT_SLUG_ANNOTATION]?.toLowerCase(),
    );
    const resolutions = await this.deps.store.getSlugResolutions(
      slugs.filter((s): s is string => !!s),
    );
    const ids = [...resolutions.values()].flatMap(r =>
      r.repositoryId === null ? [] : [r.repositoryId],
    );
    const adoption = await this.deps.store.getAdoption(ids);

    const services = items.map((entity, index) => {
      const id = slugs[index]
        ? resolutions.get(slugs[index]!)?.repositoryId ?? null
        : null;
      const record = id === null ? undefined : adoption.get(id);
      return {
        entityRef: stringifyEntityRef(entity),
        lockFile: record?.lockFile ?? false,
        reusableWorkflow: record?.reusableWorkflow ?? false,
        templateVersion: record?.templateVersion ?? null,
      };
    });
    const adopted = services.filter(
      s => s.lockFile || s.reusableWorkflow,
    ).length;
    const versions: Record<string, number> = {};
    for (const service of services) {
      if (service.templateVersion) {
        versions[service.templateVersion] =
          (versions[service.templateVersion] ?? 0) + 1;
      }
    }
    const latestVersion =
      Object.keys(versions).sort(compareVersions).pop() ?? null;

    return {
      goldenPath: {
        adopted,
        total: services.length,
        ratio: services.length ? adopted / services.length : null,
        services,
      },
      templateDrift: {
        latestVersion,
        versions,
        behind: services.filter(
          s => s.templateVersion && s.templateVersion !== latestVersion,
        ).length,
      },
      selfService: await this.#selfService(),
      firstDeployment: await this.#firstDeployments(ids),
      scaffolder: await this.#scaffolder(),
    };
  }

  async #firstDeployments(
    ids: number[],
  ): Promise<DxAdoptionFigures['firstDeployment']> {
    const repositories: DxAdoptionFigures['firstDeployment']['repositories'] =
      [];
    const hours: number[] = [];
    const histories = await this.deps.store.loadHistories(ids);
    for (const id of ids) {
      const history = histories.get(id);
      // Only repositories created inside the ingested window: older ones' first deployment is not known.
      if (
        !history?.createdAt ||
        history.createdAt < this.deps.backfillStart()
      ) {
        continue;
      }
      const first = history.deployments
        .filter(d => d.status === 'success')
        .sort((a, b) => a.finishedAt - b.finishedAt)[0];
      repositories.push({
        repository: history.repository,
        createdAt: new Date(history.createdAt).toISOString(),
        firstDeploymentAt: first
          ? new Date(first.finishedAt).toISOString()
          : null,
      });
      if (first) {
        hours.push((first.finishedAt - history.createdAt) / 3_600_000);
      }
    }
    return { medianHours: median(hours), repositories };
  }

  async #selfService(): Promise<DxAdoptionFigures['selfService']> {
    const { clusters } = this.deps;
    const { portalClaimLabel, databaseKinds } = this.deps.config;
    const [key, value] = portalClaimLabel.split('=');
    if (!clusters || clusters.list().length === 0) {
      return {
        viaPortal: 0,
        total: 0,
        ratio: null,
        note: 'No clusters are configured under kubernetes.clusterLocatorMethods: database claims cannot be counted.',
      };
    }
    let total = 0;
    let viaPortal = 0;
    const unreachable: string[] = [];
    for (const cluster of clusters.list()) {
      try {
        const objects = await clusters.objects(cluster.name);
        for (const { apiVersion, kind } of databaseKinds) {
          const served = await objects
            .resourceFor(apiVersion, kind)
            .catch((error: unknown) => {
              // A cluster without this XRD has none of its databases.
              if (error instanceof NotFoundError) {
                return undefined;
              }
              throw error;
            });
          if (!served) {
            continue;
          }
          const list = await objects.list(apiVersion, kind);
          for (const claim of list.items) {
            total += 1;
            if (claim.metadata?.labels?.[key] === value) {
              viaPortal += 1;
            }
          }
        }
      } catch (error) {
        if (!isClusterUnreachable(error)) {
          this.deps.logger.warn(
            `DX adoption: listing database claims in ${cluster.name} failed: ${
              (error as Error).message
            }`,
          );
        }
        unreachable.push(cluster.name);
      }
    }
    const kinds = databaseKinds.map(k => k.kind).join(', ');
    return {
      viaPortal,
      total,
      ratio: total ? viaPortal / total : null,
      note: unreachable.length
        ? `Not counted: clusters ${unreachable.join(
            ', ',
          )} could not be asked; the ratio covers the others.`
        : `Counts ${kinds} in every configured cluster; portal claims carry the label ${portalClaimLabel}.`,
    };
  }

  async #scaffolder(): Promise<DxAdoptionFigures['scaffolder']> {
    const baseUrl = await this.deps.discovery.getBaseUrl('scaffolder');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    try {
      const response = await fetch(`${baseUrl}/v2/tasks?limit=1000`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      const { tasks } = (await response.json()) as {
        tasks: Array<{
          status: string;
          createdAt: string;
          lastHeartbeatAt?: string;
        }>;
      };
      const finished = tasks.filter(t =>
        ['completed', 'failed', 'cancelled'].includes(t.status),
      );
      const succeeded = finished.filter(t => t.status === 'completed');
      const durations = succeeded
        .filter(t => t.lastHeartbeatAt)
        .map(
          t =>
            (Date.parse(t.lastHeartbeatAt!) - Date.parse(t.createdAt)) / 1000,
        );
      return {
        tasks: finished.length,
        succeeded: succeeded.length,
        successRate: finished.length
          ? succeeded.length / finished.length
          : null,
        medianDurationSeconds: median(durations),
        note: finished.length
          ? undefined
          : 'No scaffolder task has finished yet.',
      };
    } catch (error) {
      return {
        tasks: 0,
        succeeded: 0,
        successRate: null,
        medianDurationSeconds: null,
        note: `The scaffolder's task list could not be read: ${
          (error as Error).message
        }`,
      };
    }
  }
}
