import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  CLAIM_ANNOTATIONS,
  CLAIM_LABELS,
  ClaimRequest,
  claimRequestSchema,
  PROVISIONED_BY_PORTAL,
  XrdSummary,
} from '@callboard/plugin-infrastructure-common';
import type { KubernetesObject } from '@kubernetes/client-node';

export interface ClaimObject extends KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

export interface ClaimContext {
  /** The user entity ref that asked. */
  requestedBy: string;
  /** The scaffolder task; absent for dry runs from the form. */
  taskId?: string;
  /** The component's System name, when it has one. */
  system?: string;
}

/**
 * The object Callboard applies (or proposes): the request's parameters under
 * `spec.parameters`, owner, `provisioned-by: portal` and audit trail as labels
 * and annotations, and for
 * v1 claims the connection Secret `<name>-connection` in the same namespace.
 */
export function buildClaim(
  request: ClaimRequest,
  api: XrdSummary,
  context: ClaimContext,
): ClaimObject {
  const team = parseEntityRef(request.team, {
    defaultKind: 'group',
    defaultNamespace: 'default',
  }).name;
  const component = stringifyEntityRef(
    parseEntityRef(request.component, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    }),
  );
  return {
    apiVersion: api.apiVersion,
    kind: api.kind,
    metadata: {
      name: request.name,
      namespace: request.namespace,
      labels: {
        [CLAIM_LABELS.owner]: team,
        [CLAIM_LABELS.kubernetesId]: request.name,
        [CLAIM_LABELS.provisionedBy]: PROVISIONED_BY_PORTAL,
        ...(context.system ? { [CLAIM_LABELS.system]: context.system } : {}),
      },
      annotations: {
        [CLAIM_ANNOTATIONS.requestedBy]: context.requestedBy,
        [CLAIM_ANNOTATIONS.dependencyOf]: component,
        ...(context.taskId
          ? { [CLAIM_ANNOTATIONS.taskId]: context.taskId }
          : {}),
      },
    },
    spec: {
      parameters: request.parameters,
      ...(api.claim
        ? { writeConnectionSecretToRef: { name: `${request.name}-connection` } }
        : {}),
    },
  };
}

/** The shared claim request schema, failing as an InputError that names each field. */
export function parseClaimRequest(value: unknown): ClaimRequest {
  const result = claimRequestSchema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Invalid claim request: ${result.error.issues
        .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}
