import { z } from 'zod';

// The parts of admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy
// that the evaluator implements. Objects are strict so that a field it would
// silently ignore (auditAnnotations, a rule's scope, ...) is reported when
// the policy loads rather than evaluated differently from a cluster.

const labelSelectorSchema = z
  .object({
    matchLabels: z.record(z.string()).optional(),
    matchExpressions: z
      .array(
        z
          .object({
            key: z.string().min(1),
            operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
            values: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export type LabelSelector = z.infer<typeof labelSelectorSchema>;

const operationSchema = z.enum(['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

const resourceRuleSchema = z
  .object({
    apiGroups: z.array(z.string()).min(1),
    apiVersions: z.array(z.string()).min(1),
    resources: z.array(z.string().min(1)).min(1),
    operations: z.array(operationSchema).min(1),
    resourceNames: z.array(z.string()).optional(),
  })
  .strict();

export type ResourceRule = z.infer<typeof resourceRuleSchema>;

const matchResourcesSchema = z
  .object({
    resourceRules: z.array(resourceRuleSchema).min(1),
    excludeResourceRules: z.array(resourceRuleSchema).optional(),
    namespaceSelector: labelSelectorSchema.optional(),
    objectSelector: labelSelectorSchema.optional(),
    // The evaluator compares an object's own apiVersion with the rules
    // (Exact); Equivalent's conversion between versions needs a cluster.
    matchPolicy: z.enum(['Exact', 'Equivalent']).optional(),
  })
  .strict();

export type MatchResources = z.infer<typeof matchResourcesSchema>;

const namedExpressionSchema = z
  .object({ name: z.string().min(1), expression: z.string().min(1) })
  .strict();

const variableSchema = namedExpressionSchema.refine(
  variable => /^[A-Za-z_][A-Za-z0-9_]*$/.test(variable.name),
  variable => ({
    message: `variable name '${variable.name}' is not a CEL identifier`,
  }),
);

const validationSchema = z
  .object({
    expression: z.string().min(1),
    message: z.string().optional(),
    messageExpression: z.string().optional(),
    reason: z
      .enum(['Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge'])
      .optional(),
  })
  .strict();

export const validatingAdmissionPolicySchema = z.object({
  apiVersion: z.literal('admissionregistration.k8s.io/v1'),
  kind: z.literal('ValidatingAdmissionPolicy'),
  metadata: z
    .object({
      name: z.string().min(1),
      annotations: z.record(z.string()).optional(),
      labels: z.record(z.string()).optional(),
    })
    .passthrough(),
  spec: z
    .object({
      failurePolicy: z.enum(['Fail', 'Ignore']).optional(),
      paramKind: z
        .object({ apiVersion: z.string().min(1), kind: z.string().min(1) })
        .strict()
        .optional(),
      matchConstraints: matchResourcesSchema,
      matchConditions: z.array(namedExpressionSchema).optional(),
      variables: z.array(variableSchema).optional(),
      validations: z.array(validationSchema).min(1),
    })
    .strict(),
});

export type ValidatingAdmissionPolicy = z.infer<
  typeof validatingAdmissionPolicySchema
>;

/** Annotations through which a policy file tells Callboard more than Kubernetes needs. */
export const annotations = {
  title: 'policies.callboard.dev/title',
  howToFix: 'policies.callboard.dev/how-to-fix',
  scope: 'policies.callboard.dev/scope',
} as const;

export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map(issue =>
      issue.path.length > 0
        ? `${issue.path.join('.')}: ${issue.message}`
        : issue.message,
    )
    .join('; ');
}
