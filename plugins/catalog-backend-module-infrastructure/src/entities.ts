import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  CLAIM_ANNOTATIONS,
  CLAIM_LABELS,
  ENTITY_ANNOTATIONS,
  XrdSummary,
} from '@callboard/plugin-infrastructure-common';
import type { KubernetesObject } from '@kubernetes/client-node';

/** Where the provider says its entities come from: the object in its cluster. */
export function locationOf(cluster: string): string {
  return `callboard-infrastructure:${cluster}`;
}

/**
 * A catalog Resource for one claim (or namespaced composite), from the
 * labels and annotations Callboard (or the platform's seed) put on it.
 * Undefined when it has no owning team: the catalog never guesses owners.
 */
export function resourceEntityOf(options: {
  object: KubernetesObject;
  api: XrdSummary;
  cluster: string;
  environment?: string;
  seenAt: string;
}): Entity | undefined {
  const { object, api, cluster, environment } = options;
  const metadata = object.metadata ?? {};
  const labels = metadata.labels ?? {};
  const annotations = metadata.annotations ?? {};
  const owner = labels[CLAIM_LABELS.owner];
  if (!owner || !metadata.name) return undefined;
  const dependencyOf = (annotations[CLAIM_ANNOTATIONS.dependencyOf] ?? '')
    .split(',')
    .map(ref => ref.trim())
    .filter(Boolean);
  const system = labels[CLAIM_LABELS.system];
  const location = locationOf(cluster);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: metadata.name,
      namespace: 'default',
      title: annotations[CLAIM_ANNOTATIONS.title] ?? metadata.name,
      ...(annotations[CLAIM_ANNOTATIONS.description]
        ? { description: annotations[CLAIM_ANNOTATIONS.description] }
        : {}),
      tags: [
        api.kind.toLocaleLowerCase('en-US'),
        ...(environment ? [environment] : []),
      ],
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        'backstage.io/kubernetes-id':
          labels[CLAIM_LABELS.kubernetesId] ?? metadata.name,
        [ENTITY_ANNOTATIONS.cluster]: cluster,
        ...(environment
          ? { [ENTITY_ANNOTATIONS.environment]: environment }
          : {}),
        [ENTITY_ANNOTATIONS.apiVersion]: api.apiVersion,
        [ENTITY_ANNOTATIONS.kind]: api.kind,
        ...(metadata.namespace
          ? { [ENTITY_ANNOTATIONS.namespace]: metadata.namespace }
          : {}),
        [ENTITY_ANNOTATIONS.name]: metadata.name,
        [ENTITY_ANNOTATIONS.xrd]: api.name,
        [ENTITY_ANNOTATIONS.stale]: 'false',
        [ENTITY_ANNOTATIONS.lastSeen]: options.seenAt,
        ...(annotations[CLAIM_ANNOTATIONS.requestedBy]
          ? {
              [CLAIM_ANNOTATIONS.requestedBy]:
                annotations[CLAIM_ANNOTATIONS.requestedBy],
            }
          : {}),
      },
    },
    spec: {
      type: 'database',
      owner: `group:default/${owner}`,
      ...(system ? { system } : {}),
      ...(dependencyOf.length ? { dependencyOf } : {}),
    },
  };
}

/**
 * The entity as it was last emitted, marked stale: what the catalog keeps
 * while its cluster cannot be asked. Processing output (relations, status,
 * uid, etag) is dropped so it goes back in as the provider emitted it.
 */
export function markedStale(entity: Entity): Entity {
  const {
    uid: _uid,
    etag: _etag,
    generation: _generation,
    ...metadata
  } = entity.metadata as Entity['metadata'] & { generation?: number };
  return {
    apiVersion: entity.apiVersion,
    kind: entity.kind,
    metadata: {
      ...metadata,
      annotations: {
        ...metadata.annotations,
        [ENTITY_ANNOTATIONS.stale]: 'true',
      },
    },
    spec: entity.spec,
  };
}
