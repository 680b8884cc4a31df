import type { Request, Response } from 'express';
import path from 'node:path';
import { permits } from '../store/AccessStore';
import { ZERO_SHA } from '../store/events';
import type { RefUpdate } from '../store/GitDataStore';
import type { AccountRecord, RepositoryRecord } from '../store/types';
import {
  applyTransportFaults,
  viewerOf,
  WebDependencies,
} from '../web/transport';
import { runHttpBackend } from './cgi';

type Service = 'git-upload-pack' | 'git-receive-pack';

const SERVICE_PATTERN =
  /^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/;

function reply(
  res: Response,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  res
    .status(status)
    .set(headers)
    .type('text/plain; charset=utf-8')
    .send(`${message}\n`);
}

function challenge(res: Response) {
  reply(
    res,
    401,
    'Invalid username or token. Password authentication is not supported for Git operations.',
    {
      'www-authenticate': 'Basic realm="GitHub"',
    },
  );
}

function serviceOf(endpoint: string, requested: unknown): Service | undefined {
  if (endpoint !== 'info/refs') {
    return endpoint as Service;
  }
  return requested === 'git-receive-pack' || requested === 'git-upload-pack'
    ? requested
    : undefined;
}

function refMap(
  entries: Array<{ ref: string; sha: string }>,
): Map<string, string> {
  return new Map(entries.map(entry => [entry.ref, entry.sha]));
}

function diffRefs(
  before: Map<string, string>,
  after: Map<string, string>,
): RefUpdate[] {
  const updates: RefUpdate[] = [];
  for (const [ref, sha] of after) {
    if (before.get(ref) !== sha) {
      updates.push({ ref, before: before.get(ref) ?? ZERO_SHA, after: sha });
    }
  }
  for (const [ref, sha] of before) {
    if (!after.has(ref)) {
      updates.push({ ref, before: sha, after: ZERO_SHA });
    }
  }
  return updates;
}

/**
 * Git smart HTTP (`info/refs`, `git-upload-pack`, `git-receive-pack`) with
 * GitHub's answers: unknown repositories are "Repository not found.", tokens
 * go in Basic auth (`x-access-token:<token>`), and a push becomes visible to
 * the REST API and emits push events as soon as git reports success.
 */
export function createSmartHttpHandler(deps: WebDependencies) {
  return async (
    req: Request,
    res: Response,
    next: () => void,
  ): Promise<void> => {
    const match = SERVICE_PATTERN.exec(req.path);
    if (!match) {
      next();
      return;
    }
    const [, owner, name, endpoint] = match;
    const service = serviceOf(endpoint, req.query.service);
    if (!service || (endpoint !== 'info/refs' && req.method !== 'POST')) {
      reply(res, 403, 'Dumb HTTP protocol is not supported.');
      return;
    }
    try {
      const template = `/{owner}/{repo}.git/${endpoint}${
        endpoint === 'info/refs' ? `?service=${service}` : ''
      }`;
      if (!(await applyTransportFaults(deps, req, res, template))) {
        return;
      }
      const auth = viewerOf(deps, req);
      if (!auth.ok) {
        challenge(res);
        return;
      }
      const repo = deps.store.repositories.get({ owner, repo: name });
      const permission = repo
        ? deps.store.access.permissionOf(repo, auth.viewer)
        : undefined;
      if (!repo || !permission) {
        if (repo && !auth.viewer) {
          challenge(res);
        } else {
          reply(res, 404, 'Repository not found.');
        }
        return;
      }
      if (service === 'git-receive-pack' && !permits(permission, 'write')) {
        if (!auth.viewer) {
          challenge(res);
        } else {
          reply(
            res,
            403,
            `Permission to ${owner}/${name}.git denied to ${auth.viewer.login}.`,
          );
        }
        return;
      }
      await serve(
        deps,
        req,
        res,
        repo,
        endpoint,
        service === 'git-receive-pack' ? auth.viewer : undefined,
      );
    } catch (error) {
      deps.onError(error);
      if (!res.headersSent) {
        reply(res, 500, 'Internal Server Error');
      } else {
        res.destroy();
      }
    }
  };
}

async function serve(
  deps: WebDependencies,
  req: Request,
  res: Response,
  repo: RepositoryRecord,
  endpoint: string,
  pusher: AccountRecord | undefined,
): Promise<void> {
  const ref = deps.store.repositories.refOf(repo);
  const git = deps.store.git.repository(ref);
  const cgi = {
    projectRoot: deps.store.repositoriesRoot,
    pathInfo: `/${path.relative(
      deps.store.repositoriesRoot,
      git.gitDir,
    )}/${endpoint}`,
    remoteUser: pusher?.login,
  };
  if (endpoint !== 'git-receive-pack') {
    await runHttpBackend(req, res, cgi);
    return;
  }
  await deps.store.withRepositoryLock(repo.id, async () => {
    const before = refMap(await git.listRefs());
    await runHttpBackend(req, res, cgi, async () => {
      const after = refMap(await git.listRefs());
      await deps.store.git.recordRefUpdates(
        repo,
        diffRefs(before, after),
        'git',
        pusher?.id ?? null,
      );
    });
  });
}
