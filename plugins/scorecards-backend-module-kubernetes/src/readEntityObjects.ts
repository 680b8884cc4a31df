import { Entity } from '@backstage/catalog-model';
import type { KubernetesObject } from '@callboard/policies';
import type { ClusterObjects } from '@callboard/kubernetes-access';

export const KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
export const KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';

/** Kinds whose objects run an entity's pods. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

/**
 * What belongs to an entity, found as the Kubernetes tab finds it: objects
 * labelled with its `backstage.io/kubernetes-id` (or matching its
 * `backstage.io/kubernetes-label-selector`).
 */
const LABELLED_KINDS = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
];

/**
 * Budgets and autoscalers often carry no entity label, yet the standards
 * ask whether one covers a workload; they count when they select or target
 * one of the entity's workloads.
 */
const COVERING_KINDS = [
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
];

/** How the entity's objects are selected; undefined when it names none. */
export function selectorOf(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  if (annotations[KUBERNETES_LABEL_SELECTOR]) {
    return annotations[KUBERNETES_LABEL_SELECTOR];
  }
  const id = annotations[KUBERNETES_ID];
  return id ? `${KUBERNETES_ID}=${id}` : undefined;
}

/** One entity's objects in one cluster, and the Namespaces they live in. */
export type ClusterObjectsOfEntity = {
  objects: KubernetesObject[];
  namespaces: KubernetesObject[];
};

const keyOf = (o: KubernetesObject) =>
  `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

async function listKind(
  client: ClusterObjects,
  apiVersion: string,
  kind: string,
  labelSelector?: string,
): Promise<KubernetesObject[]> {
  try {
    const list = await client.list(
      apiVersion,
      kind,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      labelSelector,
    );
    // The client deserializes into model classes (V1ObjectMeta, Date, ...),
    // which CEL does not take: back to the JSON the API server sent. List
    // items also come without their type, and the policies match on it.
    return (JSON.parse(JSON.stringify(list.items)) as KubernetesObject[]).map(
      item => ({ ...item, apiVersion, kind }),
    );
  } catch (error) {
    // A kind the server does not serve (an old cluster without autoscaling/v2) has no objects.
    if ((error as { code?: number }).code === 404) return [];
    throw error;
  }
}

function podLabels(workload: KubernetesObject): Record<string, string> {
  const spec = workload.spec as
    | { template?: { metadata?: { labels?: Record<string, string> } } }
    | undefined;
  return spec?.template?.metadata?.labels ?? {};
}

function covers(
  candidate: KubernetesObject,
  workload: KubernetesObject,
): boolean {
  if (candidate.metadata.namespace !== workload.metadata.namespace) {
    return false;
  }
  const spec = candidate.spec as {
    selector?: { matchLabels?: Record<string, string> };
    scaleTargetRef?: { kind?: string; name?: string };
  };
  if (candidate.kind === 'HorizontalPodAutoscaler') {
    return (
      spec?.scaleTargetRef?.kind === workload.kind &&
      spec?.scaleTargetRef?.name === workload.metadata.name
    );
  }
  const matchLabels = spec?.selector?.matchLabels;
  if (!matchLabels || Object.keys(matchLabels).length === 0) return false;
  const labels = podLabels(workload);
  return Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
}

/**
 * Reads every entity's objects from one cluster: one list request per kind
 * and selector, plus the cluster's Namespaces and budgets and autoscalers.
 * Entities selected by `backstage.io/kubernetes-id` share one set-based
 * selector per kind, so a batch costs about ten requests per cluster.
 */
export async function readEntityObjects(
  client: ClusterObjects,
  entities: Entity[],
): Promise<Map<Entity, ClusterObjectsOfEntity>> {
  const byId = new Map<string, Entity[]>();
  const bySelector = new Map<string, Entity[]>();
  for (const entity of entities) {
    const annotations = entity.metadata.annotations ?? {};
    if (annotations[KUBERNETES_LABEL_SELECTOR]) {
      const selector = annotations[KUBERNETES_LABEL_SELECTOR];
      bySelector.set(selector, [...(bySelector.get(selector) ?? []), entity]);
    } else if (annotations[KUBERNETES_ID]) {
      const id = annotations[KUBERNETES_ID];
      byId.set(id, [...(byId.get(id) ?? []), entity]);
    }
  }

  const found = new Map<Entity, KubernetesObject[]>(entities.map(e => [e, []]));
  const add = (entity: Entity, object: KubernetesObject) => {
    const namespace = entity.metadata.annotations?.[KUBERNETES_NAMESPACE];
    if (namespace && object.metadata.namespace !== namespace) return;
    found.get(entity)!.push(object);
  };

  const ids = [...byId.keys()].sort();
  const queries: Array<Promise<void>> = [];
  for (const { apiVersion, kind } of LABELLED_KINDS) {
    if (ids.length > 0) {
      queries.push(
        listKind(
          client,
          apiVersion,
          kind,
          `${KUBERNETES_ID} in (${ids.join(',')})`,
        ).then(items => {
          for (const item of items) {
            const id = item.metadata.labels?.[KUBERNETES_ID];
            for (const entity of (id && byId.get(id)) || []) add(entity, item);
          }
        }),
      );
    }
    for (const [selector, selected] of bySelector) {
      queries.push(
        listKind(client, apiVersion, kind, selector).then(items => {
          for (const item of items) {
            for (const entity of selected) add(entity, item);
          }
        }),
      );
    }
  }
  const [[namespaces, ...covering]] = await Promise.all([
    Promise.all([
      listKind(client, 'v1', 'Namespace'),
      ...COVERING_KINDS.map(({ apiVersion, kind }) =>
        listKind(client, apiVersion, kind),
      ),
    ]),
    Promise.all(queries),
  ]);
  const coveringObjects = covering.flat();

  const result = new Map<Entity, ClusterObjectsOfEntity>();
  for (const [entity, objects] of found) {
    const seen = new Map(objects.map(o => [keyOf(o), o]));
    const workloads = objects.filter(o => WORKLOAD_KINDS.includes(o.kind));
    for (const candidate of coveringObjects) {
      if (
        !seen.has(keyOf(candidate)) &&
        workloads.some(w => covers(candidate, w))
      ) {
        seen.set(keyOf(candidate), candidate);
      }
    }
    const used = new Set(
      [...seen.values()].map(o => o.metadata.namespace).filter(Boolean),
    );
    result.set(entity, {
      objects: [...seen.values()],
      namespaces: namespaces.filter(n => used.has(n.metadata.name)),
    });
  }
  return result;
}
