// Prints the built app's JavaScript sizes: what index.html loads up front, and the total.
// Run `yarn workspace @callboard/app build` first.
// --check exits non-zero when the initial JavaScript is more than 10% over stock Backstage's
// (the budget in docs/adr/0060-initial-javascript-budget.md); `yarn test:e2e` runs it after
// building, so a startup import that drags a page's dependencies in fails CI. It also fails
// when an initial script lacks a fresh precompressed copy (scripts/precompress.mjs, run by the
// app's build script).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPrecompressed } from '../precompress.mjs';

const dist = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../packages/app/dist',
);
const indexHtml = path.join(dist, 'index.html');
if (!fs.existsSync(indexHtml)) {
  console.error(
    `No ${indexHtml}: run 'yarn workspace @callboard/app build' first.`,
  );
  process.exit(1);
}

/** The scripts index.html loads up front, as paths under dist. */
const initialScripts = [
  ...fs
    .readFileSync(indexHtml, 'utf8')
    .matchAll(/<script[^>]+src="([^"]+\.js)"/g),
].map(([, src]) => path.join(dist, src.replace(/^\//, '')));

const allScripts = [];
const walk = dir => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.js')) allScripts.push(full);
  }
};
walk(dist);

const size = files => files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
const mb = bytes => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

// Stock Backstage 1.55 (create-app 0.9.2), built once on the development machines: the anchor
// the app's initial JavaScript stays within 10% of.
const STOCK = { initial: [23, 2.86], total: [398, 12.8] };

console.log(
  `initial JS: ${initialScripts.length} scripts, ${mb(
    size(initialScripts),
  )}   (stock Backstage 1.55: ${STOCK.initial[0]} scripts, ${
    STOCK.initial[1]
  } MB)`,
);
console.log(
  `total JS:   ${allScripts.length} chunks, ${mb(
    size(allScripts),
  )}   (stock Backstage 1.55: ${STOCK.total[0]} chunks, ${STOCK.total[1]} MB)`,
);

const BUDGET = STOCK.initial[1] * 1.1;
if (
  process.argv.includes('--check') &&
  size(initialScripts) > BUDGET * 1024 * 1024
) {
  console.error(
    `initial JS is over its budget of ${BUDGET.toFixed(
      2,
    )} MB (stock + 10%): find the startup import that pulls a page's dependencies in (docs/adr/0060-initial-javascript-budget.md)`,
  );
  process.exit(1);
}

/** Fails --check when some initial scripts lack what a build step adds to them. */
function checkEveryInitialScript(has, lacking, step) {
  const missing = initialScripts.filter(script => !has(script));
  if (!process.argv.includes('--check') || missing.length === 0) return;
  console.error(
    `initial scripts without ${lacking}: ${missing
      .map(script => path.relative(dist, script))
      .join(
        ', ',
      )}; build with 'yarn workspace @callboard/app build', which runs ${step}`,
  );
  process.exit(1);
}

checkEveryInitialScript(
  isPrecompressed,
  'fresh brotli and gzip copies',
  'scripts/precompress.mjs',
);
