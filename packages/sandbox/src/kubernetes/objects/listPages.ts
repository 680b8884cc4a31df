import { KubeApiError } from '../errors/KubeApiError';
import { KubeObject } from '../types';

const tokenVersion = 'sandbox/1';

/** Lists are ordered by this key, so a page can resume after the last one it returned. */
export function objectSortKey(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

export function encodeContinueToken(after: string): string {
  return Buffer.from(JSON.stringify({ v: tokenVersion, after })).toString(
    'base64url',
  );
}

export function decodeContinueToken(token: string): string {
  let decoded: { v?: unknown; after?: unknown } = {};
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    // Not JSON: reported below like any other token the sandbox did not issue.
  }
  if (decoded.v !== tokenVersion || typeof decoded.after !== 'string') {
    throw KubeApiError.badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
  return decoded.after;
}
