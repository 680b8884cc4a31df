import { Entity } from '@backstage/catalog-model';
import { ENTITY_ANNOTATIONS } from '@callboard/plugin-infrastructure-common';

/** Where a database's claim lives, read from its catalog Resource. */
export type ClaimOfEntity = {
  environment: string;
  kind: string;
  namespace: string;
  name: string;
};

/**
 * Undefined when the Resource was not catalogued from a cluster by Callboard:
 * then there is no claim to resize or delete.
 */
export function claimOfEntity(entity: Entity): ClaimOfEntity | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const environment = annotations[ENTITY_ANNOTATIONS.environment];
  const kind = annotations[ENTITY_ANNOTATIONS.kind];
  const namespace = annotations[ENTITY_ANNOTATIONS.namespace];
  const name = annotations[ENTITY_ANNOTATIONS.name];
  if (!environment || !kind || !namespace || !name) return undefined;
  return { environment, kind, namespace, name };
}
