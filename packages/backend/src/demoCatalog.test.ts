import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  ComponentEntity,
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  KindValidator,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  isApiEntity,
  isComponentEntity,
  isDomainEntity,
  isGroupEntity,
  isLocationEntity,
  isResourceEntity,
  isSystemEntity,
  isUserEntity,
  locationEntityV1alpha1Validator,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import {
  DEMO_CATALOG_ENTRY,
  DEMO_CLUSTER_DATABASES,
  readCatalogFiles,
} from './__testUtils__/demoCatalog';

const rootFile = DEMO_CATALOG_ENTRY;
const demoDir = path.dirname(rootFile);

type DemoCatalog = {
  targets: string[];
  entities: Entity[];
};

const kindValidators: Record<string, KindValidator> = {
  API: apiEntityV1alpha1Validator,
  Component: componentEntityV1alpha1Validator,
  Domain: domainEntityV1alpha1Validator,
  Group: groupEntityV1alpha1Validator,
  Location: locationEntityV1alpha1Validator,
  Resource: resourceEntityV1alpha1Validator,
  System: systemEntityV1alpha1Validator,
  User: userEntityV1alpha1Validator,
};

const relationFields: Record<string, string | undefined> = {
  owner: 'Group',
  system: 'System',
  domain: 'Domain',
  subdomainOf: 'Domain',
  parent: 'Group',
  children: 'Group',
  members: 'User',
  memberOf: 'Group',
  subcomponentOf: 'Component',
  providesApis: 'API',
  consumesApis: 'API',
  dependsOn: undefined,
  dependencyOf: undefined,
};

const entityPolicy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function loadDemoCatalog(): DemoCatalog {
  const files = readCatalogFiles(rootFile);
  const [root] = files;
  if (!isLocationEntity(root.entity)) {
    throw new Error(`${rootFile} must start with a Location entity`);
  }
  const targets = (root.entity.spec.targets ?? []).map(target =>
    path.resolve(demoDir, target),
  );
  return { targets, entities: files.map(({ entity }) => entity) };
}

function listYamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(dirent => {
    const full = path.join(dir, dirent.name);
    if (dirent.isDirectory()) {
      return listYamlFiles(full);
    }
    return /\.ya?ml$/.test(dirent.name) ? [full] : [];
  });
}

function toRef(
  ref: string,
  defaultKind?: string,
  defaultNamespace = 'default',
): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace }),
  );
}

function relationTargets(entity: Entity): string[] {
  const namespace = entity.metadata.namespace ?? 'default';
  return Object.entries(relationFields).flatMap(([field, defaultKind]) => {
    const value = entity.spec?.[field];
    const refs = Array.isArray(value) ? value : [value];
    return refs
      .filter((ref): ref is string => typeof ref === 'string')
      .map(ref => toRef(ref, defaultKind, namespace));
  });
}

const catalog = loadDemoCatalog();
const { entities } = catalog;
// The entity provider catalogs these from the sandbox's cluster, so components may depend on them.
const clusterDatabases = readCatalogFiles(DEMO_CLUSTER_DATABASES).map(
  ({ entity }) => entity,
);
const known = new Map(
  [...entities, ...clusterDatabases].map(entity => [
    stringifyEntityRef(entity),
    entity,
  ]),
);
const components = entities.filter(isComponentEntity);
const gapsCommentWords = new Set(
  (
    fs
      .readFileSync(rootFile, 'utf8')
      .split('\n')
      .find(line => line.startsWith('# Deliberate gaps for scorecards:')) ?? ''
  ).split(/[\s,;:()]+/),
);

const deliberateGaps = [
  {
    gap: 'no description',
    min: 2,
    documented: true,
    matches: (c: ComponentEntity) => !c.metadata.description,
  },
  {
    gap: 'no techdocs-ref',
    min: 2,
    documented: false,
    matches: (c: ComponentEntity) =>
      !c.metadata.annotations?.['backstage.io/techdocs-ref'],
  },
  {
    gap: 'deprecated lifecycle',
    min: 1,
    documented: true,
    matches: (c: ComponentEntity) => c.spec.lifecycle === 'deprecated',
  },
  {
    gap: 'no project slug',
    min: 1,
    documented: true,
    matches: (c: ComponentEntity) =>
      !c.metadata.annotations?.['github.com/project-slug'],
  },
];

describe('demo catalog', () => {
  it('targets every entity file in catalog/demo exactly once', () => {
    // broken/ is its own location (the unprocessed page's fixtures); scorecards/ holds
    // scorecard definitions, not entities; the databases reach the catalog from the clusters.
    const notEntityFolders = ['broken', 'scorecards'].map(dir =>
      path.join(demoDir, dir, path.sep),
    );
    const entityFiles = listYamlFiles(demoDir).filter(
      file =>
        file !== rootFile &&
        file !== DEMO_CLUSTER_DATABASES &&
        !notEntityFolders.some(folder => file.startsWith(folder)),
    );
    expect([...catalog.targets].sort()).toEqual(entityFiles.sort());
  });

  it('defines every entity only once', () => {
    expect(known.size).toBe(entities.length + clusterDatabases.length);
  });

  it.each(
    [...entities, ...clusterDatabases].map(
      entity => [stringifyEntityRef(entity), entity] as const,
    ),
  )('%s passes catalog-model validation', async (_ref, entity) => {
    await expect(
      entityPolicy.enforce(structuredClone(entity)),
    ).resolves.toBeDefined();
    await expect(kindValidators[entity.kind].check(entity)).resolves.toBe(true);
  });

  it.each(
    entities.map(entity => [stringifyEntityRef(entity), entity] as const),
  )(
    '%s only points at entities defined in the demo catalog',
    (_ref, entity) => {
      const missing = relationTargets(entity).filter(
        target => !known.has(target),
      );
      expect(missing).toEqual([]);
    },
  );

  it.each([
    {
      label: 'teams',
      min: 6,
      matches: (e: Entity) => isGroupEntity(e) && e.spec.type === 'team',
    },
    { label: 'users', min: 18, matches: isUserEntity },
    { label: 'domains', min: 3, matches: isDomainEntity },
    { label: 'systems', min: 3, matches: isSystemEntity },
    { label: 'components', min: 22, matches: isComponentEntity },
    { label: 'APIs', min: 6, matches: isApiEntity },
    {
      label: 'openapi APIs',
      min: 5,
      matches: (e: Entity) => isApiEntity(e) && e.spec.type === 'openapi',
    },
    {
      label: 'asyncapi APIs',
      min: 1,
      matches: (e: Entity) => isApiEntity(e) && e.spec.type === 'asyncapi',
    },
    { label: 'resources', min: 4, matches: isResourceEntity },
  ])('has at least $min $label', ({ min, matches }) => {
    expect(entities.filter(matches).length).toBeGreaterThanOrEqual(min);
  });

  it.each(
    entities
      .filter(isApiEntity)
      .filter(api => ['openapi', 'asyncapi'].includes(api.spec.type))
      .map(
        api => [api.metadata.name, api.spec.type, api.spec.definition] as const,
      ),
  )('API %s has a valid %s definition', (_name, type, definition) => {
    const parsed: unknown = parse(definition);
    const version = isRecord(parsed) ? String(parsed[type]) : '';
    expect(version).toMatch(type === 'openapi' ? /^3\.0\.\d+$/ : /^2\.6\.0$/);
  });

  it.each(
    entities
      .filter(isUserEntity)
      .map(user => [user.metadata.name, user] as const),
  )('user %s is a member of exactly one team', (_name, user) => {
    expect(user.spec.memberOf).toHaveLength(1);
    const team = known.get(toRef(user.spec.memberOf?.[0] ?? '', 'Group'));
    expect(team?.kind).toBe('Group');
    expect(team?.spec?.type).toBe('team');
  });

  it('makes sam.rivera and priya.natarajan platform admins', () => {
    const admins = known.get('group:default/platform-admins');
    expect(admins?.spec?.members).toEqual(
      expect.arrayContaining(['sam.rivera', 'priya.natarajan']),
    );
  });

  it.each(
    components.map(component => [component.metadata.name, component] as const),
  )('component %s is owned by a team', (_name, component) => {
    const owner = known.get(toRef(component.spec.owner, 'Group'));
    expect(owner?.kind).toBe('Group');
    expect(owner?.spec?.type).toBe('team');
  });

  it.each(
    components.map(component => [component.metadata.name, component] as const),
  )('component %s carries the expected annotations', (name, component) => {
    const annotations = component.metadata.annotations ?? {};
    const deployable = ['service', 'website'].includes(component.spec.type);
    expect([undefined, `tidewater/${name}`]).toContain(
      annotations['github.com/project-slug'],
    );
    expect(annotations['backstage.io/kubernetes-id']).toBe(
      deployable ? name : undefined,
    );
  });

  it.each(deliberateGaps)(
    'has at least $min components with the deliberate gap: $gap',
    ({ min, matches }) => {
      expect(components.filter(matches).length).toBeGreaterThanOrEqual(min);
    },
  );

  it.each(deliberateGaps.filter(({ documented }) => documented))(
    'names every component with the gap "$gap" in the all.yaml comment',
    ({ matches }) => {
      const undocumented = components
        .filter(matches)
        .map(component => component.metadata.name)
        .filter(name => !gapsCommentWords.has(name));
      expect(undocumented).toEqual([]);
    },
  );
});
