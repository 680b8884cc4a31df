// V8's explicit compile hint for the app's initial scripts (docs/adr/0061-page-load-startup-work.md).
// V8 compiles a function lazily, on the main thread, the first time it runs. Nearly all of an
// initial script's module factories run while the app starts, so that compiling took about
// 150 ms of the main thread on every full page load. With `//# allFunctionsCalledOnLoad` as
// its first line, Chromium compiles the whole script eagerly while it streams it in, off the
// main thread. Chunks loaded on demand are left lazy: most of their functions never run.
// The app's own `build` script runs it (`node ../../scripts/compileHints.mjs dist`), so every
// build gets it: `./callboard start`, CI and a production image alike.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/** The scripts index.html loads up front, as paths under dist. */
export function initialScripts(dist) {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  return [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map(([, src]) =>
    path.join(dist, src.replace(/^\//, '')),
  );
}

/** Whether a script starts with the hint and its source map accounts for the extra line. */
export function isHinted(script) {
  const hinted = fs
    .readFileSync(script, 'utf8')
    .startsWith(`${COMPILE_HINT}\n`);
  const map = `${script}.map`;
  if (!hinted || !fs.existsSync(map)) return hinted;
  return JSON.parse(fs.readFileSync(map, 'utf8')).mappings.startsWith(';');
}

/**
 * Puts the hint on the first line of each initial script, once, and shifts its source map by
 * that line so stack traces still point at the right source.
 */
export function hintInitialScripts(dist) {
  const scripts = initialScripts(dist);
  for (const script of scripts) {
    const code = fs.readFileSync(script, 'utf8');
    if (code.startsWith(`${COMPILE_HINT}\n`)) continue;
    fs.writeFileSync(script, `${COMPILE_HINT}\n${code}`);
    const map = `${script}.map`;
    if (fs.existsSync(map)) {
      const sourceMap = JSON.parse(fs.readFileSync(map, 'utf8'));
      sourceMap.mappings = `;${sourceMap.mappings}`;
      fs.writeFileSync(map, JSON.stringify(sourceMap));
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = process.argv[2];
  if (!dist || !fs.existsSync(path.join(dist, 'index.html'))) {
    console.error(
      `Usage: node scripts/compileHints.mjs <the app's dist folder, with its index.html>; got '${
        dist ?? ''
      }'`,
    );
    process.exit(1);
  }
  hintInitialScripts(path.resolve(dist));
}
