import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { CatalogApi } from './__testUtils__/catalogApi';
import {
  BackendProcess,
  startBackendProcess,
} from './__testUtils__/startBackendProcess';

const CONFIGURED_LOCATIONS = parse(
  fs.readFileSync(path.resolve(__dirname, '../../../app-config.yaml'), 'utf8'),
).catalog.locations;

jest.setTimeout(240_000);

/**
 * `./callboard start` keeps its SQLite files between starts, while search's index (Lunr) lives
 * in memory. The collators are local tasks in app-config.yaml, so a restarted portal indexes
 * again after the initial delay instead of waiting for the next run the database remembers
 * (10 minutes later for the catalog).
 */
describe('search on a restarted portal with kept SQLite files', () => {
  const databaseDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'callboard-search-'),
  );
  let backend: BackendProcess | undefined;

  const start = async () =>
    startBackendProcess({
      overrides: {
        backend: {
          database: {
            client: 'better-sqlite3',
            connection: { directory: databaseDir },
          },
        },
        // The catalog collator keeps app-config.yaml's schedule (first run 15 s after start):
        // a run before the catalog has read its files indexes too little, and the next run
        // is 10 minutes away. A 3 s delay lost that race on a loaded 2-core CI machine.
        catalog: { locations: CONFIGURED_LOCATIONS },
      },
    });

  async function findsOrdersService(baseUrl: string) {
    const catalog = await CatalogApi.signInAsGuest(baseUrl);
    await catalog.waitFor(
      async () =>
        (
          await catalog.search('orders')
        ).some(result => result.document.title === 'Orders service'),
      'Orders service in search',
      60_000,
    );
  }

  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(databaseDir, { recursive: true, force: true });
  });

  it('finds catalog entities again within a minute of the restart', async () => {
    backend = await start();
    await findsOrdersService(backend.baseUrl);
    await backend.stop();

    backend = await start();
    await expect(findsOrdersService(backend.baseUrl)).resolves.toBeUndefined();
  });
});

describe('search on a fresh portal', () => {
  it('answers a search of docs not indexed yet with no results, not an error', async () => {
    const databaseDir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'callboard-search-fresh-'),
    );
    const backend = await startBackendProcess({
      overrides: {
        backend: {
          database: {
            client: 'better-sqlite3',
            connection: { directory: databaseDir },
          },
        },
      },
    });
    try {
      const catalog = await CatalogApi.signInAsGuest(backend.baseUrl);
      // TechDocs builds its first site 45 s after start: until then Lunr has no techdocs index.
      const docs = await catalog.get<{ results: unknown[] }>(
        '/api/search/query?term=orders&types[0]=techdocs',
      );
      expect(docs.results).toEqual([]);
    } finally {
      await backend.stop();
      fs.rmSync(databaseDir, { recursive: true, force: true });
    }
  });
});
