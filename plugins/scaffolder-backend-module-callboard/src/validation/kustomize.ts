import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Finds an executable on `PATH` without spawning a shell. */
export async function findExecutable(
  name: string,
  searchPath: string = process.env.PATH ?? '',
): Promise<string | undefined> {
  for (const dir of searchPath.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this PATH entry; keep looking.
    }
  }
  return undefined;
}

export class KustomizeError extends Error {}

/**
 * Renders a kustomization directory offline with `kubectl kustomize` and
 * returns the multi-document YAML it prints.
 */
export async function renderKustomization(
  kubectlPath: string,
  dir: string,
): Promise<string> {
  try {
    const { stdout } = await execFileAsync(kubectlPath, ['kustomize', dir], {
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
      // kubectl must not read a kubeconfig or reach a cluster to render.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: tmpdir(),
        KUBECONFIG: '/dev/null',
      },
    });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new KustomizeError(stderr || (error as Error).message);
  }
}
