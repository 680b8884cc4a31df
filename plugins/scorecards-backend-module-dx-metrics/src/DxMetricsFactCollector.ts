import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  DxEntityFigures,
  DxFigureKey,
} from '@callboard/plugin-dx-metrics-common';
import {
  CollectedFacts,
  FactCollectionResult,
  FactCollector,
  FactDefinition,
  toFactCollectionError,
} from '@callboard/plugin-scorecards-node';

const FIGURES: Array<[DxFigureKey, string, string]> = [
  [
    'deploymentFrequency',
    'deploymentsPerDay',
    'Successful production deployments per day over the last 30 days.',
  ],
  [
    'leadTime',
    'leadTimeHours',
    'Median hours from first commit to production over the last 30 days.',
  ],
  [
    'changeFailureRate',
    'changeFailureRate',
    'Share of production deployments that failed over the last 30 days (0–1).',
  ],
  [
    'recoveryTime',
    'recoveryTimeHours',
    'Median hours to recover from a failed deployment over the last 30 days.',
  ],
  [
    'reworkRate',
    'reworkRate',
    'Share of production deployments that were unplanned fixes over the last 30 days (0–1).',
  ],
];

const BANDED: DxFigureKey[] = [
  'deploymentFrequency',
  'leadTime',
  'changeFailureRate',
  'recoveryTime',
];

function facts(): Record<string, FactDefinition> {
  const result: Record<string, FactDefinition> = {
    hasDeployments: {
      type: 'bool',
      description:
        'Whether production deployments were seen for the component in the last 30 days.',
    },
    hasIncidentSignal: {
      type: 'bool',
      description:
        'Whether the repository has incident issues; without them the change failure rate counts rollouts, reverts and rollbacks only.',
    },
  };
  for (const [, name, description] of FIGURES) {
    result[name] = { type: 'double', description };
  }
  for (const key of BANDED) {
    result[`${key}Band`] = {
      type: 'string',
      description: `DORA band of ${key} (elite, high, medium, low); empty when there is no value.`,
    };
  }
  return result;
}

/**
 * DX facts from the dx-metrics backend's own API, asked with this module's service credentials:
 * the figures and their DORA bands for the last 30 days. A component without DX data (no
 * project slug, not ingested yet) is skipped with the backend's reason, so its checks read
 * "unknown", never "fail".
 */
export class DxMetricsFactCollector implements FactCollector {
  readonly id = 'dxMetrics';
  readonly title = 'DX metrics';
  readonly facts = facts();
  readonly ttl = { hours: 2 };
  readonly schedule = { frequency: { minutes: 30 } };
  readonly batchSize = 25;

  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  skipReason(entity: Entity): string | undefined {
    if (entity.kind.toLowerCase() !== 'component') {
      return 'DX metrics are computed for components';
    }
    if (!entity.metadata.annotations?.['github.com/project-slug']) {
      return 'no github.com/project-slug annotation';
    }
    return undefined;
  }

  async collect(entities: Entity[]): Promise<FactCollectionResult[]> {
    const baseUrl = await this.deps.discovery.getBaseUrl('dx-metrics');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'dx-metrics',
    });
    const results: FactCollectionResult[] = [];
    for (const entity of entities) {
      const entityRef = stringifyEntityRef(entity);
      const { kind, namespace, name } = {
        kind: entity.kind.toLowerCase(),
        namespace: entity.metadata.namespace ?? 'default',
        name: entity.metadata.name,
      };
      try {
        const response = await fetch(
          `${baseUrl}/entity/${encodeURIComponent(kind)}/${encodeURIComponent(
            namespace,
          )}/${encodeURIComponent(name)}/figures?window=30`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        if (!response.ok) {
          throw await ResponseError.fromResponse(response);
        }
        results.push(
          factsOf(entityRef, (await response.json()) as DxEntityFigures),
        );
      } catch (error) {
        results.push({ entityRef, error: toFactCollectionError(error) });
      }
    }
    return results;
  }
}

export function factsOf(
  entityRef: string,
  figures: DxEntityFigures,
): FactCollectionResult {
  if (figures.status === 'no-data') {
    return {
      entityRef,
      error: {
        kind: 'not-found',
        message: figures.reason ?? 'No DX data for this component',
      },
    };
  }
  const values: CollectedFacts['facts'] = {
    hasDeployments: figures.figures.deploymentFrequency.sampleSize > 0,
    hasIncidentSignal: figures.coverage.incidents,
  };
  const missing: Record<string, string> = {};
  for (const [key, name] of FIGURES) {
    const figure = figures.figures[key];
    if (figure.value === null) {
      missing[name] = figure.note ?? 'no value in the last 30 days';
    } else {
      values[name] = figure.value;
    }
  }
  for (const key of BANDED) {
    values[`${key}Band`] = figures.figures[key].band ?? '';
  }
  return {
    entityRef,
    facts: values,
    missing,
    collectedAt: new Date(figures.computedAt),
  };
}
