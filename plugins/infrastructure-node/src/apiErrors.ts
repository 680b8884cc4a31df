import { FieldError } from '@callboard/plugin-infrastructure-common';

/** The parts of a Kubernetes `Status` error body Callboard reads. */
export interface KubeStatus {
  code: number;
  reason?: string;
  message: string;
  causes: Array<{ reason?: string; field?: string; message?: string }>;
}

/**
 * The API server's `Status` from a client-node `ApiException`, or undefined
 * when the error did not come from the API server (e.g. it was unreachable).
 */
export function kubeStatusOf(error: unknown): KubeStatus | undefined {
  const candidate = error as { code?: unknown; body?: unknown };
  if (typeof candidate?.code !== 'number' || candidate.body === undefined) {
    return undefined;
  }
  let body = candidate.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return { code: candidate.code, message: body as string, causes: [] };
    }
  }
  const status = (body ?? {}) as {
    reason?: string;
    message?: string;
    details?: { causes?: KubeStatus['causes'] };
  };
  return {
    code: candidate.code,
    reason: status.reason,
    message: status.message ?? `HTTP ${candidate.code}`,
    causes: status.details?.causes ?? [],
  };
}

/**
 * Field errors in the API server's own words: 422 causes as they come, and
 * strict decoding / typed-patch errors (400) split per unknown field.
 */
export function fieldErrorsOf(status: KubeStatus): FieldError[] {
  const fromCauses = status.causes
    .filter(cause => cause.field)
    .map(cause => ({
      field: cause.field!.replace(/^\./, ''),
      message: cause.message ?? status.message,
    }));
  if (fromCauses.length > 0) return fromCauses;
  const unknown = [...status.message.matchAll(/unknown field "([^"]+)"/g)].map(
    match => ({
      field: match[1],
      message: `unknown field "${match[1]}"`,
    }),
  );
  const undeclared = [
    ...status.message.matchAll(/\.([\w.[\]-]+): field not declared in schema/g),
  ].map(match => ({
    field: match[1],
    message: `.${match[1]}: field not declared in schema`,
  }));
  return [...unknown, ...undeclared];
}
