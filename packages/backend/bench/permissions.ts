// What the permission policy costs the catalog: the first page, an owner filter and the facets
// the catalog page asks for, timed against the same generated SQLite catalog with Callboard's
// policy and with an allow-all policy (bench/allowAllBackend.ts: the same backend, permissions
// enabled, every decision ALLOW), medians of several runs, as the guest. Goal: at most 10% slower.
// Usage: yarn bench:permissions [entities=13000] [runs=15]   (13000 is the issue's catalog)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { CatalogApi } from '../src/__testUtils__/catalogApi';
import { guestToken } from '../src/__testUtils__/guestSignIn';
import {
  BackendProcess,
  startBackendProcess,
} from '../src/__testUtils__/startBackendProcess';

const entityCount = Number(process.argv[2] ?? 13_000);
const runs = Number(process.argv[3] ?? 15);
const WARMUP = 3;
const TEAMS = [
  'team-checkout',
  'team-fulfilment',
  'team-catalog',
  'team-identity',
  'team-data',
  'team-platform',
];

const QUERIES: Record<string, string> = {
  'first page':
    '/api/catalog/entities/by-query?limit=20&orderField=metadata.name,asc',
  'owner filter':
    '/api/catalog/entities/by-query?limit=20&filter=kind=component,relations.ownedBy=group:default/team-checkout',
  facets:
    '/api/catalog/entity-facets?facet=kind&facet=spec.lifecycle&facet=spec.type&facet=metadata.tags&facet=relations.ownedBy',
};

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

function writeGeneratedCatalog(dir: string): string {
  const file = path.join(dir, 'generated.yaml');
  const documents = Array.from({ length: entityCount }, (_, i) =>
    stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `generated-${String(i).padStart(6, '0')}`,
        description: `Generated component ${i} for the permission benchmark`,
        tags: [`tier-${i % 4}`, `lang-${i % 7}`],
      },
      spec: {
        type: i % 3 === 0 ? 'website' : 'service',
        lifecycle: i % 5 === 0 ? 'experimental' : 'production',
        owner: `group:default/${TEAMS[i % TEAMS.length]}`,
      },
    }),
  );
  fs.writeFileSync(file, documents.join('---\n'));
  return file;
}

async function startBackend(
  sqliteDir: string,
  generatedFile: string,
  policy: 'callboard' | 'allow-all',
): Promise<BackendProcess> {
  return startBackendProcess({
    entry: policy === 'allow-all' ? 'bench/allowAllBackend.ts' : undefined,
    startTimeoutMs: 300_000,
    overrides: {
      backend: {
        database: {
          client: 'better-sqlite3',
          connection: { directory: sqliteDir },
        },
      },
      catalog: {
        locations: [
          {
            type: 'file',
            target: path.resolve(__dirname, '../../../catalog/demo/all.yaml'),
            rules: [{ allow: ['Domain', 'Group', 'User'] }],
          },
          { type: 'file', target: generatedFile },
        ],
        // Once ingested, nothing is reprocessed while the queries are timed.
        processingInterval: { hours: 24 },
      },
      permission: { enabled: true },
      search: {
        collators: {
          catalog: {
            schedule: {
              frequency: 'P1D',
              timeout: 'PT1H',
              initialDelay: 'P1D',
            },
          },
        },
      },
    },
  });
}

async function timeQueries(backend: BackendProcess) {
  const token = await guestToken(backend.baseUrl);
  const medians: Record<string, number> = {};
  for (const [label, urlPath] of Object.entries(QUERIES)) {
    const durations: number[] = [];
    for (let i = 0; i < WARMUP + runs; i++) {
      const started = performance.now();
      const response = await fetch(`${backend.baseUrl}${urlPath}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await response.arrayBuffer();
      const elapsed = performance.now() - started;
      if (!response.ok) {
        throw new Error(`${urlPath} answered ${response.status}`);
      }
      if (i >= WARMUP) {
        durations.push(elapsed);
      }
    }
    medians[label] = median(durations);
  }
  return medians;
}

async function main() {
  const scratch = fs.mkdtempSync(
    path.join(os.tmpdir(), 'callboard-bench-permissions-'),
  );
  const sqliteDir = path.join(scratch, 'sqlite');
  fs.mkdirSync(sqliteDir);
  const generatedFile = writeGeneratedCatalog(scratch);
  try {
    process.stdout.write(
      `ingesting ${entityCount} generated components into SQLite…\n`,
    );
    const ingesting = await startBackend(sqliteDir, generatedFile, 'callboard');
    try {
      const catalog = await CatalogApi.signInAsGuest(ingesting.baseUrl);
      await catalog.waitFor(
        async () =>
          ((await catalog.countsByKind()).Component ?? 0) >= entityCount,
        `${entityCount} components in the catalog`,
        30 * 60_000,
      );
    } finally {
      await ingesting.stop();
    }

    const results: Record<string, Record<string, number>> = {};
    // Alternating twice evens out drift on a shared machine.
    for (const round of [1, 2]) {
      for (const policy of ['callboard', 'allow-all'] as const) {
        const backend = await startBackend(sqliteDir, generatedFile, policy);
        try {
          const medians = await timeQueries(backend);
          for (const [label, value] of Object.entries(medians)) {
            results[label] ??= {};
            results[label][policy] = Math.min(
              results[label][policy] ?? Infinity,
              value,
            );
          }
          process.stdout.write(
            `round ${round}, ${
              policy === 'callboard' ? "Callboard's policy" : 'allow-all policy'
            }: ${Object.entries(medians)
              .map(([label, value]) => `${label} ${value.toFixed(1)} ms`)
              .join(', ')}\n`,
          );
        } finally {
          await backend.stop();
        }
      }
    }

    process.stdout.write(
      `\n${entityCount} components, median of ${runs} runs (best round), guest token\n`,
    );
    process.stdout.write(
      'query          Callboard policy   allow-all policy   ratio\n',
    );
    for (const [label, { callboard, 'allow-all': allowAll }] of Object.entries(
      results,
    )) {
      process.stdout.write(
        `${label.padEnd(15)}${`${callboard.toFixed(1)} ms`.padStart(
          16,
        )}   ${`${allowAll.toFixed(1)} ms`.padStart(16)}   ${(
          callboard / allowAll
        ).toFixed(2)}\n`,
      );
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
