import { FactCollectionError, FactCollectionErrorKind } from './collector';

/**
 * Throw from `collect` to fail a batch with a known kind, e.g.
 * `throw new FactCollectionFailure('not-found', "Cluster 'eu-1' is not configured")`.
 */
export class FactCollectionFailure extends Error {
  readonly kind: FactCollectionErrorKind;
  readonly retryAfter?: Date;

  constructor(
    kind: FactCollectionErrorKind,
    message: string,
    options?: { retryAfter?: Date },
  ) {
    super(message);
    this.name = 'FactCollectionFailure';
    this.kind = kind;
    this.retryAfter = options?.retryAfter;
  }
}

type HttpLikeError = {
  status?: unknown;
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, unknown> };
};

const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'ABORT_ERR',
]);

/**
 * Classifies whatever `collect` threw: a `FactCollectionFailure` as it is;
 * errors with an HTTP `status` (octokit, `@backstage/errors`' ResponseError,
 * the Kubernetes client) by status and rate-limit headers; network errors as
 * unavailable. The message keeps the error's own words, without stacks.
 */
export function toFactCollectionError(error: unknown): FactCollectionError {
  if (error instanceof FactCollectionFailure) {
    return {
      kind: error.kind,
      message: error.message,
      ...(error.retryAfter ? { retryAfter: error.retryAfter } : {}),
    };
  }
  const candidate = (
    typeof error === 'object' && error !== null ? error : {}
  ) as HttpLikeError;
  const message =
    typeof candidate.message === 'string' && candidate.message
      ? firstLine(candidate.message)
      : String(error);
  const status = Number(candidate.status ?? candidate.statusCode);
  const headers = candidate.response?.headers ?? {};
  const retryAfter = readRetryAfter(headers);
  const withRetry = (kind: FactCollectionErrorKind) => ({
    kind,
    message,
    ...(retryAfter ? { retryAfter } : {}),
  });

  if (status === 429) {
    return withRetry('rate-limited');
  }
  if (status === 403 && String(headers['x-ratelimit-remaining']) === '0') {
    return withRetry('rate-limited');
  }
  if (status === 401 || status === 403) {
    return { kind: 'forbidden', message };
  }
  if (status === 404) {
    return { kind: 'not-found', message };
  }
  if (status >= 500 && status < 600) {
    return withRetry('unavailable');
  }
  if (
    typeof candidate.code === 'string' &&
    unavailableCodes.has(candidate.code)
  ) {
    return { kind: 'unavailable', message };
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return { kind: 'unavailable', message: 'the collection timed out' };
  }
  return { kind: 'failed', message };
}

function readRetryAfter(headers: Record<string, unknown>): Date | undefined {
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter > 0) {
    return new Date(Date.now() + retryAfter * 1000);
  }
  const reset = Number(headers['x-ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) {
    return new Date(reset * 1000);
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0].slice(0, 500);
}
