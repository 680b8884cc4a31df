import fs from 'node:fs/promises';
import path from 'node:path';
import { Request, RequestHandler, Router } from 'express';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';

/** The copies the app's build writes (scripts/precompress.mjs), in order of preference. */
const ENCODINGS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/** What app-backend sends for the app's content-hashed static files. */
const CACHE_CONTROL = 'public, max-age=1209600';

export type PrecompressedStaticAssetsOptions = {
  /** The app's built static folder, `dist/static`. */
  staticDir: string;
  /**
   * The middleware every other response passes through (security headers, request log, rate
   * limit), run before a precompressed copy is sent. Live compression is what this replaces.
   */
  middleware?: RequestHandler[];
};

async function modifiedAt(file: string): Promise<number | undefined> {
  try {
    const stats = await fs.stat(file);
    return stats.isFile() ? stats.mtimeMs : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The requested file inside `staticDir`, or undefined when the path is malformed or would leave
 * the folder.
 */
function requestedFile(staticDir: string, req: Request): string | undefined {
  try {
    const relative = decodeURIComponent(req.path).replace(/^\/+/, '');
    return relative ? resolveSafeChildPath(staticDir, relative) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The encoded copy to send: the client accepts its encoding, and it is at least as new as the
 * file. A file rewritten after the build (app-backend injects config into a script when the app
 * has no index.html template) is newer than its copies: they are skipped and the file goes on to
 * app-backend, which compresses it live.
 */
async function freshCopy(file: string, req: Request) {
  const accepted = ENCODINGS.filter(
    ({ encoding }) => req.acceptsEncodings(encoding) === encoding,
  );
  if (accepted.length === 0) return undefined;
  const source = await modifiedAt(file);
  if (source === undefined) return undefined;
  for (const candidate of accepted) {
    const copy = `${file}${candidate.suffix}`;
    const copyModified = await modifiedAt(copy);
    if (copyModified !== undefined && copyModified >= source) {
      return { ...candidate, copy };
    }
  }
  return undefined;
}

/**
 * Sends the app's static files from the copies compressed at build time instead of compressing
 * them on every request (docs/adr/0062-precompressed-static-assets.md). Anything it cannot
 * answer from a fresh copy (no copy, a stale one, an encoding the client does not accept, a
 * path outside the folder) leaves the router untouched and goes on to app-backend.
 */
export function precompressedStaticAssets(
  options: PrecompressedStaticAssetsOptions,
): Router {
  const staticDir = path.resolve(options.staticDir);
  const router = Router();
  router.use((req, res, next) => {
    const file =
      req.method === 'GET' || req.method === 'HEAD'
        ? requestedFile(staticDir, req)
        : undefined;
    if (!file) {
      next('router');
      return;
    }
    freshCopy(file, req).then(found => {
      if (!found) {
        next('router');
        return;
      }
      res.locals.precompressed = { file, ...found };
      next();
    }, next);
  });
  if (options.middleware?.length) {
    router.use(options.middleware);
  }
  router.use((_req, res, next) => {
    const { file, copy, encoding } = res.locals.precompressed;
    res.vary('Accept-Encoding');
    // Set before sendFile, which otherwise types the response by the copy's suffix.
    res.type(path.extname(file));
    res.setHeader('Content-Encoding', encoding);
    res.sendFile(
      copy,
      { headers: { 'Cache-Control': CACHE_CONTROL } },
      error => {
        if (error && !res.headersSent) next(error);
      },
    );
  });
  return router;
}
