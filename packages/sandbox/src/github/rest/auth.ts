import type { GitHubStore } from '../store/GitHubStore';
import type { AccountRecord } from '../store/types';

export type Authentication =
  | { kind: 'anonymous' }
  | { kind: 'token'; account: AccountRecord; scopes: string[] }
  | { kind: 'invalid' };

/**
 * Accepts what GitHub accepts: `token X`, `Bearer X`, and Basic auth with
 * the token as password (`x-access-token:<token>`) or as username.
 */
export function authenticate(
  authorization: string | undefined,
  store: GitHubStore,
): Authentication {
  if (!authorization) {
    return { kind: 'anonymous' };
  }
  const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
  const candidates: string[] = [];
  if (/^(token|bearer)$/i.test(scheme)) {
    candidates.push(value);
  } else if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon === -1 ? decoded : decoded.slice(0, colon);
    const password = colon === -1 ? '' : decoded.slice(colon + 1);
    candidates.push(password, username);
  }
  for (const candidate of candidates.filter(Boolean)) {
    const resolved = store.accounts.resolveToken(candidate);
    if (resolved) {
      return {
        kind: 'token',
        account: resolved.account,
        scopes: resolved.scopes,
      };
    }
  }
  return { kind: 'invalid' };
}
