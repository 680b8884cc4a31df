// Builds the frontend (packages/app/dist) once, and again only when something it is built from
// changes: the same idea as ./callboard's install stamp. The inputs are the app's sources, the
// sources of every package the bundle can contain (frontend plugins, web and common libraries
// in packages/ and plugins/), the lockfile and app-config(.local).yaml (the build reads them).
// Usage: node scripts/build-app.mjs [--force]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const appDir = path.join(root, 'packages/app');
const dist = path.join(appDir, 'dist');
const stampFile = path.join(dist, '.callboard-build-stamp');

// Package roles whose code can end up in the browser bundle.
const BUNDLED_ROLES = new Set([
  'frontend',
  'frontend-plugin',
  'frontend-plugin-module',
  'web-library',
  'common-library',
]);
// Never part of the bundle: tests, build output, dependencies.
const SKIPPED_DIRS = new Set([
  'node_modules',
  'dist',
  'dist-types',
  'e2e-tests',
]);
const SKIPPED_FILE = /\.test\.[cm]?[jt]sx?$|(^|\/)setupTests\.[jt]s$/;

function bundledPackages() {
  return ['packages', 'plugins'].flatMap(parent =>
    fs
      .readdirSync(path.join(root, parent), { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .map(entry => path.join(root, parent, entry.name))
      .filter(dir => {
        const manifest = path.join(dir, 'package.json');
        if (!fs.existsSync(manifest)) return false;
        const role = JSON.parse(fs.readFileSync(manifest, 'utf8')).backstage
          ?.role;
        return BUNDLED_ROLES.has(role);
      }),
  );
}

function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...filesUnder(full));
    } else if (!SKIPPED_FILE.test(full)) {
      files.push(full);
    }
  }
  return files;
}

/** The repository's scripts the app's `build` script runs on webpack's output. */
function buildScriptSteps() {
  const { scripts } = JSON.parse(
    fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'),
  );
  return [
    ...scripts.build.matchAll(/\.\.\/\.\.\/(scripts\/[\w.-]+\.mjs)/g),
  ].map(([, script]) => path.join(root, script));
}

export function appBuildStamp() {
  const files = [
    path.join(root, 'yarn.lock'),
    path.join(root, 'app-config.yaml'),
    path.join(root, 'app-config.local.yaml'),
    ...buildScriptSteps(),
    ...bundledPackages().flatMap(dir => filesUnder(dir)),
  ]
    .filter(file => fs.existsSync(file))
    .sort();
  const hash = createHash('sha256').update(process.version);
  for (const file of files) {
    hash.update(path.relative(root, file)).update('\0');
    hash.update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function isCurrent(stamp) {
  return (
    fs.existsSync(path.join(dist, 'index.html')) &&
    fs.existsSync(stampFile) &&
    fs.readFileSync(stampFile, 'utf8').trim() === stamp
  );
}

function main() {
  const force = process.argv.includes('--force');
  const stamp = appBuildStamp();
  if (!force && isCurrent(stamp)) {
    console.error('callboard: the app build is current (packages/app/dist)');
    return;
  }
  console.error('callboard: building the app (packages/app/dist)');
  const started = Date.now();
  const yarn = path.join(root, '.yarn/releases/yarn-4.13.0.cjs');
  const result = spawnSync(
    process.execPath,
    [yarn, 'workspace', '@callboard/app', 'build'],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
  fs.writeFileSync(stampFile, `${stamp}\n`);
  console.error(
    `callboard: app built in ${Math.round((Date.now() - started) / 1000)}s`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main();
}
