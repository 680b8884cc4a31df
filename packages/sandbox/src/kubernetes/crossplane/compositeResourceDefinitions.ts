import { FieldError, fieldErrors } from '../errors/fieldErrors';
import { ObjectService } from '../objects/ObjectService';
import { ResourceRegistry } from '../registry/ResourceRegistry';
import { ObjectStore } from '../store/ObjectStore';
import { isJsonObject, KubeObject, parseApiVersion } from '../types';
import { OpenApiSchema } from '../validation/openApiSchema';
import { isConditionTrue, withCondition, conditionsOf } from './conditions';
import {
  compositeResourceDefinitionKey,
  roleLabel,
  xrdLabel,
} from './crossplaneApis';

export type CrossplaneRole = 'composite' | 'claim';

interface XrdVersion {
  name: string;
  served?: boolean;
  referenceable?: boolean;
  schema?: { openAPIV3Schema?: OpenApiSchema };
  additionalPrinterColumns?: Array<{
    name: string;
    type: string;
    jsonPath: string;
  }>;
}

interface XrdNames {
  kind?: string;
  plural?: string;
  singular?: string;
  listKind?: string;
  categories?: string[];
  shortNames?: string[];
}

export interface XrdSpec {
  group?: string;
  names?: XrdNames;
  claimNames?: XrdNames;
  scope?: string;
  versions?: XrdVersion[];
  defaultCompositionRef?: { name?: string };
  connectionSecretKeys?: string[];
}

export function xrdSpecOf(xrd: KubeObject): XrdSpec {
  return (isJsonObject(xrd.spec) ? xrd.spec : {}) as XrdSpec;
}

/**
 * Crossplane v1 XRDs define cluster-scoped composites; v2 defaults to
 * namespaced ones. `spec.scope` decides when present.
 */
export function compositeScope(xrd: KubeObject): 'Cluster' | 'Namespaced' {
  const { scope } = xrdSpecOf(xrd);
  if (scope === 'Namespaced') return 'Namespaced';
  if (scope === 'Cluster' || scope === 'LegacyCluster') return 'Cluster';
  return parseApiVersion(xrd.apiVersion).version === 'v2'
    ? 'Namespaced'
    : 'Cluster';
}

/** The checks Crossplane's XRD webhook makes, phrased as API server field errors. */
export function validateCompositeResourceDefinition(
  xrd: KubeObject,
): FieldError[] {
  const spec = xrdSpecOf(xrd);
  const errors: FieldError[] = [];
  if (!spec.group) errors.push(fieldErrors.required('spec.group'));
  if (!spec.names?.kind) errors.push(fieldErrors.required('spec.names.kind'));
  if (!spec.names?.plural)
    errors.push(fieldErrors.required('spec.names.plural'));
  if (spec.claimNames && (!spec.claimNames.kind || !spec.claimNames.plural)) {
    errors.push(
      fieldErrors.required('spec.claimNames', 'kind and plural are required'),
    );
  }
  if (
    spec.scope !== undefined &&
    !['Namespaced', 'Cluster', 'LegacyCluster'].includes(spec.scope)
  ) {
    errors.push(
      fieldErrors.notSupported('spec.scope', spec.scope, [
        'Namespaced',
        'Cluster',
        'LegacyCluster',
      ]),
    );
  }
  const versions = spec.versions ?? [];
  if (versions.length === 0) {
    errors.push(fieldErrors.required('spec.versions'));
  } else if (versions.filter(version => version.referenceable).length !== 1) {
    errors.push(
      fieldErrors.invalid(
        'spec.versions',
        versions.map(version => version.name),
        'exactly one version must be referenceable',
      ),
    );
  }
  if (
    spec.group &&
    spec.names?.plural &&
    xrd.metadata.name !== `${spec.names.plural}.${spec.group}`
  ) {
    errors.push(
      fieldErrors.invalid(
        'metadata.name',
        xrd.metadata.name,
        'must be spec.names.plural+"."+spec.group',
      ),
    );
  }
  return errors;
}

const reference = (...required: string[]): OpenApiSchema => ({
  type: 'object',
  required,
  properties: Object.fromEntries(
    ['apiVersion', 'kind', 'name', 'namespace'].map(name => [
      name,
      { type: 'string' as const },
    ]),
  ),
});

const conditionsSchema: OpenApiSchema = {
  type: 'array',
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
  items: {
    type: 'object',
    required: ['lastTransitionTime', 'reason', 'status', 'type'],
    properties: {
      type: { type: 'string' },
      status: { type: 'string' },
      reason: { type: 'string' },
      message: { type: 'string' },
      lastTransitionTime: { type: 'string', format: 'date-time' },
      observedGeneration: { type: 'integer' },
    },
  },
};

function crossplaneSpecProperties(
  role: CrossplaneRole,
): Record<string, OpenApiSchema> {
  const common: Record<string, OpenApiSchema> = {
    compositionRef: reference('name'),
    compositionRevisionRef: reference('name'),
    compositionSelector: {
      type: 'object',
      required: ['matchLabels'],
      properties: {
        matchLabels: {
          type: 'object',
          additionalProperties: { type: 'string' },
        },
      },
    },
    compositionUpdatePolicy: { type: 'string', enum: ['Automatic', 'Manual'] },
  };
  if (role === 'claim') {
    return {
      ...common,
      compositeDeletePolicy: {
        type: 'string',
        enum: ['Background', 'Foreground'],
      },
      resourceRef: reference('apiVersion', 'kind', 'name'),
      writeConnectionSecretToRef: reference('name'),
    };
  }
  return {
    ...common,
    claimRef: reference('apiVersion', 'kind', 'namespace', 'name'),
    resourceRefs: { type: 'array', items: reference('apiVersion', 'kind') },
    writeConnectionSecretToRef: reference('name'),
  };
}

/** The user's schema plus the fields Crossplane adds to every XR and claim. */
function generatedSchema(
  userSchema: OpenApiSchema | undefined,
  role: CrossplaneRole,
): OpenApiSchema {
  const user = userSchema ?? { type: 'object' };
  const userSpec = user.properties?.spec ?? { type: 'object' };
  const userStatus = user.properties?.status ?? { type: 'object' };
  return {
    ...user,
    type: 'object',
    required: [...new Set([...(user.required ?? []), 'spec'])],
    properties: {
      ...user.properties,
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: {
        ...userSpec,
        type: 'object',
        properties: {
          ...crossplaneSpecProperties(role),
          ...userSpec.properties,
        },
      },
      status: {
        ...userStatus,
        type: 'object',
        properties: {
          conditions: conditionsSchema,
          connectionDetails: {
            type: 'object',
            properties: { lastPublishedTime: { type: 'string' } },
          },
          ...userStatus.properties,
        },
      },
    },
  };
}

function conditionColumn(name: string, type: string) {
  return {
    name,
    type: 'string',
    jsonPath: `.status.conditions[?(@.type=='${type}')].status`,
  };
}

const roleColumns: Record<
  CrossplaneRole,
  Array<{ name: string; type: string; jsonPath: string }>
> = {
  composite: [
    conditionColumn('SYNCED', 'Synced'),
    conditionColumn('READY', 'Ready'),
    {
      name: 'COMPOSITION',
      type: 'string',
      jsonPath: '.spec.compositionRef.name',
    },
  ],
  claim: [
    conditionColumn('SYNCED', 'Synced'),
    conditionColumn('READY', 'Ready'),
    {
      name: 'CONNECTION-SECRET',
      type: 'string',
      jsonPath: '.spec.writeConnectionSecretToRef.name',
    },
  ],
};

function generatedCrd(
  xrd: KubeObject,
  role: CrossplaneRole,
): KubeObject | undefined {
  const spec = xrdSpecOf(xrd);
  const names = role === 'claim' ? spec.claimNames : spec.names;
  if (!names?.kind || !names.plural || !spec.group) return undefined;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${names.plural}.${spec.group}`,
      labels: { [xrdLabel]: xrd.metadata.name ?? '', [roleLabel]: role },
      ownerReferences: [
        {
          apiVersion: xrd.apiVersion,
          kind: xrd.kind,
          name: xrd.metadata.name ?? '',
          uid: xrd.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      group: spec.group,
      names: {
        kind: names.kind,
        plural: names.plural,
        singular: names.singular ?? names.kind.toLowerCase(),
        listKind: names.listKind ?? `${names.kind}List`,
        ...(names.shortNames ? { shortNames: names.shortNames } : {}),
        categories: [...(names.categories ?? []), role],
      },
      scope: role === 'claim' ? 'Namespaced' : compositeScope(xrd),
      versions: (spec.versions ?? []).map(version => ({
        name: version.name,
        served: version.served ?? true,
        storage: version.referenceable ?? false,
        schema: {
          openAPIV3Schema: generatedSchema(
            version.schema?.openAPIV3Schema,
            role,
          ),
        },
        subresources: { status: {} },
        additionalPrinterColumns: [
          ...roleColumns[role],
          ...(version.additionalPrinterColumns ?? []),
          {
            name: 'AGE',
            type: 'date',
            jsonPath: '.metadata.creationTimestamp',
          },
        ],
      })),
    },
  };
}

/** The CRDs Crossplane derives from an XRD: the composite and, with `claimNames`, the claim. */
export function crdsForXrd(xrd: KubeObject): KubeObject[] {
  return [generatedCrd(xrd, 'composite'), generatedCrd(xrd, 'claim')].filter(
    (crd): crd is KubeObject => crd !== undefined,
  );
}

const xrdControllerManager =
  'apiextensions.crossplane.io/compositeresourcedefinition';

/**
 * Plays Crossplane's XRD controller: applies the derived CRDs (owned by the
 * XRD, so they go when it goes) and reports Established/Offered.
 */
export function startCompositeResourceDefinitions(
  store: ObjectStore,
  registry: ResourceRegistry,
  objects: ObjectService,
): () => void {
  objects.addValidator(
    compositeResourceDefinitionKey,
    validateCompositeResourceDefinition,
  );
  const typeOf = (apiVersion: string, kind: string) => {
    const type = registry.findByKind(apiVersion, kind);
    if (!type)
      throw new Error(`${apiVersion} ${kind} is not a registered kind`);
    return type;
  };
  return store.subscribe(event => {
    if (
      event.storageKey !== compositeResourceDefinitionKey ||
      event.type === 'DELETED'
    )
      return;
    const xrdType = typeOf(
      event.object.apiVersion,
      'CompositeResourceDefinition',
    );
    const xrd = objects.find(
      xrdType,
      undefined,
      event.object.metadata.name ?? '',
    );
    if (!xrd || xrd.metadata.deletionTimestamp) return;
    const crdType = typeOf(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
    );
    for (const crd of crdsForXrd(xrd)) {
      objects.apply(crdType, undefined, crd.metadata.name ?? '', crd, {
        fieldManager: xrdControllerManager,
        force: true,
      });
    }
    const offersClaim = xrdSpecOf(xrd).claimNames !== undefined;
    if (
      isConditionTrue(xrd, 'Established') &&
      (!offersClaim || isConditionTrue(xrd, 'Offered'))
    )
      return;
    let conditions = withCondition(conditionsOf(xrd), {
      type: 'Established',
      status: 'True',
      reason: 'WatchingCompositeResource',
    });
    if (offersClaim) {
      conditions = withCondition(conditions, {
        type: 'Offered',
        status: 'True',
        reason: 'OfferedClaims',
      });
    }
    const status = isJsonObject(xrd.status) ? xrd.status : {};
    objects.update(
      xrdType,
      undefined,
      xrd.metadata.name ?? '',
      { ...xrd, status: { ...status, conditions } },
      { subresource: 'status', fieldManager: xrdControllerManager },
    );
  });
}
