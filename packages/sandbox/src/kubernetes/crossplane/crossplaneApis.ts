import { KubeObject } from '../types';

export const crossplaneGroup = 'apiextensions.crossplane.io';
export const compositeResourceDefinitionKey = `compositeresourcedefinitions.${crossplaneGroup}`;
export const compositionKey = `compositions.${crossplaneGroup}`;

/** Labels on generated CRDs that tie a served kind back to its XRD. */
export const xrdLabel = 'crossplane.io/xrd';
export const roleLabel = 'sandbox.callboard.dev/crossplane-role';
/** Marks CRDs the sandbox invented for composed kinds nobody installed. */
export const composedKindLabel = 'sandbox.callboard.dev/composed-kind';

const preserveUnknown = {
  type: 'object',
  properties: {
    spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  },
};

function conditionColumn(name: string, type: string) {
  return {
    name,
    type: 'string',
    jsonPath: `.status.conditions[?(@.type=='${type}')].status`,
  };
}

const ageColumn = {
  name: 'AGE',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
};

/**
 * The Crossplane CRDs a cluster with Crossplane installed serves. The
 * sandbox installs them at start-up like any other CRD, so they show up in
 * `kubectl get crd` and go through the same code paths.
 */
export function crossplaneCustomResourceDefinitions(): KubeObject[] {
  const xrdVersion = (name: string, storage: boolean) => ({
    name,
    served: true,
    storage,
    schema: { openAPIV3Schema: preserveUnknown },
    subresources: { status: {} },
    additionalPrinterColumns: [
      conditionColumn('ESTABLISHED', 'Established'),
      conditionColumn('OFFERED', 'Offered'),
      ageColumn,
    ],
  });
  return [
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: compositeResourceDefinitionKey },
      spec: {
        group: crossplaneGroup,
        names: {
          kind: 'CompositeResourceDefinition',
          listKind: 'CompositeResourceDefinitionList',
          plural: 'compositeresourcedefinitions',
          singular: 'compositeresourcedefinition',
          shortNames: ['xrd', 'xrds'],
          categories: ['crossplane'],
        },
        scope: 'Cluster',
        versions: [xrdVersion('v1', true), xrdVersion('v2', false)],
      },
    },
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: compositionKey },
      spec: {
        group: crossplaneGroup,
        names: {
          kind: 'Composition',
          listKind: 'CompositionList',
          plural: 'compositions',
          singular: 'composition',
          shortNames: ['comp'],
          categories: ['crossplane'],
        },
        scope: 'Cluster',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: preserveUnknown },
            additionalPrinterColumns: [
              {
                name: 'XR-KIND',
                type: 'string',
                jsonPath: '.spec.compositeTypeRef.kind',
              },
              {
                name: 'XR-APIVERSION',
                type: 'string',
                jsonPath: '.spec.compositeTypeRef.apiVersion',
              },
              ageColumn,
            ],
          },
        ],
      },
    },
  ];
}
