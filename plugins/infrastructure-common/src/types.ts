import { z } from 'zod';

export const deliveryModeSchema = z
  .enum(['direct', 'pullRequest'])
  .describe(
    '`direct`: server-side apply to the cluster and wait for Ready; `pullRequest`: propose the claim file to the infrastructure repository',
  );
export type DeliveryMode = z.infer<typeof deliveryModeSchema>;

export const environmentSchema = z.object({
  name: z.string().describe('Environment name, e.g. `staging`'),
  title: z.string().describe('Display name'),
  cluster: z
    .string()
    .describe('Cluster name from `kubernetes.clusterLocatorMethods`'),
  delivery: deliveryModeSchema,
});
export type Environment = z.infer<typeof environmentSchema>;

/** A DNS-1123 label: what Kubernetes accepts as a claim or namespace name. */
export const kubernetesNameSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(
    /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
    'must be lower case letters, digits and dashes, start with a letter and end with a letter or digit',
  );

export const xrdSummarySchema = z.object({
  name: z
    .string()
    .describe('XRD name, e.g. `xpostgresqlinstances.platform.callboard.dev`'),
  title: z.string().describe('What the form calls it'),
  description: z.string().optional().describe('The schema description'),
  apiVersion: z.string().describe('apiVersion of what teams create'),
  kind: z
    .string()
    .describe('The claim kind (v1) or the namespaced composite kind (v2)'),
  plural: z.string().describe('Plural from discovery'),
  claim: z
    .boolean()
    .describe('True for a v1 claim; false for a v2 namespaced composite'),
  connectionSecretKeys: z
    .array(z.string())
    .describe('Keys the connection Secret holds'),
  parametersSchema: z
    .record(z.unknown())
    .describe('The openAPIV3Schema of `spec.parameters`, as served'),
});
export type XrdSummary = z.infer<typeof xrdSummarySchema>;

export const claimRequestSchema = z.object({
  environment: z
    .string()
    .min(1)
    .describe('Environment name from `infrastructure.environments`'),
  kind: z
    .string()
    .min(1)
    .describe(
      'What to create: the claim kind (Crossplane v1) or namespaced composite kind (v2) of a self-service XRD, e.g. `PostgreSQLInstance`',
    ),
  apiVersion: z
    .string()
    .optional()
    .describe(
      'apiVersion of the kind, when two self-service XRDs offer the same kind',
    ),
  team: z
    .string()
    .min(1)
    .describe(
      'Owning team as a Group entity ref, e.g. `group:default/team-checkout`',
    ),
  component: z
    .string()
    .min(1)
    .describe('The component the database serves, as an entity ref'),
  namespace: kubernetesNameSchema.describe('One of the team namespaces'),
  name: kubernetesNameSchema.describe(
    'Name of the claim (and of the catalog Resource)',
  ),
  parameters: z
    .record(z.unknown())
    .default({})
    .describe(
      "`spec.parameters`, validated by the XRD's schema in the cluster",
    ),
  newComponentSystem: z
    .string()
    .min(1)
    .optional()
    .describe(
      'For a component created by the same task (the golden path), which the catalog may not have processed yet: its System. Without it the component must be in the catalog',
    ),
});
export type ClaimRequest = z.infer<typeof claimRequestSchema>;

export const fieldErrorSchema = z.object({
  field: z
    .string()
    .describe('Dotted path in the object, e.g. `spec.parameters.storageGB`'),
  message: z.string().describe("The API server's own words"),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const dryRunResultSchema = z.object({
  valid: z.boolean(),
  message: z
    .string()
    .optional()
    .describe('The API server message when not valid'),
  fieldErrors: z.array(fieldErrorSchema),
});
export type DryRunResult = z.infer<typeof dryRunResultSchema>;

export const conditionSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});
export type Condition = z.infer<typeof conditionSchema>;

export type ResourceNode = {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** `True`, `False` or `Unknown` (no Ready condition yet). */
  ready: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  children: ResourceNode[];
};
export const resourceNodeSchema: z.ZodType<ResourceNode> = z.lazy(() =>
  z.object({
    apiVersion: z.string(),
    kind: z.string(),
    name: z.string(),
    namespace: z.string().optional(),
    ready: z.enum(['True', 'False', 'Unknown']),
    reason: z.string().optional(),
    message: z.string().optional(),
    children: z.array(resourceNodeSchema),
  }),
);

export const statusEventSchema = z.object({
  type: z.string(),
  reason: z.string(),
  message: z.string(),
  count: z.number().optional(),
  lastTimestamp: z.string().optional(),
});
export type StatusEvent = z.infer<typeof statusEventSchema>;

export const claimStatusSchema = z.object({
  cluster: z.string(),
  environment: z.string().optional(),
  object: z.object({
    apiVersion: z.string(),
    kind: z.string(),
    namespace: z.string().optional(),
    name: z.string(),
  }),
  synced: conditionSchema.optional(),
  ready: conditionSchema.optional(),
  events: z.array(statusEventSchema),
  tree: resourceNodeSchema,
  /** `Kind/name` of every composed leaf that is not Ready. */
  unreadyLeaves: z.array(z.string()),
  connectionSecret: z
    .object({
      name: z.string(),
      namespace: z.string().optional(),
      keys: z.array(z.string()),
    })
    .optional()
    .describe('Name and keys only: values are never read'),
  parameters: z
    .record(z.unknown())
    .describe('`spec.parameters` as the cluster holds them'),
  yaml: z.string(),
});
export type ClaimStatus = z.infer<typeof claimStatusSchema>;

export const claimStorageSchema = z.object({
  parameter: z
    .string()
    .describe(
      'The `spec.parameters` key a resize changes (`infrastructure.storageParameter`, default `storageGB`)',
    ),
  title: z
    .string()
    .describe(
      "What the Resize dialog calls it: the XRD schema's title for the key, or the key in words",
    ),
  current: z
    .number()
    .optional()
    .describe('Its value in the cluster now; absent when the object has none'),
});
export type ClaimStorage = z.infer<typeof claimStorageSchema>;

/**
 * What `GET /status` answers: the live status, and which parameter holds the storage, so
 * that the backend's config is the only place that names it.
 */
export const databaseStatusSchema = claimStatusSchema.extend({
  storage: claimStorageSchema,
});
export type DatabaseStatus = z.infer<typeof databaseStatusSchema>;

export const xrdSchemaQuerySchema = z.object({
  environment: z.string().min(1).describe('Environment name'),
  kind: z
    .string()
    .min(1)
    .describe('The claim kind (v1) or namespaced composite kind (v2)'),
  apiVersion: z
    .string()
    .min(1)
    .optional()
    .describe('apiVersion, when two self-service XRDs offer the same kind'),
});
export type XrdSchemaQuery = z.infer<typeof xrdSchemaQuerySchema>;

export const resizeRequestSchema = z.object({
  entityRef: z
    .string()
    .min(1)
    .describe('The database Resource, e.g. `resource:default/orders-db`'),
  storage: z
    .number()
    .int()
    .positive()
    .describe(
      'The new value of the storage parameter (`infrastructure.storageParameter`, default `storageGB`); it only grows',
    ),
});
export type ResizeRequest = z.infer<typeof resizeRequestSchema>;

export const deleteRequestSchema = z.object({
  entityRef: z
    .string()
    .min(1)
    .describe('The database Resource, e.g. `resource:default/orders-db`'),
  confirmName: z
    .string()
    .describe("The claim's name, typed by the person deleting"),
});
export type DeleteRequest = z.infer<typeof deleteRequestSchema>;

export const taskStartedSchema = z.object({
  taskId: z
    .string()
    .describe('The scaffolder task; its page is `/create/tasks/<taskId>`'),
  operation: z.enum(['resize', 'delete']),
  delivery: deliveryModeSchema,
});
export type TaskStarted = z.infer<typeof taskStartedSchema>;
