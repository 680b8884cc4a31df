import type { Request, Response } from 'express';
import zlib from 'node:zlib';
import {
  applyTransportFaults,
  viewerOf,
  visibleRepository,
  WebDependencies,
} from './transport';

/**
 * Archive downloads that `GET /repos/{owner}/{repo}/tarball/{ref}` redirects
 * to, laid out like GitHub's: one top-level `owner-repo-<sha7>/` folder.
 */
export function createCodeloadHandler(deps: WebDependencies) {
  return async (req: Request, res: Response): Promise<void> => {
    const format = req.params.format === 'zip' ? 'zip' : 'tar.gz';
    try {
      if (
        !(await applyTransportFaults(
          deps,
          req,
          res,
          `/_codeload/{owner}/{repo}/legacy.${format}/{ref}`,
        ))
      ) {
        return;
      }
      const viewer = viewerOf(deps, req);
      const repo = viewer.ok
        ? visibleRepository(
            deps,
            req.params.owner,
            req.params.repo,
            viewer.viewer,
          )
        : undefined;
      if (!repo) {
        res.status(404).type('text/plain').send('404: Not Found');
        return;
      }
      const ref = deps.store.repositories.refOf(repo);
      const git = deps.store.git.repository(ref);
      const sha = await git.resolveCommitish(req.params[0]);
      if (!sha) {
        res.status(404).type('text/plain').send('404: Not Found');
        return;
      }
      const prefix = `${ref.owner}-${ref.repo}-${sha.slice(0, 7)}/`;
      const archive = git.archive(
        sha,
        format === 'zip' ? 'zip' : 'tar',
        prefix,
      );
      const output =
        format === 'zip' ? archive : archive.pipe(zlib.createGzip());
      archive.on('error', error => {
        deps.onError(error);
        res.destroy(error);
      });
      res.status(200).set({
        'content-type':
          format === 'zip' ? 'application/zip' : 'application/x-gzip',
        'content-disposition': `attachment; filename=${prefix.slice(
          0,
          -1,
        )}.${format}`,
        etag: `"${sha}"`,
      });
      output.pipe(res);
    } catch (error) {
      deps.onError(error);
      res.status(500).type('text/plain').send('500: Internal Server Error');
    }
  };
}
