import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterObjects } from '@callboard/kubernetes-access';
import type { Condition } from '@callboard/plugin-infrastructure-common';
import {
  conditionOf,
  kubeStatusOf,
  readClaimStatus,
} from '@callboard/plugin-infrastructure-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ClaimRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
}

export interface WaitOptions {
  objects: ClusterObjects;
  cluster: string;
  ref: ClaimRef;
  pollIntervalMs: number;
  timeoutMs: number;
  logger: LoggerService;
  signal?: AbortSignal;
  connectionSecretKeys: string[];
}

/** Raised when waiting ends without success; the message says what was last seen. */
export class ClaimWaitError extends Error {
  constructor(message: string, readonly conditions: Condition[]) {
    super(message);
    this.name = 'ClaimWaitError';
  }
}

function describe(condition: Condition | undefined, type: string): string {
  if (!condition) return `${type}=Unknown (not reported yet)`;
  return `${condition.type}=${condition.status}${
    condition.reason ? ` (${condition.reason}` : ' ('
  }${condition.message ? `: ${condition.message}` : ''})`;
}

function label(ref: ClaimRef): string {
  return `${ref.kind} '${ref.namespace}/${ref.name}'`;
}

async function read(
  objects: ClusterObjects,
  ref: ClaimRef,
): Promise<
  (KubernetesObject & { status?: { conditions?: Condition[] } }) | undefined
> {
  try {
    return await objects.read({
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      metadata: { name: ref.name, namespace: ref.namespace },
    });
  } catch (error) {
    if (kubeStatusOf(error)?.code === 404) return undefined;
    throw error;
  }
}

/**
 * Reads the claim until it is Synced and Ready, logging every change of its
 * conditions. `Synced=False` fails at once with Crossplane's message; the
 * deadline fails with the last conditions and the composed resources that
 * are not Ready. Never reports success it did not see.
 */
export async function waitForReady(
  options: WaitOptions,
): Promise<{ synced: Condition; ready: Condition }> {
  const { objects, ref, logger } = options;
  const deadline = Date.now() + options.timeoutMs;
  let last = '';
  for (;;) {
    options.signal?.throwIfAborted();
    const object = await read(objects, ref);
    const synced = conditionOf(object, 'Synced');
    const ready = conditionOf(object, 'Ready');
    const now = `${describe(synced, 'Synced')}, ${describe(ready, 'Ready')}`;
    if (now !== last) {
      logger.info(`${label(ref)}: ${now}`);
      last = now;
    }
    if (synced?.status === 'False') {
      throw new ClaimWaitError(
        `${label(ref)} failed to reconcile on cluster '${options.cluster}': ${
          synced.message ?? synced.reason ?? 'no message'
        } (Synced=False, ${synced.reason ?? 'no reason'})`,
        [synced, ...(ready ? [ready] : [])],
      );
    }
    if (synced?.status === 'True' && ready?.status === 'True') {
      return { synced, ready };
    }
    if (Date.now() >= deadline) {
      const status = await readClaimStatus({
        objects,
        cluster: options.cluster,
        ref,
        connectionSecretKeys: options.connectionSecretKeys,
      });
      const unready = status?.unreadyLeaves ?? [];
      throw new ClaimWaitError(
        `Timed out after ${Math.round(
          options.timeoutMs / 1000,
        )} s waiting for ${label(ref)} to be Ready on cluster '${
          options.cluster
        }'; last conditions: ${now}; not ready: ${
          unready.join(', ') || 'no composed resources yet'
        }`,
        [synced, ready].filter((c): c is Condition => c !== undefined),
      );
    }
    await sleep(
      Math.min(options.pollIntervalMs, Math.max(0, deadline - Date.now())),
      undefined,
      { signal: options.signal },
    );
  }
}

/** Reads until the object is gone (finalizers done), or fails at the deadline. */
export async function waitForDeletion(options: WaitOptions): Promise<void> {
  const { objects, ref } = options;
  const deadline = Date.now() + options.timeoutMs;
  while (await read(objects, ref)) {
    if (Date.now() >= deadline) {
      throw new ClaimWaitError(
        `Timed out after ${Math.round(
          options.timeoutMs / 1000,
        )} s waiting for ${label(ref)} to be deleted from cluster '${
          options.cluster
        }'`,
        [],
      );
    }
    await sleep(options.pollIntervalMs, undefined, { signal: options.signal });
  }
  options.logger.info(
    `${label(ref)} is gone from cluster '${options.cluster}'`,
  );
}
