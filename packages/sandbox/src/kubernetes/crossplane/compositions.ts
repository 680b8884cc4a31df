import { ObjectService } from '../objects/ObjectService';
import { stableNameSuffix } from '../objects/objectNames';
import { ResourceRegistry } from '../registry/ResourceRegistry';
import { ResourceType } from '../registry/ResourceType';
import {
  deepClone,
  isJsonObject,
  JsonObject,
  KubeObject,
  parseApiVersion,
} from '../types';
import { composedKindLabel } from './crossplaneApis';
import { getFieldPath, setFieldPath } from './fieldPaths';

interface CompositionSpec {
  compositeTypeRef?: { apiVersion?: string; kind?: string };
  mode?: string;
  resources?: Array<{
    name?: string;
    base?: JsonObject;
    patches?: JsonObject[];
  }>;
  pipeline?: Array<{ step?: string; functionRef?: { name?: string } }>;
}

function specOf(object: KubeObject): JsonObject {
  return isJsonObject(object.spec) ? object.spec : {};
}

function compositionSpec(composition: KubeObject): CompositionSpec {
  return specOf(composition) as CompositionSpec;
}

function labelsMatch(
  labels: Record<string, string> | undefined,
  wanted: unknown,
): boolean {
  return (
    isJsonObject(wanted) &&
    Object.entries(wanted).every(([key, value]) => labels?.[key] === value)
  );
}

/**
 * Chooses a Composition the way Crossplane does: an explicit
 * `compositionRef`, else a `compositionSelector`, else the XRD's default,
 * else the first compatible one by name.
 */
export function selectComposition(
  compositions: KubeObject[],
  composite: KubeObject,
  defaultCompositionName: string | undefined,
): KubeObject | undefined {
  const compositeGroup = parseApiVersion(composite.apiVersion).group;
  const compatible = compositions
    .filter(composition => {
      const ref = compositionSpec(composition).compositeTypeRef;
      return (
        ref?.kind === composite.kind &&
        parseApiVersion(ref.apiVersion ?? '').group === compositeGroup
      );
    })
    .sort((left, right) =>
      (left.metadata.name ?? '').localeCompare(right.metadata.name ?? ''),
    );
  const spec = specOf(composite);
  const byName = (name: unknown) =>
    compatible.find(composition => composition.metadata.name === name);
  if (isJsonObject(spec.compositionRef))
    return byName(spec.compositionRef.name);
  if (isJsonObject(spec.compositionSelector)) {
    return compatible.find(composition =>
      labelsMatch(
        composition.metadata.labels,
        (spec.compositionSelector as JsonObject).matchLabels,
      ),
    );
  }
  if (defaultCompositionName) return byName(defaultCompositionName);
  return compatible[0];
}

export type CompositionPlan =
  | { mode: 'Resources'; resources: KubeObject[] }
  | { mode: 'Pipeline'; steps: string[] };

/**
 * Renders classic (`spec.resources`) compositions: each `base` with its
 * `FromCompositeFieldPath` patches applied (transforms are not evaluated),
 * named after the composite and owned by it. Pipeline compositions are
 * only described, since composition functions do not run in the sandbox.
 */
export function planComposition(
  composition: KubeObject,
  composite: KubeObject,
  claim?: KubeObject,
): CompositionPlan {
  const spec = compositionSpec(composition);
  if (spec.mode === 'Pipeline') {
    return {
      mode: 'Pipeline',
      steps: (spec.pipeline ?? []).map(
        step =>
          `${step.step ?? 'unnamed'} (${
            step.functionRef?.name ?? 'unknown function'
          })`,
      ),
    };
  }
  const compositeName = composite.metadata.name ?? '';
  const resources = (spec.resources ?? []).map((template, index) => {
    const resourceName = template.name ?? `resource-${index}`;
    const object = deepClone(template.base ?? {}) as KubeObject;
    for (const patch of template.patches ?? []) {
      const patchType = patch.type ?? 'FromCompositeFieldPath';
      if (
        patchType !== 'FromCompositeFieldPath' ||
        typeof patch.fromFieldPath !== 'string'
      )
        continue;
      const value = getFieldPath(composite, patch.fromFieldPath);
      const toFieldPath =
        typeof patch.toFieldPath === 'string'
          ? patch.toFieldPath
          : patch.fromFieldPath;
      if (value !== undefined)
        setFieldPath(object, toFieldPath, deepClone(value));
    }
    const metadata = isJsonObject(object.metadata) ? object.metadata : {};
    object.metadata = {
      ...metadata,
      name: `${compositeName}-${stableNameSuffix(
        `${composite.metadata.uid}/${resourceName}`,
      )}`,
      ...(composite.metadata.namespace && !metadata.namespace
        ? { namespace: composite.metadata.namespace }
        : {}),
      labels: {
        ...metadata.labels,
        'crossplane.io/composite': compositeName,
        ...(claim
          ? {
              'crossplane.io/claim-name': claim.metadata.name ?? '',
              'crossplane.io/claim-namespace': claim.metadata.namespace ?? '',
            }
          : {}),
      },
      annotations: {
        ...metadata.annotations,
        'crossplane.io/composition-resource-name': resourceName,
      },
      ownerReferences: [
        {
          apiVersion: composite.apiVersion,
          kind: composite.kind,
          name: compositeName,
          uid: composite.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    };
    return object;
  });
  return { mode: 'Resources', resources };
}

function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/**
 * The served type for a composed resource. Managed resources of providers
 * that are not installed get a schemaless CRD, as if the provider were.
 */
export function ensureComposedType(
  objects: ObjectService,
  registry: ResourceRegistry,
  composed: KubeObject,
): ResourceType {
  const existing = registry.findByKind(composed.apiVersion, composed.kind);
  if (existing) return existing;
  const { group, version } = parseApiVersion(composed.apiVersion);
  if (!group)
    throw new Error(
      `composed resource kind ${composed.kind} is not served in the core API group`,
    );
  const plural = pluralOf(composed.kind);
  const crdType = registry.findByKind(
    'apiextensions.k8s.io/v1',
    'CustomResourceDefinition',
  );
  if (!crdType)
    throw new Error('CustomResourceDefinition is not a registered kind');
  const crdName = `${plural}.${group}`;
  if (objects.find(crdType, undefined, crdName)) {
    throw new Error(
      `composed resource ${composed.apiVersion} ${composed.kind} is not served by CRD ${crdName}`,
    );
  }
  objects.create(
    crdType,
    undefined,
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: crdName, labels: { [composedKindLabel]: 'true' } },
      spec: {
        group,
        names: {
          kind: composed.kind,
          plural,
          singular: composed.kind.toLowerCase(),
          listKind: `${composed.kind}List`,
          categories: ['managed'],
        },
        scope: composed.metadata.namespace ? 'Namespaced' : 'Cluster',
        versions: [
          {
            name: version,
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
              },
            },
            subresources: { status: {} },
            additionalPrinterColumns: [
              {
                name: 'SYNCED',
                type: 'string',
                jsonPath: ".status.conditions[?(@.type=='Synced')].status",
              },
              {
                name: 'READY',
                type: 'string',
                jsonPath: ".status.conditions[?(@.type=='Ready')].status",
              },
              {
                name: 'AGE',
                type: 'date',
                jsonPath: '.metadata.creationTimestamp',
              },
            ],
          },
        ],
      },
    },
    { fieldManager: 'callboard-sandbox' },
  );
  const registered = registry.findByKind(composed.apiVersion, composed.kind);
  if (!registered)
    throw new Error(
      `CRD ${crdName} did not register ${composed.apiVersion} ${composed.kind}`,
    );
  return registered;
}
