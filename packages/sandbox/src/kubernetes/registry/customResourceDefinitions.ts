import { FieldError, fieldErrors } from '../errors/fieldErrors';
import { isJsonObject, KubeObject } from '../types';
import { OpenApiSchema } from '../validation/openApiSchema';
import { allVerbs, PrinterColumn, ResourceType } from './ResourceType';

export const customResourceDefinitionKey =
  'customresourcedefinitions.apiextensions.k8s.io';

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: OpenApiSchema };
  subresources?: { status?: object; scale?: object };
  additionalPrinterColumns?: PrinterColumn[];
}

interface CrdNames {
  plural?: string;
  singular?: string;
  kind?: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

interface CrdSpec {
  group?: string;
  names?: CrdNames;
  scope?: string;
  versions?: CrdVersion[];
}

function specOf(crd: KubeObject): CrdSpec {
  return (isJsonObject(crd.spec) ? crd.spec : {}) as CrdSpec;
}

/** The structural checks the API server makes before accepting a CRD. */
export function validateCustomResourceDefinition(
  crd: KubeObject,
): FieldError[] {
  const spec = specOf(crd);
  const errors: FieldError[] = [];
  if (!spec.group) errors.push(fieldErrors.required('spec.group'));
  if (!spec.names?.plural)
    errors.push(fieldErrors.required('spec.names.plural'));
  if (!spec.names?.kind) errors.push(fieldErrors.required('spec.names.kind'));
  if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') {
    errors.push(
      fieldErrors.notSupported('spec.scope', spec.scope ?? '', [
        'Cluster',
        'Namespaced',
      ]),
    );
  }
  const versions = spec.versions ?? [];
  if (versions.length === 0) {
    errors.push(
      fieldErrors.invalid(
        'spec.versions',
        versions,
        'must have exactly one version marked as storage version',
      ),
    );
  } else if (versions.filter(version => version.storage).length !== 1) {
    errors.push(
      fieldErrors.invalid(
        'spec.versions',
        versions,
        'must have exactly one version marked as storage version',
      ),
    );
  }
  if (
    spec.group &&
    spec.names?.plural &&
    crd.metadata.name !== `${spec.names.plural}.${spec.group}`
  ) {
    errors.push(
      fieldErrors.invalid(
        'metadata.name',
        crd.metadata.name,
        'must be spec.names.plural+"."+spec.group',
      ),
    );
  }
  return errors;
}

/** The resource types a CRD serves: one per served version. */
export function resourceTypesFromCrd(crd: KubeObject): ResourceType[] {
  const spec = specOf(crd);
  const names = spec.names ?? {};
  const kind = names.kind ?? '';
  return (spec.versions ?? [])
    .filter(version => version.served !== false)
    .map(version => ({
      group: spec.group ?? '',
      version: version.name,
      plural: names.plural ?? '',
      singular: names.singular ?? kind.toLowerCase(),
      kind,
      listKind: names.listKind ?? `${kind}List`,
      namespaced: spec.scope === 'Namespaced',
      shortNames: names.shortNames ?? [],
      categories: names.categories ?? [],
      verbs: allVerbs,
      hasStatusSubresource: version.subresources?.status !== undefined,
      readOnlySubresources: [],
      schema: version.schema?.openAPIV3Schema,
      printerColumns: version.additionalPrinterColumns ?? [],
      origin: {
        type: 'customResourceDefinition' as const,
        crdName: crd.metadata.name ?? '',
      },
    }));
}

export function crdAcceptedNames(crd: KubeObject) {
  const spec = specOf(crd);
  const kind = spec.names?.kind ?? '';
  return {
    plural: spec.names?.plural,
    singular: spec.names?.singular ?? kind.toLowerCase(),
    kind,
    listKind: spec.names?.listKind ?? `${kind}List`,
    ...(spec.names?.shortNames ? { shortNames: spec.names.shortNames } : {}),
    ...(spec.names?.categories ? { categories: spec.names.categories } : {}),
  };
}

export function crdStorageVersion(crd: KubeObject): string | undefined {
  return specOf(crd).versions?.find(version => version.storage)?.name;
}
