// Precompressed copies of the app's static files (docs/adr/0062-precompressed-static-assets.md).
// The backend compresses every response it sends, and the app's initial scripts are 2.8 MB:
// compressing them with brotli on each full page load kept the backend's one thread busy for
// about 200 ms before the last script arrived. The build writes `<file>.br` and `<file>.gz`
// beside each compressible static file once, and the backend sends those as they are
// (packages/backend/src/staticAssets).
// The app's own `build` script runs it: `node ../../scripts/precompress.mjs dist`.
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Smaller files are sent uncompressed anyway: the backend's compression threshold is 1 kB. */
const MIN_BYTES = 1024;
/** Source maps are left out: only developer tools fetch them, and they are large. */
const COMPRESSIBLE = /\.(js|css|json|svg|txt|html)$/;
/**
 * Brotli 9 compresses the app's 14 MB of static files in about 3 s on two cores, within 8% of
 * quality 11 (20 s); the live compression it replaces used quality 4.
 */
const BROTLI_QUALITY = 9;

/** The encodings written, by file suffix. */
export const ENCODINGS = {
  br: buffer =>
    brotli(buffer, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buffer.length,
      },
    }),
  gz: buffer => gzip(buffer, { level: zlib.constants.Z_BEST_COMPRESSION }),
};

/** The static files under dist that get precompressed copies. */
export function compressibleFiles(dist) {
  const staticDir = path.join(dist, 'static');
  return fs
    .readdirSync(staticDir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile() && COMPRESSIBLE.test(entry.name))
    .map(entry => path.join(entry.parentPath, entry.name))
    .filter(file => fs.statSync(file).size >= MIN_BYTES);
}

/** Whether `file` has a copy in every encoding that is at least as new as the file. */
export function isPrecompressed(file) {
  const source = fs.statSync(file).mtimeMs;
  return Object.keys(ENCODINGS).every(suffix => {
    const copy = `${file}.${suffix}`;
    return fs.existsSync(copy) && fs.statSync(copy).mtimeMs >= source;
  });
}

/**
 * Writes every copy through a temporary file and a rename, so an interrupted build never leaves
 * a truncated copy for the backend to send.
 */
export async function precompress(dist) {
  const files = compressibleFiles(dist);
  await Promise.all(
    files.map(async file => {
      const content = await fs.promises.readFile(file);
      for (const [suffix, compress] of Object.entries(ENCODINGS)) {
        const copy = `${file}.${suffix}`;
        const partial = `${copy}.partial`;
        await fs.promises.writeFile(partial, await compress(content));
        await fs.promises.rename(partial, copy);
      }
    }),
  );
  return files.length;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = process.argv[2];
  if (!dist || !fs.existsSync(path.join(dist, 'static'))) {
    console.error(
      `Usage: node scripts/precompress.mjs <the app's dist folder, with its static folder>; got '${
        dist ?? ''
      }'`,
    );
    process.exit(1);
  }
  const started = Date.now();
  const count = await precompress(dist);
  console.log(
    `precompressed ${count} static files (brotli and gzip) in ${
      Date.now() - started
    } ms`,
  );
}
