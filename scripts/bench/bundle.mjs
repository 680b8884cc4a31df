// Prints the built app's JavaScript sizes: what index.html loads up front, and the total.
// Run `yarn workspace @callboard/app build` first.
// --check exits non-zero when the initial JavaScript is more than 10% over stock Backstage's
// (the budget in docs/adr/0060-initial-javascript-budget.md); `yarn test:e2e` runs it after
// building, so a startup import that drags a page's dependencies in fails CI. It also fails
// when an initial script lacks a fresh precompressed copy (scripts/precompress.mjs, run by the
// app's build script), and when a package that ADR 0061's patches keep out of the initial
// scripts is back in them (read off the scripts' source maps).
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

/**
 * Packages only some pages or rare moments use, each kept out of the initial scripts by a lazy
 * import in a Yarn patch (docs/adr/0061-page-load-startup-work.md names the patch for each).
 * Each is a package a bare or top-level import in an upstream library brought back once.
 */
const KEPT_OUT_OF_INITIAL = [
  'react-markdown', // core-components' WarningPanel
  '@octokit/rest', // catalog-import's pull requests
  'ajv', // catalog-model's entity model layers
  'motion', // plugin-app's toasts
  'react-hook-form', // core-components' custom sign-in provider
  'react-sparklines', // core-components' error page
  'react-idle-timer', // core-components' error page
  '@azure/identity', // integration's SCM integrations (a bare import)
  '@typespec/ts-http-runtime', // @azure/identity's logging runtime
];

/** The packages whose modules an initial script holds, from its source map. */
function packagesIn(script) {
  const map = `${script}.map`;
  if (!fs.existsSync(map)) {
    // Without its map the check could not see what the script holds, and would pass.
    console.error(
      `no source map for ${path.relative(
        dist,
        script,
      )}: the check of packages kept out of the initial scripts needs the build's source maps`,
    );
    process.exit(1);
  }
  const { sources } = JSON.parse(fs.readFileSync(map, 'utf8'));
  return sources.flatMap(source => {
    const names = [...source.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
    return names.length ? [names[names.length - 1][1]] : [];
  });
}

if (process.argv.includes('--check')) {
  const back = new Set(
    initialScripts
      .flatMap(packagesIn)
      .filter(name => KEPT_OUT_OF_INITIAL.includes(name)),
  );
  if (back.size > 0) {
    console.error(
      `initial scripts hold ${[...back].join(
        ', ',
      )}, which ADR 0061's patches keep out: check that the Yarn patches in .yarn/patches still apply to the installed versions`,
    );
    process.exit(1);
  }
}
