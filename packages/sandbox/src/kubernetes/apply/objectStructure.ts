import { OpenApiSchema } from '../validation/openApiSchema';
import { isJsonObject } from '../types';

/** How a list merges: replaced whole, as a set of scalars, or keyed by fields. */
export type ListStrategy =
  | { type: 'atomic' }
  | { type: 'set' }
  | { type: 'map'; keys: string[] };

/**
 * The merge-relevant shape of a kind: what structured-merge-diff reads from
 * the OpenAPI schema. Paths are field names only (list items are skipped).
 */
export interface ObjectStructure {
  listStrategy(fieldPath: string[]): ListStrategy;
  /** Maps and structs that are owned and replaced as one value. */
  isAtomicObject(fieldPath: string[]): boolean;
}

const atomic: ListStrategy = { type: 'atomic' };
const keyedBy = (...keys: string[]): ListStrategy => ({ type: 'map', keys });

const containerLists = new Set([
  'containers',
  'initContainers',
  'ephemeralContainers',
]);

function metadataListStrategy(fieldPath: string[]): ListStrategy | undefined {
  if (fieldPath.length !== 2 || fieldPath[0] !== 'metadata') {
    return undefined;
  }
  if (fieldPath[1] === 'ownerReferences') return keyedBy('uid');
  if (fieldPath[1] === 'finalizers') return { type: 'set' };
  return undefined;
}

/** List semantics of the built-in kinds, from their `+listType`/`+patchMergeKey` markers. */
export const builtinStructure: ObjectStructure = {
  listStrategy(fieldPath) {
    const fromMetadata = metadataListStrategy(fieldPath);
    if (fromMetadata) return fromMetadata;
    const name = fieldPath[fieldPath.length - 1];
    const parent = fieldPath[fieldPath.length - 2];
    if (containerLists.has(name)) return keyedBy('name');
    switch (name) {
      case 'env':
      case 'volumes':
      case 'imagePullSecrets':
      case 'resourceClaims':
        return keyedBy('name');
      case 'volumeMounts':
        return keyedBy('mountPath');
      case 'volumeDevices':
        return keyedBy('devicePath');
      case 'hostAliases':
        return keyedBy('ip');
      case 'conditions':
        return keyedBy('type');
      case 'topologySpreadConstraints':
        return keyedBy('topologyKey', 'whenUnsatisfiable');
      case 'ports':
        return parent !== undefined && containerLists.has(parent)
          ? keyedBy('containerPort', 'protocol')
          : keyedBy('port', 'protocol');
      default:
        return atomic;
    }
  },
  isAtomicObject(fieldPath) {
    return (
      fieldPath.length === 2 &&
      fieldPath[0] === 'spec' &&
      fieldPath[1] === 'selector'
    );
  },
};

function schemaAt(
  schema: OpenApiSchema,
  fieldPath: string[],
): OpenApiSchema | undefined {
  let current: OpenApiSchema | undefined = schema;
  for (const name of fieldPath) {
    while (current?.type === 'array') {
      current = current.items;
    }
    if (!current) return undefined;
    current =
      current.properties?.[name] ??
      (isJsonObject(current.additionalProperties)
        ? current.additionalProperties
        : undefined);
  }
  return current;
}

/** Structure read from a CRD's `x-kubernetes-list-type` and friends. */
export function schemaStructure(
  schema: OpenApiSchema | undefined,
): ObjectStructure {
  return {
    listStrategy(fieldPath) {
      const fromMetadata = metadataListStrategy(fieldPath);
      if (fromMetadata) return fromMetadata;
      const fieldSchema = schema ? schemaAt(schema, fieldPath) : undefined;
      const listType = fieldSchema?.['x-kubernetes-list-type'];
      if (listType === 'set') return { type: 'set' };
      if (listType === 'map') {
        return keyedBy(...(fieldSchema?.['x-kubernetes-list-map-keys'] ?? []));
      }
      return atomic;
    },
    isAtomicObject(fieldPath) {
      if (fieldPath[0] === 'metadata' || !schema) return false;
      return (
        schemaAt(schema, fieldPath)?.['x-kubernetes-map-type'] === 'atomic'
      );
    },
  };
}
