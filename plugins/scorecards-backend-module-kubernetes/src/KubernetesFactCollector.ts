import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  isClusterUnreachable,
  KubernetesClusters,
} from '@callboard/kubernetes-access';
import type { PolicyResult, PolicySet } from '@callboard/policies';
import {
  FactCollectionResult,
  FactCollector,
  FactDefinition,
  FactCollectorSchedule,
} from '@callboard/plugin-scorecards-node';
import { HumanDuration } from '@backstage/types';
import { JsonValue } from '@callboard/plugin-scorecards-common';
import {
  ClusterObjectsOfEntity,
  KUBERNETES_ID,
  KUBERNETES_LABEL_SELECTOR,
  readEntityObjects,
  selectorOf,
  WORKLOAD_KINDS,
} from './readEntityObjects';

/**
 * The fact a policy's outcome is published as: its name without the
 * `callboard-` prefix, in camelCase (`callboard-non-root` → `nonRoot`), so
 * checks read `kubernetes.nonRoot.outcome`.
 */
export function factNameOfPolicy(policyName: string): string {
  return policyName
    .replace(/^callboard-/, '')
    .replace(/[^a-zA-Z0-9]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase())
    .replace(/^[^a-z]+/, '');
}

const FACT_NAME = /^[a-z][a-zA-Z0-9]*$/;

export type KubernetesFactCollectorOptions = {
  clusters: Pick<KubernetesClusters, 'list' | 'objects'>;
  /** The platform's workload standards, loaded once. */
  policies: PolicySet;
  ttl?: HumanDuration;
  schedule?: FactCollectorSchedule;
};

type ClusterRead =
  | { cluster: string; objects: Map<Entity, ClusterObjectsOfEntity> }
  | { cluster: string; error: string };

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Why a cluster could not be read, for users: no URLs, bodies or stacks. */
function describeClusterError(cluster: string, error: unknown): string {
  if (isClusterUnreachable(error)) {
    const code = errorCode(error);
    return `cluster '${cluster}' could not be reached${
      code ? ` (${code})` : ''
    }`;
  }
  const status = (error as { code?: unknown }).code;
  if (typeof status === 'number') {
    return `cluster '${cluster}' answered HTTP ${status} to a list request`;
  }
  // System errors (a CA file that cannot be read, ...) name local paths: give the code only.
  const code = errorCode(error);
  if (code) return `cluster '${cluster}' could not be read (${code})`;
  const message = String((error as Error)?.message ?? error).split('\n')[0];
  return `reading cluster '${cluster}' failed: ${message.slice(0, 200)}`;
}

const describeObject = (cluster: string, result: PolicyResult) =>
  `${cluster}: ${result.object.kind} ${
    result.object.namespace ? `${result.object.namespace}/` : ''
  }${result.object.name}`;

/**
 * Facts about an entity's live workloads across the configured clusters,
 * judged by the platform's one policy set (`@callboard/policies`): the same
 * CEL the golden path validates renders with and clusters enforce at
 * admission. Each policy becomes one fact, so checks name a policy and never
 * restate it.
 */
export class KubernetesFactCollector implements FactCollector {
  readonly id = 'kubernetes';
  readonly title = 'Kubernetes';
  readonly ttl: HumanDuration;
  readonly schedule: FactCollectorSchedule;
  readonly batchSize = 50;
  readonly facts: Record<string, FactDefinition>;
  readonly #policyFacts: Array<{ policy: string; fact: string }>;

  constructor(private readonly options: KubernetesFactCollectorOptions) {
    this.ttl = options.ttl ?? { hours: 1 };
    this.schedule = options.schedule ?? {
      frequency: { minutes: 15 },
      timeout: { minutes: 5 },
    };
    this.facts = {
      workloads: {
        type: 'int',
        description:
          'Deployments, StatefulSets and DaemonSets of the entity across the configured clusters.',
      },
      clusters: {
        type: 'list<string>',
        description:
          'Clusters the entity runs workloads in; empty when it runs none.',
      },
    };
    this.#policyFacts = [];
    for (const policy of options.policies.policies) {
      const fact = factNameOfPolicy(policy.name);
      if (!FACT_NAME.test(fact) || fact in this.facts) {
        throw new Error(
          `Policy '${
            policy.name
          }' cannot be published as fact 'kubernetes.${fact}': ${
            fact in this.facts
              ? 'another policy or fact has that name'
              : 'not a valid fact name'
          }`,
        );
      }
      this.facts[fact] = {
        type: 'map',
        description: `${policy.title} (policy ${policy.name}): outcome 'pass' or 'fail' over the entity's objects in every cluster, objects (how many it judged) and failures (cluster, object and message of each failure). Unknown when the entity runs no workloads or a cluster could not be read.`,
      };
      this.#policyFacts.push({ policy: policy.name, fact });
    }
  }

  skipReason(entity: Entity): string | undefined {
    return selectorOf(entity)
      ? undefined
      : `no ${KUBERNETES_ID} or ${KUBERNETES_LABEL_SELECTOR} annotation`;
  }

  async collect(entities: Entity[]): Promise<FactCollectionResult[]> {
    const clusters = this.options.clusters.list().map(c => c.name);
    const reads: ClusterRead[] = await Promise.all(
      clusters.map(async cluster => {
        try {
          const client = await this.options.clusters.objects(cluster);
          return {
            cluster,
            objects: await readEntityObjects(client, entities),
          };
        } catch (error) {
          return { cluster, error: describeClusterError(cluster, error) };
        }
      }),
    );
    const failed = reads.flatMap(r => ('error' in r ? [r.error] : []));
    return entities.map(entity => {
      const entityRef = stringifyEntityRef(entity);
      if (clusters.length === 0) {
        return this.#allMissing(
          entityRef,
          'no clusters are configured (kubernetes.clusterLocatorMethods)',
        );
      }
      if (failed.length > 0) {
        // One cluster's workloads unseen makes every figure partial: say so, keep the last values.
        return this.#allMissing(entityRef, failed.join('; '));
      }
      return this.#factsOf(
        entity,
        reads as Array<Extract<ClusterRead, { objects: unknown }>>,
      );
    });
  }

  #allMissing(entityRef: string, reason: string): FactCollectionResult {
    return {
      entityRef,
      facts: {},
      missing: Object.fromEntries(
        Object.keys(this.facts).map(name => [name, reason]),
      ),
    };
  }

  #factsOf(
    entity: Entity,
    reads: Array<Extract<ClusterRead, { objects: unknown }>>,
  ): FactCollectionResult {
    const entityRef = stringifyEntityRef(entity);
    let workloads = 0;
    const runningIn: string[] = [];
    const results: Array<{ cluster: string; result: PolicyResult }> = [];
    for (const { cluster, objects: byEntity } of reads) {
      const { objects, namespaces } = byEntity.get(entity)!;
      const count = objects.filter(o => WORKLOAD_KINDS.includes(o.kind)).length;
      if (count === 0) continue;
      workloads += count;
      runningIn.push(cluster);
      // Per cluster: a budget in staging does not protect production.
      for (const result of this.options.policies.evaluate({
        objects,
        namespaces,
      })) {
        results.push({ cluster, result });
      }
    }

    const facts: Record<string, JsonValue> = {
      workloads,
      clusters: runningIn.sort(),
    };
    const missing: Record<string, string> = {};
    for (const { policy, fact } of this.#policyFacts) {
      if (workloads === 0) {
        missing[
          fact
        ] = `no Deployment, StatefulSet or DaemonSet matches ${selectorOf(
          entity,
        )} in ${reads.map(r => `'${r.cluster}'`).join(', ')}`;
        continue;
      }
      const mine = results.filter(r => r.result.policy === policy);
      const failures = mine
        .filter(r => r.result.outcome === 'fail')
        .map(
          r => `${describeObject(r.cluster, r.result)}: ${r.result.message}`,
        );
      const unknown = mine.find(r => r.result.outcome === 'unknown');
      if (failures.length === 0 && unknown) {
        // Unknown is not fail: the policy could not be decided for an object.
        missing[fact] = `${describeObject(unknown.cluster, unknown.result)}: ${
          unknown.result.error
        }`;
        continue;
      }
      facts[fact] = {
        outcome: failures.length > 0 ? 'fail' : 'pass',
        objects: mine.length,
        failures,
      };
    }
    return { entityRef, facts, missing };
  }
}
