/**
 * `.yarn/patches/@backstage-plugin-catalog-backend-module-unprocessed-*.patch` sorts the
 * entities that are not in the catalog by their processing errors. Stock called an entity
 * failed when its `final_entities` row had no final entity, which the catalog no longer writes
 * (it stitches a final entity or no row at all), so **Failed** was always empty and the demo's
 * broken files sat under **Pending** with their errors. It also returns the times as ISO 8601:
 * SQLite's "YYYY-MM-DD HH:MM:SS" showed as "Invalid DateTime". These tests fail when an upgrade
 * drops the patch; they run the catalog's own migrations on both databases.
 */
import path from 'node:path';
import express from 'express';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

// Not exported by the package: the module wires it into the catalog's router.
const { UnprocessedEntitiesModule } = require(path.join(
  path.dirname(
    require.resolve('@backstage/plugin-catalog-backend-module-unprocessed'),
  ),
  'UnprocessedEntitiesModule.cjs.js',
));

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

jest.setTimeout(60_000);

function location(name: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: { name },
    spec: { type: 'file', target: `/catalog/demo/broken/${name}.yaml` },
  };
}

async function catalogDatabase(databaseId: string) {
  const knex = await databases.init(databaseId as any);
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@backstage/plugin-catalog-backend',
      'migrations',
    ),
  });
  const now = knex.fn.now();
  // errors: '' until first processed, then the JSON of what processing reported.
  const refreshState = (name: string, errors: string) => ({
    entity_id: `id-${name}`,
    entity_ref: `location:default/${name}`,
    unprocessed_entity: JSON.stringify(location(name)),
    errors,
    next_update_at: now,
    last_discovery_at: now,
  });
  await knex('refresh_state').insert([
    refreshState('loaded', '[]'),
    refreshState(
      'invalid-yaml',
      JSON.stringify([{ name: 'InputError', message: 'YAML error' }]),
    ),
    refreshState('not-yet-processed', ''),
    refreshState('processed-clean', '[]'),
  ]);
  await knex('final_entities').insert({
    entity_id: 'id-loaded',
    entity_ref: 'location:default/loaded',
    hash: 'h',
    final_entity: JSON.stringify(location('loaded')),
  });
  return knex;
}

describe.each(databases.eachSupportedId())(
  'the unprocessed-entities patch on %s',
  databaseId => {
    async function unprocessed(reason: 'failed' | 'pending') {
      const module = UnprocessedEntitiesModule.create({
        database: await catalogDatabase(databaseId),
        router: express.Router(),
        permissions: mockServices.permissions(),
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.user(),
        }),
      });
      const { entities } = await module.unprocessed({ reason });
      return entities as {
        entity_ref: string;
        errors: { message: string }[] | '';
        next_update_at: string;
        last_discovery_at: string;
      }[];
    }

    async function listed(
      reason: 'failed' | 'pending',
    ): Promise<{ ref: string; errors: string[] }[]> {
      // An entity not yet processed keeps the stored '' as its errors.
      return (await unprocessed(reason)).map(
        (e: { entity_ref: string; errors: { message: string }[] | '' }) => ({
          ref: e.entity_ref,
          errors: Array.isArray(e.errors)
            ? e.errors.map(error => error.message)
            : [],
        }),
      );
    }

    it('lists an entity whose processing left errors under Failed, with them', async () => {
      expect(await listed('failed')).toEqual([
        { ref: 'location:default/invalid-yaml', errors: ['YAML error'] },
      ]);
    });

    it('lists entities not yet in the catalog without errors under Pending, and no loaded one', async () => {
      const pending = await listed('pending');
      expect(pending.map(e => e.ref).sort()).toEqual([
        'location:default/not-yet-processed',
        'location:default/processed-clean',
      ]);
    });

    it('gives the times as ISO 8601, which the page can show', async () => {
      const [failed] = await unprocessed('failed');
      for (const time of [failed.next_update_at, failed.last_discovery_at]) {
        expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
        expect(Math.abs(Date.parse(time) - Date.now())).toBeLessThan(
          10 * 60_000,
        );
      }
    });
  },
);
