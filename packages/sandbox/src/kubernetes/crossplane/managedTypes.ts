import {
  crdStorageVersion,
  customResourceDefinitionKey,
} from '../registry/customResourceDefinitions';
import { ResourceRegistry } from '../registry/ResourceRegistry';
import { ResourceType } from '../registry/ResourceType';
import { ObjectStore } from '../store/ObjectStore';
import { KubeObject } from '../types';
import { CrossplaneRole } from './compositeResourceDefinitions';
import {
  compositeResourceDefinitionKey,
  roleLabel,
  xrdLabel,
} from './crossplaneApis';

/** A claim or composite kind, the role it plays and the XRD that defines it. */
export interface ManagedType {
  type: ResourceType;
  role: CrossplaneRole;
  xrd: KubeObject;
}

/** The claim or composite kind a storage key serves, with its XRD, if it is one. */
export function managedTypeOf(
  store: ObjectStore,
  registry: ResourceRegistry,
  key: string,
): ManagedType | undefined {
  const types = registry.findByStorageKey(key);
  const origin = types[0]?.origin;
  if (!origin || origin.type !== 'customResourceDefinition') return undefined;
  const crd = store.get(customResourceDefinitionKey, undefined, origin.crdName);
  const role = crd?.metadata.labels?.[roleLabel];
  const xrdName = crd?.metadata.labels?.[xrdLabel];
  if (!crd || (role !== 'claim' && role !== 'composite') || !xrdName)
    return undefined;
  const xrd = store.get(compositeResourceDefinitionKey, undefined, xrdName);
  if (!xrd) return undefined;
  const storageVersion = crdStorageVersion(crd);
  const type =
    types.find(candidate => candidate.version === storageVersion) ?? types[0];
  return { type, role, xrd };
}
