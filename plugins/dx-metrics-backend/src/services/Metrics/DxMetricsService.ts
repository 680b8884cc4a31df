import {
  BackstageCredentials,
  CacheService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DX_FIGURE_KEYS,
  DxCoverage,
  DxDrillDown,
  DxDrillDownKind,
  DxEntityFigures,
  DxFigure,
  DxFigureKey,
  DxOrgFigures,
  DxTeamFigures,
  DxWindow,
} from '@callboard/plugin-dx-metrics-common';
import { DxMetricsConfig } from '../../config';
import { DxStore, SlugResolution } from '../../database/DxStore';
import { Attribution, attributionsOf } from '../Catalog/attribution';
import {
  IngestTarget,
  LAST_PASS_KEY,
  LastPass,
} from '../Ingest/GithubIngester';
import {
  aggregate,
  botChangesIn,
  deploymentsIn,
  leadTimeBreakdown,
  Window,
  windowEndingAt,
} from './aggregate';
import { repositoryFacts, RepositoryFacts } from './definitions';
import { RepositoryHistory } from './types';

const HOUR = 3_600_000;
const FIGURES_TTL = { minutes: 10 };
const CATALOG_VIEW_TTL = { minutes: 1 };
const ATTRIBUTIONS_TTL_MS = 60_000;

/** The entity a request is about and the components whose data it covers. */
interface CatalogView {
  entityRef: string;
  title: string;
  isGroup: boolean;
  components: Entity[];
  /** A digest of the components' refs: who sees fewer services gets other figures. */
  visible: string;
}

function principalOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${principal.type}:${
    principal.userEntityRef ?? principal.subject ?? ''
  }`;
}

/** What one component contributes: its facts, or why there are none. */
interface ComponentData {
  entityRef: string;
  title?: string;
  facts?: RepositoryFacts;
  coverage: DxCoverage;
  reason?: string;
}

const COMPONENT_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.type',
  'spec.owner',
  'relations',
];

/**
 * DX figures for components, teams and the organization, computed from the event store and
 * attributed through the catalog. The caller's credentials decide which entities are listed;
 * attribution (which components share a repository) uses the plugin's own, so a monorepo splits
 * the same way for everyone.
 */
export class DxMetricsService {
  constructor(
    private readonly deps: {
      store: DxStore;
      catalog: CatalogService;
      cache: CacheService;
      config: DxMetricsConfig;
      serviceCredentials: () => Promise<BackstageCredentials>;
      host: string;
      now?: () => number;
    },
  ) {}

  #now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  #window(days: DxWindow): Window {
    return windowEndingAt(this.#now(), days);
  }

  async #allComponents(): Promise<Entity[]> {
    const { items } = await this.deps.catalog.getEntities(
      { filter: { kind: 'Component' }, fields: COMPONENT_FIELDS },
      { credentials: await this.deps.serviceCredentials() },
    );
    return items;
  }

  #attributionsMemo?: { at: number; value: Promise<Map<string, Attribution>> };

  /**
   * Which repository (and monorepo folder) each component's data comes from. Deciding it needs
   * every component, so the answer is kept for a minute and read again sooner only when one of
   * `needed` is not in it yet (a component registered since).
   */
  async #attributions(
    needed: Entity[] = [],
  ): Promise<Map<string, Attribution>> {
    const now = Date.now();
    const memo = this.#attributionsMemo;
    if (memo && now - memo.at < ATTRIBUTIONS_TTL_MS) {
      const known = await memo.value.catch(() => undefined);
      if (known && needed.every(e => known.has(stringifyEntityRef(e)))) {
        return known;
      }
    }
    const value = this.#allComponents().then(attributionsOf);
    this.#attributionsMemo = { at: now, value };
    return value;
  }

  /** The repositories the catalog names, for the ingest pass. */
  async ingestTargets(): Promise<IngestTarget[]> {
    const attributions = attributionsOf(await this.#allComponents());
    const bySlug = new Map<string, IngestTarget>();
    for (const attribution of attributions.values()) {
      if (!attribution.ok) {
        continue;
      }
      const existing = bySlug.get(attribution.slug);
      bySlug.set(attribution.slug, {
        host: this.deps.host,
        slug: attribution.slug,
        monorepo: (existing?.monorepo ?? false) || !!attribution.scope.path,
      });
    }
    return [...bySlug.values()];
  }

  async #readable(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.deps.catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity found with ref '${ref}'`);
    }
    return entity;
  }

  /** The data of many components, read from the store in a few queries for all of them. */
  async #componentsData(
    entities: Entity[],
    attributions: Map<string, Attribution>,
  ): Promise<ComponentData[]> {
    const slugs = entities.flatMap(entity => {
      const attribution = attributions.get(stringifyEntityRef(entity));
      return attribution?.ok ? [attribution.slug] : [];
    });
    const resolutions = await this.deps.store.getSlugResolutions(slugs);
    const [histories, lastPass] = await Promise.all([
      this.deps.store.loadHistories(
        [...resolutions.values()].flatMap(r =>
          r.repositoryId === null ? [] : [r.repositoryId],
        ),
      ),
      this.deps.store.getState(LAST_PASS_KEY),
    ]);
    const pass = lastPass ? (JSON.parse(lastPass) as LastPass) : undefined;
    return entities.map(entity => {
      const data = this.#componentData(
        entity,
        attributions,
        resolutions,
        histories,
      );
      return pass ? withIngestNotes(data, pass, this.#now()) : data;
    });
  }

  #componentData(
    entity: Entity,
    attributions: Map<string, Attribution>,
    resolutions: Map<string, SlugResolution>,
    histories: Map<number, RepositoryHistory>,
  ): ComponentData {
    const entityRef = stringifyEntityRef(entity);
    const title = entity.metadata.title ?? entity.metadata.name;
    const empty: DxCoverage = {
      repositories: [],
      deploymentSource: 'none',
      pullRequests: false,
      incidents: false,
      notes: [],
    };
    const attribution = attributions.get(entityRef);
    if (!attribution) {
      return {
        entityRef,
        title,
        coverage: empty,
        reason: `${entityRef} is not a component; DX figures come from components.`,
      };
    }
    if (!attribution.ok) {
      return { entityRef, title, coverage: empty, reason: attribution.reason };
    }
    const resolution = resolutions.get(attribution.slug);
    if (!resolution) {
      return {
        entityRef,
        title,
        coverage: { ...empty, repositories: [attribution.slug] },
        reason: `${attribution.slug} has not been ingested yet; the next ingest pass reads it.`,
      };
    }
    if (resolution.status !== 'found' && resolution.repositoryId === null) {
      return {
        entityRef,
        title,
        coverage: { ...empty, repositories: [attribution.slug] },
        reason:
          resolution.reason ?? `GitHub does not know ${attribution.slug}.`,
      };
    }
    const history = histories.get(resolution.repositoryId!);
    if (!history) {
      return {
        entityRef,
        title,
        coverage: { ...empty, repositories: [attribution.slug] },
        reason: `${attribution.slug} has not been ingested yet; the next ingest pass reads it.`,
      };
    }
    const notes: string[] = [];
    if (resolution.status === 'not-found' && resolution.reason) {
      notes.push(resolution.reason);
    }
    if (attribution.scope.path) {
      notes.push(
        `Monorepo: only changes under ${attribution.scope.path}/ (from backstage.io/source-location) count for this component.`,
      );
    }
    if (history.deploymentSource === 'none') {
      notes.push(
        'No production deployments: neither GitHub deployments to a production environment nor deploy workflow runs were found.',
      );
    } else if (history.deploymentSource === 'workflow-runs') {
      notes.push(
        `Deployments are workflow runs matching /${this.deps.config.workflowNamePattern.source}/i on the default branch.`,
      );
    }
    if (!history.hasIncidentSignal) {
      notes.push(
        `No incident issues (labels: ${this.deps.config.incidentLabels.join(
          ', ',
        )}): change failure rate counts failed rollouts, reverts and rollbacks only.`,
      );
    }
    if (history.pullRequests.length === 0) {
      notes.push(
        'No pull requests: lead time comes from commits pushed to the default branch.',
      );
    }
    return {
      entityRef,
      title,
      facts: repositoryFacts(
        history,
        attribution.scope,
        this.deps.config.definitions,
      ),
      coverage: {
        repositories: [history.repository],
        deploymentSource: history.deploymentSource,
        pullRequests: history.pullRequests.length > 0,
        incidents: history.hasIncidentSignal,
        notes,
      },
    };
  }

  #figuresOf(
    entityRef: string,
    title: string | undefined,
    parts: ComponentData[],
    days: DxWindow,
  ): DxEntityFigures {
    const window = this.#window(days);
    const facts = parts.flatMap(part => (part.facts ? [part.facts] : []));
    const includeBots = this.deps.config.definitions.includeBotsInLeadTime;
    const coverage: DxCoverage = {
      repositories: [...new Set(parts.flatMap(p => p.coverage.repositories))],
      deploymentSource:
        (['deployments', 'workflow-runs'] as const).find(source =>
          parts.some(p => p.coverage.deploymentSource === source),
        ) ?? 'none',
      pullRequests: parts.some(p => p.coverage.pullRequests),
      incidents: parts.some(p => p.coverage.incidents),
      notes: [...new Set(parts.flatMap(p => p.coverage.notes))],
      lastIngestAt: parts.find(p => p.coverage.lastIngestAt)?.coverage
        .lastIngestAt,
    };
    const figures = facts.length
      ? aggregate(facts, window, {
          includeBots,
          notes: { incidentSignal: coverage.incidents },
        })
      : emptyFigures();
    return {
      entityRef,
      title,
      window: days,
      status: facts.length ? 'ok' : 'no-data',
      reason: facts.length ? undefined : noDataReason(parts),
      figures,
      leadTimeBreakdown: leadTimeBreakdown(facts, window, includeBots),
      coverage,
      botChanges: botChangesIn(facts, window),
      computedAt: new Date(this.deps.now?.() ?? Date.now()).toISOString(),
    };
  }

  /** Cached per data version, entity and window: any new event makes a new version. */
  async #cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const version = await this.deps.store.dataVersion();
    const cacheKey = `${key}:${version}`;
    const hit = (await this.deps.cache.get(cacheKey)) as T | undefined;
    if (hit) {
      return hit;
    }
    const value = await compute();
    await this.deps.cache.set(cacheKey, value as any, { ttl: FIGURES_TTL });
    return value;
  }

  /**
   * What the caller sees of the catalog around `ref`: the entity and, for a group, the services
   * owned along its org tree. Kept for a minute per caller, because asking the catalog three
   * times was most of a cached team page's time; a new owner shows within that minute.
   */
  async #view(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<CatalogView> {
    const key = `view:${principalOf(credentials)}:${ref}`;
    const hit = (await this.deps.cache.get(key)) as CatalogView | undefined;
    if (hit) {
      return hit;
    }
    const entity = await this.#readable(ref, credentials);
    const entityRef = stringifyEntityRef(entity);
    const isGroup = entity.kind.toLowerCase() === 'group';
    const components = isGroup
      ? await this.#ownedComponents(
          subtreeOf(await this.#groups(credentials), entityRef),
          credentials,
        )
      : [entity];
    const view = catalogView(entity, components);
    await this.deps.cache.set(key, view as any, { ttl: CATALOG_VIEW_TTL });
    return view;
  }

  async entityFigures(
    ref: string,
    days: DxWindow,
    credentials: BackstageCredentials,
  ): Promise<DxEntityFigures> {
    const view = await this.#view(ref, credentials);
    if (view.isGroup) {
      return this.#teamFiguresOf(view, days);
    }
    return this.#cached(`entity:${view.entityRef}:${days}`, async () =>
      this.#figuresOf(
        view.entityRef,
        view.title,
        await this.#componentsData(
          view.components,
          await this.#attributions(view.components),
        ),
        days,
      ),
    );
  }

  /** Every group the caller can read, with the relations that make the org tree. */
  async #groups(credentials: BackstageCredentials): Promise<Entity[]> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: { kind: 'Group' },
        fields: ['kind', 'metadata', 'spec', 'relations'],
      },
      { credentials },
    );
    return items;
  }

  /** Services owned by `refs`, among those the caller can read. */
  async #ownedComponents(
    refs: Set<string>,
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    // The catalog filters on ownership itself, so a team page reads its services, not all of them.
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: {
          kind: 'Component',
          [`relations.${RELATION_OWNED_BY}`]: [...refs],
        },
        fields: COMPONENT_FIELDS,
      },
      { credentials },
    );
    return items;
  }

  async teamFigures(
    groupRef: string,
    days: DxWindow,
    credentials: BackstageCredentials,
  ): Promise<DxTeamFigures> {
    return this.#teamFiguresOf(await this.#view(groupRef, credentials), days);
  }

  /**
   * `data` reads the components' data, by default just the view's; the org page passes one read
   * shared by all its groups.
   */
  async #teamFiguresOf(
    view: CatalogView,
    days: DxWindow,
    data: (
      components: Entity[],
    ) => Promise<ComponentData[]> = async components =>
      this.#componentsData(components, await this.#attributions(components)),
  ) {
    const key = `team:${view.entityRef}:${days}:${view.visible}`;
    return this.#cached(key, async (): Promise<DxTeamFigures> => {
      const parts = await data(view.components);
      return {
        ...this.#figuresOf(view.entityRef, view.title, parts, days),
        services: parts
          .map(part =>
            this.#figuresOf(part.entityRef, part.title, [part], days),
          )
          .sort((a, b) => a.entityRef.localeCompare(b.entityRef)),
      };
    });
  }

  /**
   * Every department and team at once: the caller's groups and components are read once and the
   * store once for all of them, instead of a team page's reads per group one after another.
   */
  async orgFigures(
    days: DxWindow,
    credentials: BackstageCredentials,
  ): Promise<DxOrgFigures> {
    const [groups, { items: components }] = await Promise.all([
      this.#groups(credentials),
      this.deps.catalog.getEntities(
        { filter: { kind: 'Component' }, fields: COMPONENT_FIELDS },
        { credentials },
      ),
    ]);
    const shown = groups.filter(group =>
      ['department', 'team'].includes(String(group.spec?.type)),
    );
    const views = shown.map(group => {
      const refs = subtreeOf(groups, stringifyEntityRef(group));
      return catalogView(
        group,
        components.filter(component =>
          component.relations?.some(
            r => r.type === RELATION_OWNED_BY && refs.has(r.targetRef),
          ),
        ),
      );
    });
    let shared: Promise<Map<string, ComponentData>> | undefined;
    const data = async (wanted: Entity[]) => {
      shared ??= this.#attributions(components)
        .then(attributions => this.#componentsData(components, attributions))
        .then(parts => new Map(parts.map(part => [part.entityRef, part])));
      const byRef = await shared;
      return wanted.map(component => byRef.get(stringifyEntityRef(component))!);
    };
    const figures = await Promise.all(
      views.map(view => this.#teamFiguresOf(view, days, data)),
    );
    const result: DxOrgFigures = {
      window: days,
      groups: shown.map((group, index) => {
        const { services: _services, ...groupFigures } = figures[index];
        return {
          entityRef: views[index].entityRef,
          title: titleOf(group),
          type: String(group.spec?.type),
          parentRef: group.relations?.find(r => r.type === RELATION_CHILD_OF)
            ?.targetRef,
          figures: groupFigures,
        };
      }),
    };
    result.groups.sort(
      (a, b) =>
        a.type.localeCompare(b.type) || a.entityRef.localeCompare(b.entityRef),
    );
    return result;
  }

  async drillDown(
    ref: string,
    days: DxWindow,
    kind: DxDrillDownKind,
    credentials: BackstageCredentials,
  ): Promise<DxDrillDown> {
    const view = await this.#view(ref, credentials);
    const parts = await this.#componentsData(
      view.components,
      await this.#attributions(view.components),
    );
    const facts = parts.flatMap(part => (part.facts ? [part.facts] : []));
    const window = this.#window(days);
    const inWindow = (time: number | null) =>
      time !== null && time >= window.start && time < window.end;
    const iso = (time: number) => new Date(time).toISOString();
    if (kind === 'deployments') {
      return {
        kind,
        items: deploymentsIn(facts, window)
          .sort((a, b) => b.deployment.finishedAt - a.deployment.finishedAt)
          .map(d => ({
            id: d.deployment.id,
            repository: d.repository,
            environment: d.deployment.environment,
            sha: d.deployment.sha,
            status: d.deployment.status,
            at: iso(d.deployment.finishedAt),
            failed: d.failed,
            failureReasons: d.failureReasons,
            rework: d.rework,
            url: d.deployment.url,
          })),
      };
    }
    if (kind === 'pull-requests') {
      return {
        kind,
        items: facts
          .flatMap(f => f.changes)
          .filter(
            c =>
              c.kind === 'pull-request' &&
              (inWindow(c.deployedAt) || inWindow(c.landedAt)),
          )
          .sort((a, b) => b.landedAt - a.landedAt)
          .map(c => ({
            repository: c.repository,
            number: c.number!,
            title: c.title,
            author: c.author ?? 'unknown',
            bot: c.bot,
            url: c.url,
            firstCommitAt: iso(c.firstCommitAt),
            mergedAt: iso(c.landedAt),
            deployedAt: c.deployedAt === null ? null : iso(c.deployedAt),
            leadTimeHours:
              c.deployedAt === null
                ? null
                : (c.deployedAt - c.firstCommitAt) / HOUR,
          })),
      };
    }
    return {
      kind,
      items: facts
        .flatMap(f => f.incidents)
        .filter(i => inWindow(i.createdAt))
        .sort((a, b) => b.createdAt - a.createdAt)
        .map(i => ({
          repository: i.repository,
          number: i.number,
          title: i.title,
          url: i.url,
          openedAt: iso(i.createdAt),
          closedAt: i.closedAt === null ? null : iso(i.closedAt),
        })),
    };
  }
}

/** The name the catalog shows: a title, a group's display name, or else its name. */
function titleOf(entity: Entity): string {
  const profile = entity.spec?.profile as { displayName?: string } | undefined;
  return entity.metadata.title ?? profile?.displayName ?? entity.metadata.name;
}

/** The view of `entity` over `components`; the same components give the same cache key. */
function catalogView(entity: Entity, components: Entity[]): CatalogView {
  return {
    entityRef: stringifyEntityRef(entity),
    title: titleOf(entity),
    isGroup: entity.kind.toLowerCase() === 'group',
    components,
    visible: createHash('sha256')
      .update(components.map(stringifyEntityRef).sort().join(','))
      .digest('hex')
      .slice(0, 16),
  };
}

/** `groupRef` and the groups below it along the org tree (`childOf` relations). */
function subtreeOf(groups: Entity[], groupRef: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const group of groups) {
    for (const relation of group.relations ?? []) {
      if (relation.type === RELATION_CHILD_OF) {
        children.set(relation.targetRef, [
          ...(children.get(relation.targetRef) ?? []),
          stringifyEntityRef(group),
        ]);
      }
    }
  }
  const refs = new Set<string>();
  const queue = [groupRef];
  while (queue.length) {
    const ref = queue.pop()!;
    if (!refs.has(ref)) {
      refs.add(ref);
      queue.push(...(children.get(ref) ?? []));
    }
  }
  return refs;
}

const utc = (time: number) =>
  `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * Says how fresh the data is: a pass paused by GitHub's rate limit or a stream that could not be
 * read leaves the stored events as they were, so the figures stay and say why they may be stale.
 */
function withIngestNotes(
  data: ComponentData,
  pass: LastPass,
  now: number,
): ComponentData {
  const notes: string[] = [];
  if (pass.pausedUntil && pass.pausedUntil > now) {
    notes.push(
      `GitHub's rate limit paused the ingest until ${utc(
        pass.pausedUntil,
      )}: these figures are from the events stored before, and the next pass resumes where it stopped.`,
    );
  }
  for (const repository of data.coverage.repositories) {
    const failed = pass.failures.filter(f => f.includes(` of ${repository}`));
    if (failed.length) {
      notes.push(
        `The ingest pass of ${utc(pass.finishedAt)} could not read ${failed
          .map(f => f.split(':')[0])
          .join(
            ', ',
          )}: its newest events may be missing until a pass succeeds.`,
      );
    }
  }
  return {
    ...data,
    coverage: {
      ...data.coverage,
      notes: [...data.coverage.notes, ...notes],
      lastIngestAt: new Date(pass.finishedAt).toISOString(),
    },
  };
}

function noDataReason(parts: ComponentData[]): string | undefined {
  if (parts.length === 0) {
    return 'No components are owned here.';
  }
  if (parts.length === 1) {
    return parts[0].reason;
  }
  return `None of the components here has DX data: ${parts
    .map(p => `${p.entityRef}: ${p.reason}`)
    .join(' ')}`;
}

function emptyFigures(): Record<DxFigureKey, DxFigure> {
  const figures = {} as Record<DxFigureKey, DxFigure>;
  for (const key of DX_FIGURE_KEYS) {
    figures[key] = { key, value: null, band: null, sampleSize: 0, trend: [] };
  }
  return figures;
}
