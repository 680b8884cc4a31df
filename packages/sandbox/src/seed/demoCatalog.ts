import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { defaultCatalogDir, defaultRootCatalogInfoFile } from './paths';

/** The parts of a Backstage entity the seeders read. */
export interface CatalogEntity {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    title?: string;
    description?: string;
    annotations?: Record<string, string>;
    tags?: string[];
  };
  spec?: Record<string, unknown>;
}

export interface DemoUser {
  /** Entity name, e.g. `ada.okafor`. */
  name: string;
  displayName: string;
  email: string;
  memberOf: string[];
  annotations: Record<string, string>;
}

export interface DemoTeam {
  name: string;
  displayName: string;
  description: string;
  /** User entity names, from both `spec.members` and the users' `memberOf`. */
  members: string[];
}

export interface DemoSystem {
  name: string;
  title: string;
  owner: string;
}

export interface DemoComponent {
  name: string;
  title: string;
  description: string;
  type: string;
  lifecycle: string;
  /** Group name of the owner, without kind or namespace. */
  owner: string;
  system: string | undefined;
  tags: string[];
  /** `github.com/project-slug`, e.g. `tidewater/orders-service`. */
  projectSlug: string | undefined;
  kubernetesId: string | undefined;
  entity: CatalogEntity;
}

export interface DemoResource {
  name: string;
  title: string;
  description: string;
  type: string;
  owner: string;
  system: string | undefined;
  tags: string[];
  /** Entity refs of what depends on it, e.g. `component:orders-service`. */
  dependencyOf: string[];
}

export interface DemoOrganization {
  name: string;
  displayName: string;
  description: string;
  email: string | undefined;
}

export interface DemoCatalog {
  /** The Group of type `organization`, when the catalog has one. */
  organization: DemoOrganization | undefined;
  users: DemoUser[];
  teams: DemoTeam[];
  systems: DemoSystem[];
  components: DemoComponent[];
  resources: DemoResource[];
}

export interface LoadDemoCatalogOptions {
  /** Folder holding `all.yaml`; defaults to the repository's `catalog/demo`. */
  catalogDir?: string;
  /**
   * An extra entity file read after the catalog (Callboard's own
   * `catalog-info.yaml` by default); `false` skips it.
   */
  rootCatalogInfoFile?: string | false;
}

export const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const GITHUB_LOGIN_ANNOTATION = 'github.com/user-login';

function readEntities(file: string): CatalogEntity[] {
  const text = fs.readFileSync(file, 'utf8');
  return parseAllDocuments(text)
    .map(document => document.toJS() as CatalogEntity | null)
    .filter((entity): entity is CatalogEntity => entity !== null);
}

/** `group:default/team-checkout` and `team-checkout` both name `team-checkout`. */
export function entityNameOf(reference: string): string {
  const withoutKind = reference.includes(':')
    ? reference.slice(reference.indexOf(':') + 1)
    : reference;
  return withoutKind.includes('/')
    ? withoutKind.slice(withoutKind.indexOf('/') + 1)
    : withoutKind;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Entities reachable from `all.yaml`, following `Location` targets as the catalog does. */
function readCatalogEntities(catalogDir: string): CatalogEntity[] {
  const entities: CatalogEntity[] = [];
  const visited = new Set<string>();
  const visit = (file: string) => {
    const absolute = path.resolve(file);
    if (visited.has(absolute)) {
      return;
    }
    visited.add(absolute);
    for (const entity of readEntities(absolute)) {
      if (entity.kind === 'Location') {
        const spec = recordOf(entity.spec);
        const targets = [
          ...stringsOf(spec.targets),
          ...(stringOf(spec.target) ? [stringOf(spec.target)!] : []),
        ];
        for (const target of targets) {
          visit(path.resolve(path.dirname(absolute), target));
        }
      } else {
        entities.push(entity);
      }
    }
  };
  visit(path.join(catalogDir, 'all.yaml'));
  // The databases the clusters hold, read to create the claims (a no-op when
  // all.yaml already targets the file).
  const databases = path.join(catalogDir, 'databases.yaml');
  if (fs.existsSync(databases)) visit(databases);
  return entities;
}

function toComponent(entity: CatalogEntity): DemoComponent {
  const spec = recordOf(entity.spec);
  const annotations = entity.metadata.annotations ?? {};
  return {
    name: entity.metadata.name,
    title: entity.metadata.title ?? entity.metadata.name,
    description: entity.metadata.description ?? '',
    type: stringOf(spec.type) ?? 'service',
    lifecycle: stringOf(spec.lifecycle) ?? 'production',
    owner: entityNameOf(stringOf(spec.owner) ?? ''),
    system: stringOf(spec.system)
      ? entityNameOf(stringOf(spec.system)!)
      : undefined,
    tags: entity.metadata.tags ?? [],
    projectSlug: annotations[PROJECT_SLUG_ANNOTATION],
    kubernetesId: annotations[KUBERNETES_ID_ANNOTATION],
    entity,
  };
}

/** Reads the demo catalog: people, teams, systems, components and resources. */
export function loadDemoCatalog(
  options: LoadDemoCatalogOptions = {},
): DemoCatalog {
  const catalogDir = options.catalogDir ?? defaultCatalogDir();
  const entities = readCatalogEntities(catalogDir);
  const rootFile =
    options.rootCatalogInfoFile === undefined
      ? defaultRootCatalogInfoFile()
      : options.rootCatalogInfoFile;
  if (rootFile && fs.existsSync(rootFile)) {
    for (const entity of readEntities(rootFile)) {
      const duplicate = entities.some(
        existing =>
          existing.kind === entity.kind &&
          existing.metadata.name === entity.metadata.name,
      );
      if (!duplicate) {
        entities.push(entity);
      }
    }
  }

  const users: DemoUser[] = entities
    .filter(entity => entity.kind === 'User')
    .map(entity => {
      const spec = recordOf(entity.spec);
      const profile = recordOf(spec.profile);
      return {
        name: entity.metadata.name,
        displayName: stringOf(profile.displayName) ?? entity.metadata.name,
        email: stringOf(profile.email) ?? `${entity.metadata.name}@example.com`,
        memberOf: stringsOf(spec.memberOf).map(entityNameOf),
        annotations: entity.metadata.annotations ?? {},
      };
    });

  const teams: DemoTeam[] = entities
    .filter(
      entity =>
        entity.kind === 'Group' && recordOf(entity.spec).type === 'team',
    )
    .map(entity => {
      const spec = recordOf(entity.spec);
      const profile = recordOf(spec.profile);
      const name = entity.metadata.name;
      const members = new Set(stringsOf(spec.members).map(entityNameOf));
      for (const user of users) {
        if (user.memberOf.includes(name)) {
          members.add(user.name);
        }
      }
      return {
        name,
        displayName: stringOf(profile.displayName) ?? name,
        description: entity.metadata.description ?? '',
        members: users
          .map(user => user.name)
          .filter(userName => members.has(userName)),
      };
    });

  const systems: DemoSystem[] = entities
    .filter(entity => entity.kind === 'System')
    .map(entity => ({
      name: entity.metadata.name,
      title: entity.metadata.title ?? entity.metadata.name,
      owner: entityNameOf(stringOf(recordOf(entity.spec).owner) ?? ''),
    }));

  const components = entities
    .filter(entity => entity.kind === 'Component')
    .map(toComponent);

  const resources: DemoResource[] = entities
    .filter(entity => entity.kind === 'Resource')
    .map(entity => {
      const spec = recordOf(entity.spec);
      return {
        name: entity.metadata.name,
        title: entity.metadata.title ?? entity.metadata.name,
        description: entity.metadata.description ?? '',
        type: stringOf(spec.type) ?? 'unknown',
        owner: entityNameOf(stringOf(spec.owner) ?? ''),
        system: stringOf(spec.system)
          ? entityNameOf(stringOf(spec.system)!)
          : undefined,
        tags: entity.metadata.tags ?? [],
        dependencyOf: stringsOf(spec.dependencyOf),
      };
    });

  const organizationEntity = entities.find(
    entity =>
      entity.kind === 'Group' && recordOf(entity.spec).type === 'organization',
  );
  const organizationProfile = recordOf(
    recordOf(organizationEntity?.spec).profile,
  );
  const organization = organizationEntity && {
    name: organizationEntity.metadata.name,
    displayName:
      stringOf(organizationProfile.displayName) ??
      organizationEntity.metadata.name,
    description: organizationEntity.metadata.description ?? '',
    email: stringOf(organizationProfile.email),
  };

  return { organization, users, teams, systems, components, resources };
}
