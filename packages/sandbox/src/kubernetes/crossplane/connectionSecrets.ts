import crypto from 'node:crypto';
import { KubeObject } from '../types';

const wellKnownPorts: Array<[RegExp, string]> = [
  [/postgres/i, '5432'],
  [/mysql|maria/i, '3306'],
  [/redis|cache/i, '6379'],
  [/mongo/i, '27017'],
];

function portFor(kind: string): string {
  return wellKnownPorts.find(([pattern]) => pattern.test(kind))?.[1] ?? '443';
}

function derive(seed: string, purpose: string): Buffer {
  return crypto
    .createHmac('sha256', 'callboard-sandbox-connection-secret')
    .update(`${seed}/${purpose}`)
    .digest();
}

/**
 * Plausible connection details, derived from the claim's uid so the same
 * claim always gets the same credentials. Values are base64-encoded as in
 * a Secret's `data`; extra `connectionSecretKeys` from the XRD get filler values.
 */
export function connectionSecretData(
  owner: KubeObject,
  compositeName: string,
  extraKeys: string[] = [],
): Record<string, string> {
  const seed = owner.metadata.uid ?? '';
  const plain: Record<string, string> = {
    username: `callboard_${derive(seed, 'username')
      .toString('hex')
      .slice(0, 8)}`,
    password: derive(seed, 'password').toString('base64url').slice(0, 24),
    endpoint: `${compositeName}.${
      owner.metadata.namespace ?? 'crossplane-system'
    }.sandbox.callboard.internal`,
    port: portFor(owner.kind),
  };
  for (const key of extraKeys) {
    plain[key] ??= `sandbox-${key}-${derive(seed, key)
      .toString('hex')
      .slice(0, 12)}`;
  }
  return Object.fromEntries(
    Object.entries(plain).map(([key, value]) => [
      key,
      Buffer.from(value).toString('base64'),
    ]),
  );
}
