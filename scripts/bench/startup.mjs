// Backend cold start: spawns the real backend (SQLite in memory, demo catalog) several times
// and prints the median time to the first catalog answer and to the fully ingested catalog.
// Usage: yarn bench:startup [runs=5]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const backendDir = path.join(root, 'packages/backend');
const require = createRequire(path.join(backendDir, 'package.json'));
const runs = Number(process.argv[2] ?? 5);
const port = 7207;
const token = randomBytes(16).toString('hex');
const packageCatalogFiles = ['packages', 'plugins'].flatMap(dir =>
  fs
    .readdirSync(path.join(root, dir))
    .map(name => path.join(root, dir, name, 'catalog-info.yaml'))
    .filter(file => fs.existsSync(file)),
);
const catalogFiles = [
  path.join(root, 'catalog-info.yaml'),
  ...packageCatalogFiles,
  ...fs
    .readdirSync(path.join(root, 'catalog/demo'), { recursive: true })
    .filter(file => file.endsWith('.yaml'))
    .map(file => path.join(root, 'catalog/demo', file)),
];
const expectedComponents = catalogFiles
  .map(
    file =>
      fs.readFileSync(file, 'utf8').match(/^kind: Component$/gm)?.length ?? 0,
  )
  .reduce((a, b) => a + b, 0);

const overrides = path.join(
  fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')),
  'bench.yaml',
);
fs.writeFileSync(
  overrides,
  JSON.stringify({
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port, host: '127.0.0.1' },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'bench' } },
        ],
      },
    },
  }),
);

async function componentCount() {
  try {
    const response = await fetch(
      `http://localhost:${port}/api/catalog/entity-facets?facet=kind`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (!response.ok) return undefined;
    const { facets } = await response.json();
    return facets.kind.find(f => f.value === 'Component')?.count ?? 0;
  } catch {
    return undefined;
  }
}

async function measureOnce() {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      overrides,
    ],
    {
      cwd: backendDir,
      env: { ...process.env, NODE_ENV: 'development' },
      stdio: 'ignore',
    },
  );
  let firstAnswer;
  let ingested;
  while (performance.now() - started < 120_000 && ingested === undefined) {
    const count = await componentCount();
    if (count !== undefined && firstAnswer === undefined) {
      firstAnswer = performance.now() - started;
    }
    if (count >= expectedComponents) ingested = performance.now() - started;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  child.kill('SIGTERM');
  await new Promise(resolve => child.once('exit', resolve));
  if (ingested === undefined)
    throw new Error('the catalog was not ingested within 120 s');
  return { firstAnswer, ingested };
}

const median = values =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = [];
for (let i = 0; i < runs; i++) {
  const result = await measureOnce();
  results.push(result);
  console.log(
    `run ${i + 1}: first catalog answer ${Math.round(
      result.firstAnswer,
    )} ms, ` +
      `${expectedComponents} components ingested ${Math.round(
        result.ingested,
      )} ms`,
  );
}
console.log(
  `median of ${runs}: first catalog answer ${Math.round(
    median(results.map(r => r.firstAnswer)),
  )} ms, ` +
    `catalog ingested ${Math.round(median(results.map(r => r.ingested)))} ms`,
);
