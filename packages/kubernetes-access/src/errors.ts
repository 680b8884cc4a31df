/** Network-level failures that mean "the cluster could not be reached", not "it said no". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as {
      code?: unknown;
      errno?: unknown;
      cause?: unknown;
    };
    for (const value of [candidate.code, candidate.errno]) {
      if (typeof value === 'string') codes.push(value);
    }
    current = candidate.cause;
  }
  return codes;
}

/**
 * True when a request failed because the API server could not be reached or
 * not be trusted (connection refused, DNS, timeout, TLS), as opposed to an
 * answer from the server. Callers treat these as "unknown", never as "gone".
 */
export function isClusterUnreachable(error: unknown): boolean {
  if ((error as { type?: unknown })?.type === 'request-timeout') return true;
  return codesOf(error).some(code => UNREACHABLE_CODES.has(code));
}
