import type { OpenApiSchema } from '../validation/openApiSchema';
import type { QualifiedKind, QualifiedResource } from '../errors/KubeApiError';

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
}

/** Where a served resource type came from; decides which merge strategies apply. */
export type ResourceOrigin =
  | { type: 'builtin' }
  | { type: 'customResourceDefinition'; crdName: string };

/** One served group/version/resource, as listed in discovery. */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  hasStatusSubresource: boolean;
  /** Subresources other than status that answer GET (e.g. `log` on pods). */
  readOnlySubresources: string[];
  /** `openAPIV3Schema` used to validate and default objects of a custom resource. */
  schema?: OpenApiSchema;
  printerColumns: PrinterColumn[];
  origin: ResourceOrigin;
}

export const allVerbs = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

export const readOnlyVerbs = ['get', 'list'];

/** Objects of one group/plural share storage across versions. */
export function storageKey(type: Pick<ResourceType, 'group' | 'plural'>) {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

export function apiVersionOf(type: Pick<ResourceType, 'group' | 'version'>) {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

export function qualifiedResource(type: ResourceType): QualifiedResource {
  return { group: type.group, resource: type.plural };
}

export function qualifiedKind(type: ResourceType): QualifiedKind {
  return { group: type.group, kind: type.kind };
}

export function isBuiltin(type: ResourceType): boolean {
  return type.origin.type === 'builtin';
}
