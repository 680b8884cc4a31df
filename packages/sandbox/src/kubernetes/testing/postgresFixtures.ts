import { KubeObject } from '../types';

/** A Crossplane v1 XRD with a claim, shaped like the one Callboard's database template will use. */
export const postgresXrd: KubeObject = {
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'CompositeResourceDefinition',
  metadata: { name: 'xpostgresqlinstances.platform.callboard.dev' },
  spec: {
    group: 'platform.callboard.dev',
    names: { kind: 'XPostgreSQLInstance', plural: 'xpostgresqlinstances' },
    claimNames: { kind: 'PostgreSQLInstance', plural: 'postgresqlinstances' },
    connectionSecretKeys: ['username', 'password', 'endpoint', 'port'],
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        referenceable: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['parameters'],
                properties: {
                  parameters: {
                    type: 'object',
                    required: ['storageGB'],
                    properties: {
                      storageGB: {
                        type: 'integer',
                        minimum: 10,
                        maximum: 1000,
                      },
                      version: {
                        type: 'string',
                        enum: ['14', '15', '16'],
                        default: '16',
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
};

export const postgresComposition: KubeObject = {
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'Composition',
  metadata: {
    name: 'xpostgresqlinstances.aws.platform.callboard.dev',
    labels: { provider: 'aws' },
  },
  spec: {
    compositeTypeRef: {
      apiVersion: 'platform.callboard.dev/v1alpha1',
      kind: 'XPostgreSQLInstance',
    },
    resources: [
      {
        name: 'rdsinstance',
        base: {
          apiVersion: 'database.aws.crossplane.io/v1beta1',
          kind: 'RDSInstance',
          spec: {
            forProvider: {
              region: 'eu-west-1',
              dbInstanceClass: 'db.t3.micro',
              engine: 'postgres',
            },
          },
        },
        patches: [
          {
            fromFieldPath: 'spec.parameters.storageGB',
            toFieldPath: 'spec.forProvider.allocatedStorage',
          },
          {
            fromFieldPath: 'spec.parameters.version',
            toFieldPath: 'spec.forProvider.engineVersion',
          },
        ],
      },
    ],
  },
};

export function postgresClaim(
  name: string,
  namespace: string,
  parameters: Record<string, unknown> = { storageGB: 20 },
  annotations?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'platform.callboard.dev/v1alpha1',
    kind: 'PostgreSQLInstance',
    metadata: {
      name,
      namespace,
      labels: { 'backstage.io/kubernetes-id': name },
      ...(annotations ? { annotations } : {}),
    },
    spec: {
      parameters,
      writeConnectionSecretToRef: { name: `${name}-connection` },
    },
  };
}
