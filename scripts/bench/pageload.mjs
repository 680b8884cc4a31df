// Page-load benchmark in Debian's Chromium (never a downloaded browser) against the
// production-speed `./callboard start` with the demo catalog. Starts the portal itself, so run
// it under the port lock when other work may hold port 3000:
//   flock /tmp/callboard-ports.lock yarn bench:pageload [runs=5] [--cold]
// It prints, as medians of `runs`:
//   - full load: a fresh browser context (empty HTTP cache, signed-in session) opens /catalog,
//     until the first frame with a catalog row in it is painted, read off the page's own clock
//     (from navigation start, the origin of every page-load metric);
//   - in-app: from Home, a click on Catalog in the sidebar, to that frame, on the page's clock;
//   - the full load as Playwright saw it: from `goto` until its locator found the row. Playwright
//     polls a locator 0, 20, 50, 100, 100, then every 500 ms, so this figure carries up to half a
//     second of waiting for the next poll; it is printed for comparison with earlier figures;
//   - the main thread's busy time during the full loads (script, style, layout), so a gap to the
//     goal can be told apart from waiting on the network and the backend;
// and once: `./callboard start` to a usable page (the catalog's first row after guest sign-in).
// The timed loads begin once the start-up's background work has settled: the TechDocs prebuild
// (the last start-up job) has reported, then the machine has been under 15% busy for 15 seconds.
// --cold removes the app build stamp first, so the start includes building the app.
// --dev measures `./callboard start --dev` (webpack's development server) instead, for the
// figure the production-speed start replaced.
// --against <dist> compares this build with another build of the app (a copy of an earlier
// packages/app/dist): one running portal serves both, and the runs alternate between them
// (ABBA), so the machine's drift and the order of runs weigh on both alike. A change under this
// machine's run-to-run noise shows here when two separate runs of the bench cannot tell it.
// --against .callboard/stock-app/packages/app/dist, after `yarn bench:stock-app`, measures stock
// Backstage 1.55's app beside this one on this machine: the fixed stock figures were measured on
// another machine.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const args = process.argv.slice(2);
const runs = Number(
  args.find((arg, i) => /^\d+$/.test(arg) && args[i - 1] !== '--against') ?? 5,
);
const cold = args.includes('--cold');
const dev = args.includes('--dev');
const againstIndex = args.indexOf('--against');
const against =
  againstIndex === -1 ? undefined : path.resolve(args[againstIndex + 1] ?? '');
const BASE_URL = 'http://localhost:3000';
const STOCK = { full: 1715, inApp: 698 };

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function portInUse() {
  try {
    await fetch(BASE_URL);
    return true;
  } catch {
    return false;
  }
}

function firstCatalogRow(page) {
  return page
    .getByRole('table')
    .getByRole('row')
    .nth(1)
    .getByRole('link')
    .first();
}

/**
 * Runs in the page before the app: records, on the page's clock, when the first frame with a
 * catalog row (a table row with a link) is painted, and when the user last clicked. A row counts
 * only on /catalog; Home has no table.
 */
function recordFirstCatalogRow() {
  const painted = () =>
    new Promise(resolve => {
      const found = () =>
        window.location.pathname === '/catalog' &&
        document.querySelector('table tbody tr a[href]');
      const resolveAfterPaint = () =>
        // A frame callback runs before the frame is painted; a message posted from it is
        // delivered after.
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now());
          channel.port2.postMessage(undefined);
        });
      if (found()) {
        resolveAfterPaint();
        return;
      }
      const observer = new MutationObserver(() => {
        if (!found()) return;
        observer.disconnect();
        resolveAfterPaint();
      });
      observer.observe(document, { childList: true, subtree: true });
    });
  window.__callboardBench = { firstRow: painted(), lastClick: undefined };
  document.addEventListener(
    'click',
    event => {
      window.__callboardBench.lastClick = event.timeStamp;
      window.__callboardBench.firstRow = painted();
    },
    true,
  );
}

/** Chromium's own counters of main-thread time since the page opened, in seconds. */
async function mainThreadSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map(({ name, value }) => [name, value]));
}

async function waitForPortal(child) {
  const deadline = Date.now() + 15 * 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`./callboard start exited with ${child.exitCode}`);
    }
    try {
      // In --dev the backend listens on its own port, beside webpack's server on 3000.
      const backend = dev ? 'http://localhost:7007' : BASE_URL;
      const response = await fetch(`${backend}/.backstage/health/v1/readiness`);
      if (response.ok && (!dev || (await fetch(BASE_URL)).ok)) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error('The portal did not become ready within 15 minutes');
}

/** Busy and total CPU time of the machine so far, in clock ticks, from /proc/stat. */
function cpuTicks() {
  const [, ...fields] = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  // idle and iowait
  return { busy: total - fields[3] - fields[4], total };
}

/**
 * The TechDocs prebuild's last line (packages/backend/src/techdocs/module.ts): the latest
 * start-up job, 45 s after start, building every site with mkdocs.
 */
const PREBUILD_DONE = 'TechDocs ready for';

/**
 * Waits until the machine has been quiet (under 15% busy) for QUIET_MS in a row, at most
 * five minutes, and returns the milliseconds waited. A fresh start keeps both cores busy for a
 * minute or more after the first page works: the catalog ingests, TechDocs builds every site
 * with mkdocs, search collates, scorecards score. Loads timed during that measure the start-up,
 * not the page.
 */
/** Background jobs start one after another in the first minutes; short lulls come between. */
const QUIET_MS = 15_000;

async function untilQuiet() {
  const began = performance.now();
  const deadline = began + 5 * 60_000;
  let quietSince;
  let last = cpuTicks();
  while (performance.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 1000));
    const now = cpuTicks();
    const busy = (now.busy - last.busy) / Math.max(1, now.total - last.total);
    last = now;
    if (busy >= 0.15) {
      quietSince = undefined;
    } else {
      quietSince ??= performance.now();
      if (performance.now() - quietSince >= QUIET_MS) break;
    }
  }
  return performance.now() - began;
}

const DIST = path.join(root, 'packages/app/dist');
const STOCK_APP_DIST = path.join(
  root,
  '.callboard/stock-app/packages/app/dist',
);
// The app's scripts and style sheet in an HTML page. Webpack writes `defer="defer"`; the backend
// serves the page re-serialized (`defer`), so match either.
const ASSET_TAG =
  /<script\b[^>]*\bsrc="[^"]*\/static\/[^"]+"[^>]*><\/script>|<link\b[^>]*\bhref="[^"]*\/static\/[^"]+\.css"[^>]*>/g;

const assetUrls = html =>
  [...html.matchAll(ASSET_TAG)].map(
    ([tag]) => tag.match(/\b(?:src|href)="([^"]+)"/)[1],
  );

/** The other build's asset tags, read from its index.html. */
function assetTags(dist) {
  const indexHtml = path.join(dist, 'index.html');
  if (!fs.existsSync(indexHtml)) {
    throw new Error(
      `--against ${dist}: no index.html there; give a built packages/app/dist`,
    );
  }
  const tags = fs.readFileSync(indexHtml, 'utf8').match(ASSET_TAG);
  if (!tags) {
    throw new Error(
      `--against ${dist}: its index.html loads no /static/ scripts`,
    );
  }
  return tags;
}

/** The page with its asset tags replaced by `tags`, where the first of them was. */
function withAssets(html, tags) {
  let first = true;
  const swapped = html.replace(ASSET_TAG, () => {
    if (!first) return '';
    first = false;
    return tags.join('');
  });
  if (assetUrls(swapped).join() !== assetUrls(tags.join('')).join()) {
    throw new Error(
      'Could not swap the app scripts in the page the portal served',
    );
  }
  return swapped;
}

/**
 * Copies the other build's static files that this build lacks into this build, so the running
 * portal serves both, its precompressed copies included. Webpack names every file by its content,
 * so a name both builds have is the same file (checked). Records each file and folder it adds in
 * `added` as it goes, so that they are removed even when a later file stops the copy.
 */
function addStaticFiles(from, added) {
  const files = fs.readdirSync(path.join(from, 'static'), {
    recursive: true,
    withFileTypes: true,
  });
  for (const file of files.filter(entry => entry.isFile())) {
    const source = path.join(file.parentPath, file.name);
    const name = path.relative(path.join(from, 'static'), source);
    const target = path.join(DIST, 'static', name);
    if (fs.existsSync(target)) {
      // A source map names the folder it was built in, so the same chunk built in another
      // checkout has a different map; pages never fetch maps, so this build's stays.
      if (name.endsWith('.map')) continue;
      if (!fs.readFileSync(target).equals(fs.readFileSync(source))) {
        throw new Error(
          `--against ${from}: both builds have static/${name}, with different contents; the portal cannot serve both`,
        );
      }
      continue;
    }
    if (!fs.existsSync(path.dirname(target))) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      added.push(path.dirname(target));
    }
    fs.copyFileSync(source, target);
    // Keep the file times: the backend sends a .br or .gz copy only if it is not older.
    const { atime, mtime } = fs.statSync(source);
    fs.utimesSync(target, atime, mtime);
    added.push(target);
  }
}

const newRuns = () => ({
  full: [],
  inApp: [],
  harness: [],
  mainThread: [],
  pageErrors: [],
});

/**
 * One full load of /catalog and one Home -> Catalog, in a fresh context. With --against, every
 * page's HTML passes through the same interception for both builds, and for the other build
 * its scripts replace this build's.
 */
async function measureRun(browser, storageState, variant) {
  const context = await browser.newContext({ baseURL: BASE_URL, storageState });
  if (against) {
    await context.route(
      url => !/^\/(static|api)\//.test(url.pathname),
      async route => {
        if (route.request().resourceType() !== 'document') {
          return route.continue();
        }
        const response = await route.fetch();
        const html = await response.text();
        const body = variant.tags ? withAssets(html, variant.tags) : html;
        return route.fulfill({ response, body });
      },
    );
  }
  await context.addInitScript(recordFirstCatalogRow);
  const tab = await context.newPage();
  // A broken build can look fast: count what the page throws.
  tab.on('pageerror', error => variant.runs.pageErrors.push(error.message));
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Performance.enable');
  try {
    const t0 = performance.now();
    await tab.goto('/catalog');
    await firstCatalogRow(tab).waitFor();
    variant.runs.harness.push(performance.now() - t0);
    variant.runs.mainThread.push(await mainThreadSeconds(cdp));
    variant.runs.full.push(
      await tab.evaluate(() => window.__callboardBench.firstRow),
    );

    // Not timed: Home with its cards settled, so the click below measures navigation only.
    // Waits for the sidebar rather than Callboard's greeting, which stock's home page lacks.
    await tab.goto('/');
    const catalogLink = tab
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true });
    await catalogLink.waitFor({ timeout: 120_000 });
    await tab.waitForLoadState('networkidle');
    await catalogLink.click();
    await firstCatalogRow(tab).waitFor();
    variant.runs.inApp.push(
      await tab.evaluate(
        async () =>
          (await window.__callboardBench.firstRow) -
          window.__callboardBench.lastClick,
      ),
    );
  } catch (error) {
    if (!variant.runs.pageErrors.length) throw error;
    throw new Error(
      `${variant.name}: ${error.message.split('\n')[0]}; the page threw: ${
        variant.runs.pageErrors[0]
      }`,
    );
  }
  await context.close();
}

async function main() {
  // Read first, so a wrong --against fails before the portal starts.
  const againstTags = against ? assetTags(against) : undefined;
  if (await portInUse()) {
    throw new Error(`${BASE_URL} is in use: stop the running portal first`);
  }
  if (cold) {
    fs.rmSync(path.join(root, 'packages/app/dist/.callboard-build-stamp'), {
      force: true,
    });
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // As playwright.config.ts: Debian's Chromium, headless, as root, on a closed network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Headless Chromium opens a window for every fresh context, and each window loads the
      // omnibox's WebUI popups in a renderer of their own: several hundred milliseconds of CPU
      // beside the page's load, on a machine with two cores. A user's window has them loaded
      // already, so the bench leaves them out, for this build and the one it is measured
      // against alike.
      '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
    ],
  });
  const started = performance.now();
  const portal = spawn(
    path.join(root, 'callboard'),
    dev ? ['start', '--dev'] : ['start'],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const docsPrebuilt = new Promise(resolve => {
    // Read the whole log, so the pipe never fills and stalls the portal.
    let tail = '';
    portal.stdout.on('data', chunk => {
      // Keep the end of the last chunk: the line may arrive split in two.
      const text = tail + chunk.toString();
      if (text.includes(PREBUILD_DONE)) resolve(true);
      tail = text.slice(-PREBUILD_DONE.length);
    });
  });
  const stop = () => {
    try {
      process.kill(-portal.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  /** The other build's static files (and folders) copied into this build's, removed at the end. */
  const added = [];
  try {
    await waitForPortal(portal);
    const signIn = await browser.newContext({ baseURL: BASE_URL });
    const page = await signIn.newPage();
    // The catalog ingests the demo files shortly after start: retry until rows appear.
    await page.goto('/catalog');
    await page.getByRole('button', { name: 'Enter' }).click();
    await firstCatalogRow(page).waitFor({ timeout: 5 * 60_000 });
    const startToUsable = performance.now() - started;
    const storageState = await signIn.storageState();
    await signIn.close();
    const settling = performance.now();
    const prebuilt = await Promise.race([
      docsPrebuilt,
      new Promise(resolve => setTimeout(resolve, 5 * 60_000, false)),
    ]);
    await untilQuiet();
    const waited = performance.now() - settling;

    const variants = [{ name: 'this build', runs: newRuns() }];
    if (againstTags) {
      variants.push({
        // `yarn bench:stock-app` builds stock Backstage's app in STOCK_APP_DIST.
        name: against === STOCK_APP_DIST ? 'stock here' : 'against',
        tags: againstTags,
        runs: newRuns(),
      });
      addStaticFiles(against, added);
    }
    for (let i = 0; i < runs; i++) {
      // ABBA: each variant goes first in every other run.
      const order = i % 2 ? [...variants].reverse() : variants;
      for (const variant of order) {
        await measureRun(browser, storageState, variant);
      }
    }
    const ms = value => `${Math.round(value).toLocaleString('en-US')} ms`;
    const mode = dev ? 'start --dev' : 'start';
    console.log(
      `./callboard ${mode}${
        cold ? ' (cold: app rebuilt)' : ''
      } to a usable /catalog: ${ms(startToUsable)}`,
    );
    console.log(
      `then waited ${ms(waited)} for the start-up work to settle: ${
        prebuilt
          ? 'TechDocs prebuilt'
          : 'no TechDocs prebuild reported within 5 minutes'
      }, then the machine under 15% busy for 15 s`,
    );
    if (against) console.log(`against: ${against}`);
    const columns = variants.map(v => v.name.padStart(12)).join('');
    console.log(
      `median of ${runs} runs   ${columns}   stock 1.55, elsewhere${
        dev ? ' (ours: dev)' : ''
      }`,
    );
    const row = (label, pick, stock) =>
      console.log(
        `${label.padEnd(32)}${variants
          .map(v => ms(median(pick(v.runs))).padStart(12))
          .join('')}   ${stock === undefined ? '' : ms(stock).padStart(10)}`,
      );
    row('full load of /catalog', r => r.full, STOCK.full);
    row('Home -> Catalog (in-app)', r => r.inApp, STOCK.inApp);
    row('full load, as Playwright saw it', r => r.harness);
    for (const [label, key] of [
      ['main thread busy', 'TaskDuration'],
      ['  of which script', 'ScriptDuration'],
      ['  of which style', 'RecalcStyleDuration'],
      ['  of which layout', 'LayoutDuration'],
    ]) {
      row(label, r => r.mainThread.map(m => m[key] * 1000));
    }
    console.log(
      'main thread: during a full load; the rest of the load waits on the network and the backend',
    );
    if (variants.length === 2) {
      const change = pick =>
        `${Math.round(
          (median(pick(variants[0].runs)) / median(pick(variants[1].runs)) -
            1) *
            100,
        )}%`;
      console.log(
        `this build against ${variants[1].name}: full load ${change(
          r => r.full,
        )}, Home -> Catalog ${change(r => r.inApp)}, main thread ${change(r =>
          r.mainThread.map(m => m.TaskDuration),
        )}`,
      );
    }
    for (const { name, runs: r } of variants) {
      if (r.pageErrors.length) {
        console.log(
          `${name}: ${r.pageErrors.length} page errors, first: ${r.pageErrors[0]}`,
        );
      }
      console.log(
        `(${name}: full ${r.full.map(Math.round).join(', ')}; in-app ${r.inApp
          .map(Math.round)
          .join(', ')}; as Playwright saw it ${r.harness
          .map(Math.round)
          .join(', ')})`,
      );
    }
  } finally {
    await browser.close();
    stop();
    for (const file of added) fs.rmSync(file, { force: true, recursive: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
