import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Where the lock file lives, relative to the rendered repository root. */
export const lockFilePath = '.callboard/template.json';

/**
 * What the portal later reads to measure adoption and offer upgrades: which
 * template (and version) produced the repository, and with which inputs.
 */
export type GoldenPathLock = {
  template: { name: string; version: string; entityRef?: string };
  values: JsonObject;
  renderedAt: string;
};

export function serializeLockFile(lock: GoldenPathLock): string {
  return `${JSON.stringify(lock, null, 2)}\n`;
}

export async function writeLockFile(
  rootDir: string,
  lock: GoldenPathLock,
): Promise<void> {
  const path = resolveSafeChildPath(rootDir, lockFilePath);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, serializeLockFile(lock));
}
