import { z } from 'zod';

// kubernetes-models only covers the core API. The Prometheus Operator models
// package needs a newer @kubernetes-models/base than kubernetes-models 4, so
// these structural schemas cover what the operator's CRDs require and what a
// typo would most often break.

const duration = z
  .string()
  .regex(
    /^(0|(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?)$/,
    'must be a Prometheus duration such as 30s or 5m',
  )
  .refine(value => value !== '', 'must not be empty');

const labelMap = z.record(z.string());

const metadata = z
  .object({
    name: z.string().min(1),
    namespace: z.string().optional(),
    labels: labelMap.optional(),
    annotations: labelMap.optional(),
  })
  .passthrough();

const labelSelector = z
  .object({
    matchLabels: labelMap.optional(),
    matchExpressions: z
      .array(
        z.object({
          key: z.string(),
          operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
          values: z.array(z.string()).optional(),
        }),
      )
      .optional(),
  })
  .strict()
  .refine(
    selector =>
      Object.keys(selector.matchLabels ?? {}).length > 0 ||
      (selector.matchExpressions ?? []).length > 0,
    'must select by matchLabels or matchExpressions',
  );

const serviceMonitorEndpoint = z
  .object({
    port: z.string().optional(),
    targetPort: z.union([z.string(), z.number().int()]).optional(),
    path: z.string().startsWith('/').optional(),
    scheme: z.enum(['http', 'https']).optional(),
    interval: duration.optional(),
    scrapeTimeout: duration.optional(),
  })
  .passthrough()
  .refine(
    endpoint =>
      endpoint.port !== undefined || endpoint.targetPort !== undefined,
    'needs a port or a targetPort',
  );

const serviceMonitor = z
  .object({
    apiVersion: z.literal('monitoring.coreos.com/v1'),
    kind: z.literal('ServiceMonitor'),
    metadata,
    spec: z
      .object({
        selector: labelSelector,
        endpoints: z.array(serviceMonitorEndpoint).min(1),
        namespaceSelector: z.record(z.unknown()).optional(),
        jobLabel: z.string().optional(),
      })
      .passthrough(),
  })
  .strict();

const rule = z
  .object({
    alert: z.string().min(1).optional(),
    record: z.string().min(1).optional(),
    expr: z.union([z.string().min(1), z.number()]),
    for: duration.optional(),
    keep_firing_for: duration.optional(),
    labels: labelMap.optional(),
    annotations: labelMap.optional(),
  })
  .strict()
  .refine(
    value => (value.alert === undefined) !== (value.record === undefined),
    'needs exactly one of alert or record',
  );

const prometheusRule = z
  .object({
    apiVersion: z.literal('monitoring.coreos.com/v1'),
    kind: z.literal('PrometheusRule'),
    metadata,
    spec: z
      .object({
        groups: z
          .array(
            z
              .object({
                name: z.string().min(1),
                interval: duration.optional(),
                rules: z.array(rule).min(1),
              })
              .strict(),
          )
          .min(1),
      })
      .strict(),
  })
  .strict();

export const prometheusOperatorSchemas: Record<string, z.ZodTypeAny> = {
  'monitoring.coreos.com/v1/ServiceMonitor': serviceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': prometheusRule,
};
