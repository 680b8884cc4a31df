import type { OpenApiSchema } from '../validation/openApiSchema';

// admissionregistration.k8s.io/v1 as the API server's OpenAPI describes it:
// the required fields and enums, so that `kubectl apply` of a policy the
// real server would refuse for its shape is refused here too. The server also
// compiles every CEL expression; the sandbox does not (it has no CEL), so
// exporters test their expressions themselves (see packages/policies).

const string: OpenApiSchema = { type: 'string' };
const stringList: OpenApiSchema = { type: 'array', items: string };

const labelSelector: OpenApiSchema = {
  type: 'object',
  properties: {
    matchLabels: { type: 'object', additionalProperties: string },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        properties: {
          key: string,
          operator: {
            type: 'string',
            enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'],
          },
          values: stringList,
        },
      },
    },
  },
};

const ruleWithOperations: OpenApiSchema = {
  type: 'object',
  properties: {
    apiGroups: stringList,
    apiVersions: stringList,
    resources: stringList,
    resourceNames: stringList,
    operations: {
      type: 'array',
      items: {
        type: 'string',
        enum: ['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'],
      },
    },
    scope: { type: 'string', enum: ['*', 'Cluster', 'Namespaced'] },
  },
};

const matchResources: OpenApiSchema = {
  type: 'object',
  properties: {
    namespaceSelector: labelSelector,
    objectSelector: labelSelector,
    resourceRules: { type: 'array', items: ruleWithOperations },
    excludeResourceRules: { type: 'array', items: ruleWithOperations },
    matchPolicy: { type: 'string', enum: ['Exact', 'Equivalent'] },
  },
};

const namedExpression: OpenApiSchema = {
  type: 'object',
  required: ['name', 'expression'],
  properties: { name: string, expression: string },
};

export const validatingAdmissionPolicySchema: OpenApiSchema = {
  type: 'object',
  required: ['spec'],
  properties: {
    spec: {
      type: 'object',
      required: ['matchConstraints'],
      properties: {
        paramKind: {
          type: 'object',
          properties: { apiVersion: string, kind: string },
        },
        matchConstraints: matchResources,
        validations: {
          type: 'array',
          items: {
            type: 'object',
            required: ['expression'],
            properties: {
              expression: string,
              message: string,
              messageExpression: string,
              reason: {
                type: 'string',
                enum: [
                  'Unauthorized',
                  'Forbidden',
                  'Invalid',
                  'RequestEntityTooLarge',
                ],
              },
            },
          },
        },
        failurePolicy: { type: 'string', enum: ['Fail', 'Ignore'] },
        auditAnnotations: {
          type: 'array',
          items: {
            type: 'object',
            required: ['key', 'valueExpression'],
            properties: { key: string, valueExpression: string },
          },
        },
        matchConditions: { type: 'array', items: namedExpression },
        variables: { type: 'array', items: namedExpression },
      },
    },
    status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  },
};

export const validatingAdmissionPolicyBindingSchema: OpenApiSchema = {
  type: 'object',
  required: ['spec'],
  properties: {
    spec: {
      type: 'object',
      required: ['policyName', 'validationActions'],
      properties: {
        policyName: { type: 'string', minLength: 1 },
        paramRef: {
          type: 'object',
          required: ['parameterNotFoundAction'],
          properties: {
            name: string,
            namespace: string,
            selector: labelSelector,
            parameterNotFoundAction: {
              type: 'string',
              enum: ['Allow', 'Deny'],
            },
          },
        },
        matchResources,
        validationActions: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', enum: ['Deny', 'Warn', 'Audit'] },
        },
      },
    },
  },
};
