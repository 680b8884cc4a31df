import { stringify as stringifyYaml } from 'yaml';
import type { MergeMethod } from '../github';
import type { CatalogEntity, DemoCatalog, DemoComponent } from './demoCatalog';
import type { SeededRandom } from './random';
import { DAY, wholeSeconds } from './time';
import { DEPENDABOT, RENOVATE } from './people';
import { DemoStandards, demoStandardsOf } from './standards';

export type Language =
  | 'typescript'
  | 'go'
  | 'kotlin'
  | 'java'
  | 'python'
  | 'php'
  | 'avro'
  | 'actions'
  | 'infrastructure';

export type RepositoryKind =
  | 'service'
  | 'website'
  | 'library'
  | 'infrastructure';

/** Everything the planner and the file templates need to know about one repository. */
export interface RepositoryProfile {
  org: string;
  name: string;
  title: string;
  description: string;
  kind: RepositoryKind;
  language: Language;
  lifecycle: string;
  ownerTeam: string;
  system: string | undefined;
  topics: string[];
  /** Set for components the Kubernetes tab shows; those get deployments. */
  kubernetesId: string | undefined;
  /** The entity as YAML, committed as `catalog-info.yaml`. */
  catalogInfo: string;
  /** The entity points TechDocs at the repository (`backstage.io/techdocs-ref`). */
  hasTechDocs: boolean;
  /** API entity names from `spec.providesApis` and `spec.consumesApis`, for the API docs page. */
  providesApis: string[];
  consumesApis: string[];
  /** Entity references from `spec.dependsOn`, for the runbook. */
  dependsOn: string[];
  createdAt: number;
  /** When the seeded window of dense history starts for this repository. */
  historyStart: number;
  weeklyPullRequests: number;
  /** Probability that a production deployment fails. */
  productionFailureRate: number;
  mergeMethods: ReadonlyArray<readonly [MergeMethod, number]>;
  dependencyBot: string;
  /** GitHub's "Automatically delete head branches"; repositories without it keep stale branches. */
  deleteBranchOnMerge: boolean;
  publishesReleases: boolean;
  conventionalCommits: boolean;
  /** Which of the platform's standards the repository and its workloads meet. */
  standards: DemoStandards;
}

const LANGUAGE_TAGS: readonly Language[] = [
  'typescript',
  'go',
  'kotlin',
  'java',
  'python',
  'php',
];

export function languageOf(component: DemoComponent): Language {
  const fromTag = LANGUAGE_TAGS.find(language =>
    component.tags.includes(language),
  );
  if (fromTag) return fromTag;
  if (component.tags.includes('avro')) return 'avro';
  if (component.tags.includes('github-actions')) return 'actions';
  // Polyglot SDKs without a language tag keep their reference implementation in Go.
  return 'go';
}

function kindOf(component: DemoComponent): RepositoryKind {
  if (component.type === 'website') return 'website';
  if (component.type === 'library') return 'library';
  return 'service';
}

const MERGE_STYLES: ReadonlyArray<
  ReadonlyArray<readonly [MergeMethod, number]>
> = [
  [
    ['squash', 88],
    ['merge', 8],
    ['rebase', 4],
  ],
  [
    ['merge', 85],
    ['squash', 12],
    ['rebase', 3],
  ],
  [
    ['squash', 60],
    ['merge', 30],
    ['rebase', 10],
  ],
];

interface Window {
  start: number;
  now: number;
}

/**
 * Activity, age and failure rate follow the component's lifecycle:
 * production repositories predate the window and are busy, experimental
 * ones were started inside it and break more often, deprecated ones mostly
 * see bot updates.
 */
function activityOf(
  lifecycle: string,
  kind: RepositoryKind,
  window: Window,
  random: SeededRandom,
) {
  const span = window.now - window.start;
  if (lifecycle === 'experimental') {
    const historyStart = window.start + span * random.between(0.2, 0.5);
    return {
      createdAt: historyStart - random.int(1, 6) * DAY,
      historyStart,
      weeklyPullRequests: random.between(1.0, 1.6),
      productionFailureRate: random.between(0.1, 0.18),
    };
  }
  if (lifecycle === 'deprecated') {
    return {
      createdAt: window.start - random.int(4 * 365, 6 * 365) * DAY,
      historyStart: window.start,
      weeklyPullRequests: random.between(0.15, 0.3),
      productionFailureRate: random.between(0.15, 0.25),
    };
  }
  const library = kind === 'library';
  return {
    createdAt: window.start - random.int(120, 900) * DAY,
    historyStart: window.start,
    weeklyPullRequests: library
      ? random.between(0.4, 0.8)
      : random.between(0.6, 1.2),
    productionFailureRate: random.between(0.03, 0.1),
  };
}

const TECHDOCS_REF_ANNOTATION = 'backstage.io/techdocs-ref';

function techDocsRefOf(entity: CatalogEntity): string | undefined {
  return entity.metadata.annotations?.[TECHDOCS_REF_ANNOTATION];
}

function specStrings(entity: CatalogEntity, key: string): string[] {
  const value = entity.spec?.[key];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

const SOURCE_LOCATION_ANNOTATION = 'backstage.io/source-location';

/**
 * The demo catalog is read from files, so it points TechDocs and "View
 * source" at the sandbox repository by URL. The copy committed inside that
 * repository is written as a real repository's catalog-info.yaml is: TechDocs
 * at `dir:.` and no source location (the catalog derives it from where the
 * file was registered), so registering it from the repository works the same.
 */
export function repositoryCopyOf(entity: CatalogEntity): CatalogEntity {
  const { [SOURCE_LOCATION_ANNOTATION]: _sourceLocation, ...annotations } =
    entity.metadata.annotations ?? {};
  if (techDocsRefOf(entity) !== undefined) {
    annotations[TECHDOCS_REF_ANNOTATION] = 'dir:.';
  }
  return { ...entity, metadata: { ...entity.metadata, annotations } };
}

function profileOf(
  org: string,
  component: DemoComponent,
  window: Window,
  random: SeededRandom,
): RepositoryProfile {
  const kind = kindOf(component);
  const activity = activityOf(component.lifecycle, kind, window, random);
  const name = component.projectSlug!.split('/')[1];
  return {
    org,
    name,
    title: component.title,
    description: component.description || `${component.title} for Tidewater.`,
    kind,
    language: languageOf(component),
    lifecycle: component.lifecycle,
    ownerTeam: component.owner,
    system: component.system,
    topics: [...new Set(component.tags)],
    kubernetesId: component.kubernetesId,
    catalogInfo: stringifyYaml(repositoryCopyOf(component.entity)),
    hasTechDocs: techDocsRefOf(component.entity) !== undefined,
    providesApis: specStrings(component.entity, 'providesApis'),
    consumesApis: specStrings(component.entity, 'consumesApis'),
    dependsOn: specStrings(component.entity, 'dependsOn'),
    createdAt: wholeSeconds(activity.createdAt),
    historyStart: wholeSeconds(activity.historyStart),
    weeklyPullRequests: activity.weeklyPullRequests,
    productionFailureRate: activity.productionFailureRate,
    mergeMethods: random.pick(MERGE_STYLES),
    dependencyBot: random.chance(0.6) ? DEPENDABOT : RENOVATE,
    deleteBranchOnMerge: random.chance(0.5),
    publishesReleases: kind === 'library',
    conventionalCommits: random.chance(0.5),
    standards: demoStandardsOf(component.name),
  };
}

export const PLATFORM_INFRASTRUCTURE_REPOSITORY = 'platform-infrastructure';

/** Where database claims are proposed by pull request; not a catalog component. */
function platformInfrastructureProfile(
  org: string,
  catalog: DemoCatalog,
  window: Window,
  random: SeededRandom,
): RepositoryProfile {
  const ownerTeam =
    catalog.systems.find(system => system.name === 'developer-platform')
      ?.owner ??
    catalog.teams[0]?.name ??
    'team-platform';
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: PLATFORM_INFRASTRUCTURE_REPOSITORY,
      title: 'Platform infrastructure',
      description:
        'Crossplane claims and platform APIs; teams request databases here by pull request.',
      annotations: {
        'github.com/project-slug': `${org}/${PLATFORM_INFRASTRUCTURE_REPOSITORY}`,
      },
      tags: ['crossplane', 'kubernetes', 'gitops'],
    },
    spec: {
      type: 'infrastructure',
      lifecycle: 'production',
      owner: `group:default/${ownerTeam}`,
      system: 'developer-platform',
    },
  };
  return {
    org,
    name: PLATFORM_INFRASTRUCTURE_REPOSITORY,
    title: 'Platform infrastructure',
    description: entity.metadata.description,
    kind: 'infrastructure',
    language: 'infrastructure',
    lifecycle: 'production',
    ownerTeam,
    system: 'developer-platform',
    topics: entity.metadata.tags,
    kubernetesId: undefined,
    catalogInfo: stringifyYaml(entity),
    hasTechDocs: false,
    providesApis: [],
    consumesApis: [],
    dependsOn: [],
    createdAt: wholeSeconds(window.start - random.int(200, 400) * DAY),
    historyStart: window.start,
    weeklyPullRequests: random.between(0.4, 0.7),
    productionFailureRate: 0,
    mergeMethods: MERGE_STYLES[0],
    dependencyBot: RENOVATE,
    deleteBranchOnMerge: true,
    publishesReleases: false,
    conventionalCommits: true,
    standards: {},
  };
}

/**
 * One profile per catalog component with a `github.com/project-slug`, plus
 * the platform's infrastructure repository. Order follows the catalog, so
 * ids come out the same on every run.
 */
export function repositoryProfilesOf(
  catalog: DemoCatalog,
  options: { org: string; now: number; months: number; random: SeededRandom },
): RepositoryProfile[] {
  const window = {
    start: wholeSeconds(options.now - options.months * 30.44 * DAY),
    now: options.now,
  };
  const profiles = catalog.components
    .filter(
      component =>
        component.projectSlug?.split('/')[0].toLowerCase() ===
        options.org.toLowerCase(),
    )
    .map(component =>
      profileOf(
        options.org,
        component,
        window,
        options.random.fork(component.projectSlug!),
      ),
    );
  profiles.push(
    platformInfrastructureProfile(
      options.org,
      catalog,
      window,
      options.random.fork(PLATFORM_INFRASTRUCTURE_REPOSITORY),
    ),
  );
  return profiles;
}
