import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import path from 'node:path';
import {
  BackendProcess,
  startBackendProcess,
} from './__testUtils__/startBackendProcess';
import { countByKind, readCatalogFiles } from './__testUtils__/demoCatalog';
import { CatalogApi } from './__testUtils__/catalogApi';
import fs from 'node:fs';
import { parse } from 'yaml';
import { guestToken } from './__testUtils__/guestSignIn';
import { permissionRules } from './permissions';

// Listed in app-config.yaml, so the portal's unprocessed-entities page shows them too.
const FIXTURES = path.resolve(__dirname, '../../../catalog/demo/broken');
const CONFIGURED_LOCATIONS = parse(
  fs.readFileSync(path.resolve(__dirname, '../../../app-config.yaml'), 'utf8'),
).catalog.locations;

jest.setTimeout(180_000);

describe('the Callboard backend with the demo catalog', () => {
  const demoEntities = readCatalogFiles().map(({ entity }) => entity);
  const expectedCounts = countByKind([
    ...demoEntities,
    ...readCatalogFiles(
      path.resolve(__dirname, '../../../catalog-info.yaml'),
    ).map(({ entity }) => entity),
    ...readCatalogFiles(
      path.resolve(__dirname, '../../../templates/all.yaml'),
    ).map(({ entity }) => entity),
  ]);
  let backend: BackendProcess;
  let catalog: CatalogApi;

  beforeAll(async () => {
    backend = await startBackendProcess({
      overrides: {
        backend: {
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
        catalog: {
          locations: CONFIGURED_LOCATIONS,
        },
        search: {
          collators: {
            catalog: {
              // ISO strings replace the base config's duration objects instead of merging.
              schedule: {
                frequency: 'PT5S',
                timeout: 'PT1M',
                initialDelay: 'PT1S',
              },
            },
          },
        },
      },
    });
    catalog = await CatalogApi.signInAsGuest(backend.baseUrl);
    await catalog.waitFor(async () => {
      const counts = await catalog.countsByKind();
      return counts.Component === expectedCounts.Component;
    }, 'every demo component to be ingested');
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('ingests every entity of the demo catalog, by kind', async () => {
    const counts = await catalog.countsByKind();
    const kinds = Object.keys(expectedCounts).filter(k => k !== 'Location');
    for (const kind of kinds) {
      expect({ kind, count: counts[kind] }).toEqual({
        kind,
        count: expectedCounts[kind],
      });
    }
  });

  it('relates every component to its owner and system', async () => {
    const components = demoEntities.filter(e => e.kind === 'Component');
    expect(components.length).toBeGreaterThan(20);
    for (const component of components) {
      const stored = await catalog.getEntity(stringifyEntityRef(component));
      const expected: [string, string][] = [
        ['ownedBy', qualify(String(component.spec?.owner), 'group')],
        ['partOf', qualify(String(component.spec?.system), 'system')],
      ];
      expect(relationsOf(stored)).toEqual(expect.arrayContaining(expected));
    }
  });

  it('links APIs to the components that provide and consume them', async () => {
    const providers = demoEntities.filter(
      e => e.kind === 'Component' && Array.isArray(e.spec?.providesApis),
    );
    expect(providers.length).toBeGreaterThan(0);
    for (const provider of providers) {
      for (const api of provider.spec!.providesApis as string[]) {
        const stored = await catalog.getEntity(qualify(api, 'api'));
        expect(relationsOf(stored)).toContainEqual([
          'apiProvidedBy',
          stringifyEntityRef(provider),
        ]);
        expect(stored.spec?.definition).toEqual(expect.any(String));
      }
    }
  });

  it('finds components by name through search', async () => {
    const component = demoEntities.find(e => e.kind === 'Component')!;
    const location = `/catalog/default/component/${component.metadata.name}`;
    let locations: string[] = [];
    await catalog.waitFor(async () => {
      const results = await catalog.search(component.metadata.name);
      locations = results.map(r => r.document.location);
      return locations.includes(location);
    }, `search to return ${component.metadata.name}`);
    expect(locations).toContain(location);
  });

  it.each([
    ['invalid YAML', 'invalid-yaml.yaml', /YAML/],
    [
      'an entity of unknown kind',
      'unknown-kind.yaml',
      /microservice:default\/mystery-service/i,
    ],
    [
      'an entity without metadata.name',
      'missing-name.yaml',
      /metadata must have required property 'name'/,
    ],
  ])(
    'reports %s as a processing error while the rest of the catalog loads',
    async (_, file, message) => {
      let errors: string[] = [];
      await catalog.waitFor(async () => {
        errors = await catalog.processingErrorsFor(path.join(FIXTURES, file));
        return errors.length > 0;
      }, `a processing error for ${file}`);
      expect(errors.join('\n')).toMatch(message);
    },
  );
});

describe('the Callboard backend', () => {
  let backend: BackendProcess;

  beforeAll(async () => {
    backend = await startBackendProcess({
      overrides: {
        backend: {
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
        catalog: { locations: [] },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('has an explicit rule for every permission an installed plugin registers', async () => {
    const pluginIds = installedPluginIds(backend.output());
    expect(pluginIds).toEqual(
      expect.arrayContaining(['catalog', 'scaffolder', 'kubernetes']),
    );
    const token = await guestToken(backend.baseUrl);
    const registered: { pluginId: string; name: string }[] = [];
    for (const pluginId of pluginIds) {
      const response = await fetch(
        `${backend.baseUrl}/api/${pluginId}/.well-known/backstage/permissions/metadata`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      // No metadata route: a 404, or, for the app plugin once the app is built, its
      // single-page fallback (index.html for every path under its mount).
      if (
        response.status === 404 ||
        response.headers.get('content-type')?.startsWith('text/html')
      ) {
        continue;
      }
      expect({ pluginId, status: response.status }).toEqual({
        pluginId,
        status: 200,
      });
      const body = (await response.json()) as {
        permissions: { name: string }[];
      };
      registered.push(
        ...body.permissions.map(({ name }) => ({ pluginId, name })),
      );
    }

    expect(registered.map(p => p.name)).toEqual(
      expect.arrayContaining([
        'catalog.entity.delete',
        'scaffolder.template.dry-run',
        'kubernetes.proxy',
      ]),
    );
    expect(registered.filter(({ name }) => !(name in permissionRules))).toEqual(
      [],
    );
  });
});

/** The plugin ids the backend itself reports when it starts them. */
function installedPluginIds(output: string): string[] {
  const line = output.match(/Plugin initialization started: ([^\n]*)/);
  if (!line) {
    throw new Error(`The backend did not list its plugins:\n${output}`);
  }
  return [...line[1].matchAll(/'([^']+)'/g)].map(match => match[1]);
}

function relationsOf(entity: Entity): [string, string][] {
  return (entity.relations ?? []).map(r => [r.type, r.targetRef]);
}

function qualify(ref: string, defaultKind: string): string {
  const [kindOrName, maybeName] = ref.includes(':')
    ? ref.split(':')
    : [defaultKind, ref];
  const name = maybeName ?? kindOrName;
  const kind = ref.includes(':') ? kindOrName : defaultKind;
  return `${kind.toLocaleLowerCase('en-US')}:${
    name.includes('/') ? name : `default/${name}`
  }`;
}
