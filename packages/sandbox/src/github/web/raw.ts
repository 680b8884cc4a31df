import type { Request, Response } from 'express';
import {
  applyTransportFaults,
  viewerOf,
  visibleRepository,
  WebDependencies,
} from './transport';

const NOT_FOUND = '404: Not Found';

function decodeSegments(path: string): string[] {
  return path
    .split('/')
    .filter(Boolean)
    .map(segment => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

/**
 * `GET /raw/{owner}/{repo}/{ref}/{path}` like raw.githubusercontent.com. A
 * ref may itself contain slashes, so the split between ref and path is the
 * first one that names an existing commit.
 */
export function createRawHandler(deps: WebDependencies) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      if (
        !(await applyTransportFaults(
          deps,
          req,
          res,
          '/raw/{owner}/{repo}/{ref}/{path}',
        ))
      ) {
        return;
      }
      const [owner, name, ...rest] = decodeSegments(
        req.path.replace(/^\/raw/, ''),
      );
      const viewer = viewerOf(deps, req);
      const repo =
        viewer.ok && owner && name
          ? visibleRepository(deps, owner, name, viewer.viewer)
          : undefined;
      if (!repo || rest.length < 2) {
        res.status(404).type('text/plain').send(NOT_FOUND);
        return;
      }
      const git = deps.store.git.repository(
        deps.store.repositories.refOf(repo),
      );
      for (let split = 1; split < rest.length; split++) {
        const sha = await git.resolveCommitish(rest.slice(0, split).join('/'));
        if (!sha) {
          continue;
        }
        const commit = (await git.readCommit(sha))!;
        const entry = await git.resolvePath(
          commit.tree,
          rest.slice(split).join('/'),
        );
        if (entry?.type !== 'blob') {
          break;
        }
        const etag = `"${entry.sha}"`;
        res.set({ etag, 'cache-control': 'max-age=300' });
        if (req.headers['if-none-match'] === etag) {
          res.status(304).end();
          return;
        }
        res
          .status(200)
          .type('text/plain; charset=utf-8')
          .send(await git.readBlob(entry.sha));
        return;
      }
      res.status(404).type('text/plain').send(NOT_FOUND);
    } catch (error) {
      deps.onError(error);
      res.status(500).type('text/plain').send('500: Internal Server Error');
    }
  };
}
