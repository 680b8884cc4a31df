import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ENTITY_ANNOTATIONS } from '@callboard/plugin-infrastructure-common';

/** What identifies a database's claim, read from its catalog Resource. */
export type ClaimOfEntity = {
  environment: string;
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  team: string;
  component: string;
};

/**
 * The claim request a resize or delete starts from. Undefined when the
 * Resource was not catalogued from a cluster by Callboard (then there is
 * nothing for the action to find).
 */
export function claimOfEntity(entity: Entity): ClaimOfEntity | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const environment = annotations[ENTITY_ANNOTATIONS.environment];
  const kind = annotations[ENTITY_ANNOTATIONS.kind];
  const apiVersion = annotations[ENTITY_ANNOTATIONS.apiVersion];
  const namespace = annotations[ENTITY_ANNOTATIONS.namespace];
  const name = annotations[ENTITY_ANNOTATIONS.name];
  const owner = entity.spec?.owner;
  if (!environment || !kind || !apiVersion || !namespace || !name) {
    return undefined;
  }
  if (typeof owner !== 'string') return undefined;
  const dependencyOf = entity.relations?.find(
    relation => relation.type === RELATION_DEPENDENCY_OF,
  )?.targetRef;
  const specDependencyOf = (entity.spec?.dependencyOf as string[] | undefined)?.[0];
  const component = dependencyOf ?? specDependencyOf;
  return {
    environment,
    kind,
    apiVersion,
    namespace,
    name,
    team: stringifyEntityRef(
      parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: 'default' }),
    ),
    component: component
      ? stringifyEntityRef(
          parseEntityRef(component, {
            defaultKind: 'component',
            defaultNamespace: 'default',
          }),
        )
      : '',
  };
}
