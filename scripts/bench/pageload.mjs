// Page-load benchmark in Debian's Chromium (never a downloaded browser) against the
// production-speed `./callboard start` with the demo catalog. Starts the portal itself, so run
// it under the port lock when other work may hold port 3000:
//   flock /tmp/callboard-ports.lock yarn bench:pageload [runs=5] [--cold]
// It prints, as medians of `runs`:
//   - full load: a fresh browser context (empty HTTP cache, signed-in session) opens /catalog,
//     until the first catalog row is on screen;
//   - in-app: from Home, a click on Catalog in the sidebar, until the first row is on screen;
//   - the main thread's busy time during the full loads (script, style, layout), so a gap to the
//     goal can be told apart from waiting on the network and the backend;
// and once: `./callboard start` to a usable page (the catalog's first row after guest sign-in).
// --cold removes the app build stamp first, so the start includes building the app.
// --dev measures `./callboard start --dev` (webpack's development server) instead, for the
// figure the production-speed start replaced.
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
const runs = Number(args.find(arg => /^\d+$/.test(arg)) ?? 5);
const cold = args.includes('--cold');
const dev = args.includes('--dev');
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

async function main() {
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
    ],
  });
  const started = performance.now();
  const portal = spawn(
    path.join(root, 'callboard'),
    dev ? ['start', '--dev'] : ['start'],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const stop = () => {
    try {
      process.kill(-portal.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
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

    const full = [];
    const inApp = [];
    /** Per full load: how long the page's main thread was busy, and with what. */
    const mainThread = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({
        baseURL: BASE_URL,
        storageState,
      });
      const tab = await context.newPage();
      const cdp = await context.newCDPSession(tab);
      await cdp.send('Performance.enable');
      const t0 = performance.now();
      await tab.goto('/catalog');
      await firstCatalogRow(tab).waitFor();
      full.push(performance.now() - t0);
      mainThread.push(await mainThreadSeconds(cdp));

      // Not timed: Home with its cards settled, so the click below measures navigation only.
      await tab.goto('/');
      await tab
        .getByRole('heading', { name: /^Good (morning|afternoon|evening)/ })
        .waitFor({ timeout: 120_000 });
      await tab.waitForLoadState('networkidle');
      const t1 = performance.now();
      await tab
        .getByRole('navigation', { name: 'sidebar nav' })
        .getByRole('link', { name: 'Catalog', exact: true })
        .click();
      await firstCatalogRow(tab).waitFor();
      inApp.push(performance.now() - t1);
      await context.close();
    }
    const ms = value => `${Math.round(value).toLocaleString('en-US')} ms`;
    const mode = dev ? 'start --dev' : 'start';
    console.log(
      `./callboard ${mode}${
        cold ? ' (cold: app rebuilt)' : ''
      } to a usable /catalog: ${ms(startToUsable)}`,
    );
    console.log(
      `median of ${runs} runs          Callboard${
        dev ? ' (dev)' : ''
      }   stock Backstage 1.55`,
    );
    console.log(
      `full load of /catalog     ${ms(median(full)).padStart(10)}   ${ms(
        STOCK.full,
      ).padStart(10)}`,
    );
    console.log(
      `Home -> Catalog (in-app)  ${ms(median(inApp)).padStart(10)}   ${ms(
        STOCK.inApp,
      ).padStart(10)}`,
    );
    const busy = key => ms(median(mainThread.map(m => m[key] * 1000)));
    console.log(
      `main thread during a full load: busy ${busy(
        'TaskDuration',
      )}, of which script ${busy('ScriptDuration')}, style ${busy(
        'RecalcStyleDuration',
      )}, layout ${busy(
        'LayoutDuration',
      )}; the rest of the load it waits on the network and the backend`,
    );
    console.log(
      `(runs: full ${full.map(Math.round).join(', ')}; in-app ${inApp
        .map(Math.round)
        .join(', ')})`,
    );
  } finally {
    await browser.close();
    stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
