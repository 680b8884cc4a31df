import type { Request, Response } from 'express';
import type { FaultController } from '../faults/FaultController';
import type { RequestCounter } from '../faults/RequestCounter';
import { authenticate } from '../rest/auth';
import type { GitHubStore } from '../store/GitHubStore';
import type { AccountRecord, RepositoryRecord } from '../store/types';

export interface WebDependencies {
  store: GitHubStore;
  faults: FaultController;
  counter: RequestCounter;
  onError: (error: unknown) => void;
}

/**
 * Counting, latency and injected failures for the non-API surfaces (raw
 * files, archives, git). Returns false when a fault already answered.
 */
export async function applyTransportFaults(
  deps: WebDependencies,
  req: Request,
  res: Response,
  template: string,
): Promise<boolean> {
  deps.counter.record(`${req.method} ${template}`);
  const matchable = { method: req.method, path: req.path, template };
  const latency = deps.faults.takeLatency(matchable);
  if (latency > 0) {
    await new Promise(resolve => setTimeout(resolve, latency));
  }
  const failure = deps.faults.takeFailure(matchable);
  if (failure) {
    res.status(failure.status).set(failure.headers).json(failure.body);
    return false;
  }
  return true;
}

export type ViewerResult =
  | { ok: true; viewer: AccountRecord | undefined }
  | { ok: false };

/** Token from the Authorization header (any GitHub form) or `?token=`, as raw URLs allow. */
export function viewerOf(deps: WebDependencies, req: Request): ViewerResult {
  const queryToken =
    typeof req.query.token === 'string' ? req.query.token : undefined;
  const auth = authenticate(
    req.headers.authorization ??
      (queryToken ? `token ${queryToken}` : undefined),
    deps.store,
  );
  if (auth.kind === 'invalid') {
    return { ok: false };
  }
  return { ok: true, viewer: auth.kind === 'token' ? auth.account : undefined };
}

export function visibleRepository(
  deps: WebDependencies,
  owner: string,
  name: string,
  viewer: AccountRecord | undefined,
): RepositoryRecord | undefined {
  const repo = deps.store.repositories.get({ owner, repo: name });
  return repo && deps.store.access.canSee(repo, viewer) ? repo : undefined;
}
