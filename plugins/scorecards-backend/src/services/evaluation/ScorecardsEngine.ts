import {
  AuthService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { createHash } from 'node:crypto';
import {
  ChangeCause,
  describeFactValueProblem,
  parseFactId,
} from '@callboard/plugin-scorecards-common';
import {
  FactCollectionTrigger,
  FactCollector,
  isFailedCollection,
  toFactCollectionError,
} from '@callboard/plugin-scorecards-node';
import {
  compileDefinitions,
  CompiledCheck,
  Definitions,
  readDefinitionFiles,
} from '../../definitions/loadDefinitions';
import { factCatalogOf } from '../../definitions/celEnvironment';
import {
  FactUpdate,
  ScorecardsStore,
  StoredEntity,
  StoredCollection,
  StoredFact,
  StoredLevel,
  StoredResult,
} from '../../database/ScorecardsStore';
import {
  CollectionState,
  describeAge,
  EntitySummary,
  evaluateCheck,
  EvaluatedCheck,
  FactState,
  matchesFilter,
} from './evaluateCheck';
import { computeLevel } from './levels';

export type EngineOptions = {
  store: ScorecardsStore;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  reader: UrlReaderService;
  collectors: FactCollector[];
  definitionLocations: string[];
  retention: HumanDuration;
  now?: () => Date;
};

export type PassSummary = {
  entities: number;
  /** Entities whose inputs changed since their last evaluation; the others were skipped. */
  entitiesEvaluated: number;
  checksEvaluated: number;
  resultsWritten: number;
  levelsWritten: number;
  entitiesRemoved: number;
};

const sameJson = (a: unknown, b: unknown) =>
  JSON.stringify(a) === JSON.stringify(b);

function summarize(entity: Entity): EntitySummary & StoredEntity {
  const owner = entity.relations?.find(
    r => r.type === RELATION_OWNED_BY,
  )?.targetRef;
  const system =
    typeof entity.spec?.system === 'string' ? entity.spec.system : undefined;
  return {
    entityRef: stringifyEntityRef(entity),
    kind: entity.kind,
    type: typeof entity.spec?.type === 'string' ? entity.spec.type : undefined,
    lifecycle:
      typeof entity.spec?.lifecycle === 'string'
        ? entity.spec.lifecycle
        : undefined,
    tags: entity.metadata.tags ?? [],
    ownerRef: owner,
    systemRef: system
      ? stringifyEntityRef(
          parseEntityRef(system, {
            defaultKind: 'system',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        )
      : undefined,
    title: entity.metadata.title,
  };
}

/**
 * Entities per slice of a pass, and slices in flight: enough to keep the
 * database busy while the next slice is evaluated, few enough that a pass
 * holds only a few slices' facts and results in memory.
 */
const SLICE_ENTITIES = 500;
const SLICES_IN_FLIGHT = 3;

function sliced<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

/** Runs `fn` over the items with at most `limit` at a time; rejects on the first failure. */
async function forEachConcurrently<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      await fn(items[next++]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
}

/**
 * Runs collectors and evaluates checks. Everything it writes goes through
 * the store, and only what changed is written.
 */
export class ScorecardsEngine {
  #definitions: Definitions = {
    checks: new Map(),
    scorecards: [],
    problems: [],
    loadedAt: new Date(0),
  };
  readonly #retryAfter = new Map<string, Date>();
  readonly #now: () => Date;

  constructor(private readonly options: EngineOptions) {
    this.#now = options.now ?? (() => new Date());
  }

  get definitions(): Definitions {
    return this.#definitions;
  }

  get collectors(): FactCollector[] {
    return this.options.collectors;
  }

  async reloadDefinitions(): Promise<Definitions> {
    const { files, problems } = await readDefinitionFiles(
      this.options.reader,
      this.options.definitionLocations,
    );
    const definitions = compileDefinitions(
      files,
      factCatalogOf(this.options.collectors),
      problems,
    );
    for (const problem of definitions.problems) {
      this.options.logger.warn(
        `Scorecard definitions: ${problem.file}${
          problem.check ? ` check '${problem.check}'` : ''
        }${problem.scorecard ? ` scorecard '${problem.scorecard}'` : ''}: ${
          problem.error
        }`,
      );
    }
    this.#definitions = definitions;
    return definitions;
  }

  /** Sets definitions directly; for tests and the benchmark. */
  useDefinitions(definitions: Definitions) {
    this.#definitions = definitions;
  }

  readonly #ttls = new Map<string, number>();

  #ttlMs(factId: string): number {
    const cached = this.#ttls.get(factId);
    if (cached !== undefined) return cached;
    const { collectorId, name } = parseFactId(factId);
    const collector = this.options.collectors.find(c => c.id === collectorId);
    const ttl = collector?.facts[name]?.ttl ?? collector?.ttl ?? { days: 1 };
    const ms = durationToMilliseconds(ttl);
    this.#ttls.set(factId, ms);
    return ms;
  }

  /** Entities some loaded check applies to, from the catalog, as the plugin. */
  async #scopeEntities(entityRefs?: string[]): Promise<Entity[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const checks = [...this.#definitions.checks.values()];
    if (checks.length === 0) return [];
    let entities: Entity[];
    if (entityRefs) {
      const { items } = await this.options.catalog.getEntitiesByRefs(
        { entityRefs },
        { credentials },
      );
      entities = items.filter((e): e is Entity => Boolean(e));
    } else {
      const kinds = checks.every(c => c.filter?.kind)
        ? [...new Set(checks.flatMap(c => c.filter!.kind!))]
        : undefined;
      const { items } = await this.options.catalog.getEntities(
        kinds ? { filter: { kind: kinds } } : {},
        { credentials },
      );
      entities = items;
    }
    return entities.filter(entity => {
      const summary = summarize(entity);
      return checks.some(c => matchesFilter(summary, c.filter));
    });
  }

  /**
   * Runs one collector over the entities it has checks for (or the given
   * ones), in batches. Failures keep the stored facts.
   */
  async collect(
    collector: FactCollector,
    options: {
      trigger: FactCollectionTrigger;
      signal?: AbortSignal;
      entityRefs?: string[];
    },
  ): Promise<{ collected: number; failed: number; factsWritten: number }> {
    const retryAfter = this.#retryAfter.get(collector.id);
    if (
      options.trigger === 'schedule' &&
      retryAfter &&
      retryAfter > this.#now()
    ) {
      this.options.logger.info(
        `Collector '${
          collector.id
        }' waits for its rate limit until ${retryAfter.toISOString()}`,
      );
      return { collected: 0, failed: 0, factsWritten: 0 };
    }
    const readers = [...this.#definitions.checks.values()].filter(c =>
      c.facts.some(f => parseFactId(f).collectorId === collector.id),
    );
    const entities = (await this.#scopeEntities(options.entityRefs)).filter(
      entity => {
        const summary = summarize(entity);
        return (
          readers.some(c => matchesFilter(summary, c.filter)) &&
          !collector.skipReason?.(entity)
        );
      },
    );
    const signal = options.signal ?? new AbortController().signal;
    const logger = this.options.logger.child({ collector: collector.id });
    const batchSize = collector.batchSize ?? 50;
    let collected = 0;
    let failed = 0;
    let factsWritten = 0;
    for (let i = 0; i < entities.length; i += batchSize) {
      const batch = entities.slice(i, i + batchSize);
      const refs = batch.map(e => stringifyEntityRef(e));
      const at = this.#now();
      let results;
      try {
        results = await collector.collect(batch, {
          trigger: options.trigger,
          signal,
          logger,
        });
      } catch (error) {
        const classified = toFactCollectionError(error);
        if (classified.retryAfter)
          this.#retryAfter.set(collector.id, classified.retryAfter);
        logger.warn(
          `Collector '${collector.id}' failed for ${refs.length} entities (${classified.kind}): ${classified.message}`,
        );
        await this.options.store.recordCollections(
          collector.id,
          refs.map(entityRef => ({ entityRef, error: classified })),
          at,
        );
        failed += refs.length;
        continue;
      }
      const updates: FactUpdate[] = [];
      const outcomes: {
        entityRef: string;
        error?: { kind: string; message: string };
      }[] = [];
      const answered = new Set<string>();
      for (const result of results) {
        if (!refs.includes(result.entityRef)) continue;
        answered.add(result.entityRef);
        if (isFailedCollection(result)) {
          if (result.error.retryAfter)
            this.#retryAfter.set(collector.id, result.error.retryAfter);
          outcomes.push({ entityRef: result.entityRef, error: result.error });
          failed += 1;
          continue;
        }
        collected += 1;
        outcomes.push({ entityRef: result.entityRef });
        for (const [name, definition] of Object.entries(collector.facts)) {
          const factId = `${collector.id}.${name}`;
          const missing = result.missing?.[name];
          if (missing !== undefined) {
            updates.push({
              entityRef: result.entityRef,
              factId,
              problem: missing,
            });
            continue;
          }
          if (!(name in result.facts)) {
            updates.push({
              entityRef: result.entityRef,
              factId,
              problem: 'the collector returned no value',
            });
            continue;
          }
          const problem = describeFactValueProblem(
            definition.type,
            result.facts[name],
          );
          if (problem) {
            // A malformed value is the collector's bug: keep the last good one.
            logger.warn(
              `Collector '${collector.id}' returned ${factId} for ${result.entityRef}: ${problem}`,
            );
            continue;
          }
          updates.push({
            entityRef: result.entityRef,
            factId,
            value: result.facts[name],
          });
        }
      }
      for (const entityRef of refs) {
        if (!answered.has(entityRef)) {
          outcomes.push({
            entityRef,
            error: {
              kind: 'failed',
              message: `collector '${collector.id}' returned no result`,
            },
          });
          failed += 1;
        }
      }
      factsWritten += await this.options.store.writeFacts(updates, at);
      await this.options.store.recordCollections(collector.id, outcomes, at);
    }
    return { collected, failed, factsWritten };
  }

  /**
   * Re-collects and re-evaluates entities whose catalog record changed since
   * the last look (by `metadata.etag`), each collector over all of them in its
   * batches. The first look takes the baseline and catches up on what the
   * collectors never collected: on a fresh database their first runs start
   * before the catalog has read every file, and their next runs may be half
   * an hour away, so those entities' checks would stay unknown (and no
   * service reach a level) until then.
   */
  async refreshChangedEntities(): Promise<string[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
      {
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.etag',
        ],
      },
      { credentials },
    );
    const etags = new Map(
      items.map(e => [stringifyEntityRef(e), e.metadata.etag ?? '']),
    );
    const previous = this.#etags;
    this.#etags = etags;
    const refs = [...etags.keys()];
    if (!previous) {
      const collected = new Set(
        (await this.options.store.getCollections()).map(
          c => `${c.collectorId}\u0000${c.entityRef}`,
        ),
      );
      return this.#recollect(collector =>
        refs.filter(ref => !collected.has(`${collector.id}\u0000${ref}`)),
      );
    }
    const changed = refs.filter(ref => previous.get(ref) !== etags.get(ref));
    return this.#recollect(() => changed);
  }

  #etags?: Map<string, string>;

  /**
   * Runs each collector over its entities in its batches, rather than every
   * collector per entity, then evaluates them in one pass; returns them.
   */
  async #recollect(
    entitiesOf: (collector: FactCollector) => string[],
  ): Promise<string[]> {
    const handed = new Set<string>();
    for (const collector of this.options.collectors) {
      const entityRefs = entitiesOf(collector);
      if (entityRefs.length === 0) continue;
      await this.collect(collector, { trigger: 'change', entityRefs });
      entityRefs.forEach(ref => handed.add(ref));
    }
    if (handed.size > 0) await this.evaluate({ entityRefs: [...handed] });
    return [...handed];
  }

  /** Collects every collector for one entity, then evaluates it ("Refresh now"). */
  async refreshEntity(
    entityRef: string,
    trigger: FactCollectionTrigger = 'refresh',
  ) {
    for (const collector of this.options.collectors) {
      await this.collect(collector, { trigger, entityRefs: [entityRef] });
    }
    return this.evaluate({ entityRefs: [entityRef] });
  }

  /**
   * Evaluates every check for every entity it applies to (or only the given
   * entities), and writes what changed. A full pass also forgets entities
   * that left the catalog and prunes history past the retention.
   */
  async evaluate(
    options: { entityRefs?: string[] } = {},
  ): Promise<PassSummary> {
    const { store } = this.options;
    const now = this.#now();
    const full = !options.entityRefs;
    const entities = await this.#scopeEntities(options.entityRefs);
    const refs = entities.map(e => stringifyEntityRef(e));
    const scope = full ? undefined : refs;

    const [digests, collections, exemptions, stamps, storedEntities] =
      await Promise.all([
        store.getFactDigests(scope),
        store.getCollections(scope),
        store.listExemptions({ status: 'approved', entityRefs: scope }),
        store.getEvaluationStamps(scope),
        full ? store.listEntities() : Promise.resolve([]),
      ]);
    const collectionsByEntity = groupBy(collections, c => c.entityRef);
    const activeExemptions = new Map(
      exemptions
        .filter(e => e.expiresAt > now)
        .map(e => [`${e.entityRef}\u0000${e.checkId}`, e]),
    );

    // An entity whose inputs are what they were at its last evaluation would
    // give the same results: skip it without reading its facts or results.
    const definitionsKey = this.#definitionsKey();
    const readFacts = groupBy(
      [...new Set(checksOf(this.#definitions).flatMap(c => c.facts))],
      f => parseFactId(f).collectorId,
    );
    const exemptionsByEntity = groupBy(
      exemptions.filter(e => e.expiresAt > now),
      e => e.entityRef,
    );
    const stampsToWrite = new Map<string, string>();
    const changedEntities = entities.filter(entity => {
      const entityRef = stringifyEntityRef(entity);
      const stamp = this.#inputsStamp(entity, {
        definitionsKey,
        readFacts,
        digest: digests.get(entityRef),
        collections: collectionsByEntity.get(entityRef) ?? [],
        exemptions: exemptionsByEntity.get(entityRef) ?? [],
        now,
      });
      if (stamps.get(entityRef) === stamp) return false;
      stampsToWrite.set(entityRef, stamp);
      return true;
    });
    // Changed entities go through in slices, a few at a time: one slice's
    // facts are read and its results written while another is evaluated, so
    // the database and the evaluation work side by side, and each slice's
    // results, levels and stamps land together or not at all.
    const counts = { checksEvaluated: 0, resultsWritten: 0, levelsWritten: 0 };
    /** Rows written or removed that rollups read: results, levels, entities. */
    let rollupRowsChanged = 0;
    let entitiesRemoved = 0;
    try {
      await forEachConcurrently(
        sliced(changedEntities, SLICE_ENTITIES),
        SLICES_IN_FLIGHT,
        async slice => {
          const sliceRefs = slice.map(e => stringifyEntityRef(e));
          const [facts, results, levels] = await Promise.all([
            store.getFacts(sliceRefs),
            store.getResults(sliceRefs),
            store.getLevels(sliceRefs),
          ]);
          const evaluated = this.#evaluateSlice(slice, {
            facts,
            results,
            levels,
            collectionsByEntity,
            activeExemptions,
            now,
          });
          await store.transaction(async tx => {
            await tx.writeResults(
              evaluated.changedResults,
              evaluated.removedResults,
              evaluated.statusChanged,
            );
            await tx.writeLevels(
              evaluated.changedLevels,
              evaluated.removedLevels,
            );
            await tx.writeEvaluationStamps(
              new Map(sliceRefs.map(ref => [ref, stampsToWrite.get(ref)!])),
              now,
            );
            // With the stamp, so an entity skipped next time is always listed.
            rollupRowsChanged += await tx.upsertEntities(
              slice.map(e => {
                const { tags: _tags, ...stored } = summarize(e);
                return stored;
              }),
              storedEntities,
            );
          });
          counts.checksEvaluated += evaluated.checksEvaluated;
          counts.resultsWritten += evaluated.changedResults.length;
          counts.levelsWritten += evaluated.changedLevels.length;
          rollupRowsChanged +=
            evaluated.changedResults.length +
            evaluated.removedResults.length +
            evaluated.changedLevels.length +
            evaluated.removedLevels.length;
        },
      );

      if (full) {
        const present = new Set(refs);
        const gone = storedEntities
          .map(e => e.entityRef)
          .filter(ref => !present.has(ref));
        // Facts can exist for entities that were never evaluated (collected first).
        const orphans = [...digests.keys()].filter(ref => !present.has(ref));
        const removed = [...new Set([...gone, ...orphans])];
        await store.deleteEntities(removed);
        entitiesRemoved = removed.length;
        rollupRowsChanged += removed.length;
        await store.prune(
          new Date(
            now.getTime() - durationToMilliseconds(this.options.retention),
          ),
        );
      }
    } finally {
      // Also after a failure: the slices already written are visible.
      if (rollupRowsChanged > 0) await store.markDataChanged();
    }

    return {
      entities: entities.length,
      entitiesEvaluated: changedEntities.length,
      ...counts,
      entitiesRemoved,
    };
  }

  /**
   * Evaluates a slice of entities against their stored facts, and returns
   * what to write: changed results and levels, and those that no longer apply.
   */
  #evaluateSlice(
    slice: Entity[],
    inputs: {
      facts: StoredFact[];
      results: StoredResult[];
      levels: StoredLevel[];
      collectionsByEntity: Map<string, StoredCollection[]>;
      activeExemptions: Map<string, { reason: string; expiresAt: Date }>;
      now: Date;
    },
  ) {
    const { collectionsByEntity, activeExemptions, now } = inputs;
    const factsByEntity = groupBy(inputs.facts, f => f.entityRef);
    const resultsByKey = new Map(
      inputs.results.map(r => [`${r.entityRef}\u0000${r.checkId}`, r]),
    );
    const levelsByKey = new Map(
      inputs.levels.map(l => [`${l.entityRef}\u0000${l.scorecardId}`, l]),
    );
    const checks = [...this.#definitions.checks.values()];

    const changedResults: StoredResult[] = [];
    const statusChanged: StoredResult[] = [];
    const keptResults = new Set<string>();
    const changedLevels: StoredLevel[] = [];
    const keptLevels = new Set<string>();
    let checksEvaluated = 0;

    for (const entity of slice) {
      const summary = summarize(entity);
      const entityRef = summary.entityRef;
      const collectionStates = new Map<string, CollectionState>(
        (collectionsByEntity.get(entityRef) ?? []).map(c => [c.collectorId, c]),
      );
      const factStates = new Map<string, FactState>();
      for (const fact of factsByEntity.get(entityRef) ?? []) {
        const collection = collectionStates.get(
          parseFactId(fact.factId).collectorId,
        );
        factStates.set(fact.factId, {
          value: fact.value,
          problem: fact.problem,
          collectedAt: collection?.succeededAt,
        });
      }
      const skipReasons = new Map<string, string>();
      for (const collector of this.options.collectors) {
        const reason = collector.skipReason?.(entity);
        if (reason) skipReasons.set(collector.id, reason);
      }

      const statuses = new Map<string, EvaluatedCheck['status']>();
      for (const check of checks) {
        if (!matchesFilter(summary, check.filter)) continue;
        checksEvaluated += 1;
        const key = `${entityRef}\u0000${check.id}`;
        keptResults.add(key);
        const exemption = activeExemptions.get(key);
        const evaluated = evaluateCheck(check, {
          facts: factStates,
          collections: collectionStates,
          skipReasons,
          ttlMs: id => this.#ttlMs(id),
          exemption,
          now,
        });
        statuses.set(check.id, evaluated.status);
        const next = this.#nextResult(
          entityRef,
          check,
          evaluated,
          resultsByKey.get(key),
          now,
        );
        if (next) {
          changedResults.push(next.result);
          if (next.statusChanged) statusChanged.push(next.result);
        }
      }

      for (const scorecard of this.#definitions.scorecards) {
        if (!matchesFilter(summary, scorecard.filter)) continue;
        const key = `${entityRef}\u0000${scorecard.id}`;
        keptLevels.add(key);
        const level = computeLevel(scorecard, id => statuses.get(id));
        const before = levelsByKey.get(key);
        if (
          !before ||
          before.levelIndex !== level.levelIndex ||
          before.score !== level.score ||
          before.unknownChecks !== level.unknownChecks ||
          before.level !== level.level
        ) {
          changedLevels.push({ ...level, entityRef, changedAt: now });
        }
      }
    }

    const removedResults = inputs.results
      .filter(r => !keptResults.has(`${r.entityRef}\u0000${r.checkId}`))
      .map(r => ({ entityRef: r.entityRef, checkId: r.checkId }));
    const removedLevels = inputs.levels
      .filter(l => !keptLevels.has(`${l.entityRef}\u0000${l.scorecardId}`))
      .map(l => ({ entityRef: l.entityRef, scorecardId: l.scorecardId }));
    return {
      checksEvaluated,
      changedResults,
      statusChanged,
      removedResults,
      changedLevels,
      removedLevels,
    };
  }

  /** What of the definitions decides results: checks, filters, levels and TTLs. */
  #definitionsKey(): string {
    const checks = checksOf(this.#definitions);
    return JSON.stringify([
      checks.map(c => [
        c.id,
        c.version,
        c.filter ?? null,
        c.facts.map(f => [f, this.#ttlMs(f)]),
      ]),
      this.#definitions.scorecards.map(s => [
        s.id,
        s.filter ?? null,
        s.levels.map(l => [l.name, l.checks]),
      ]),
    ]);
  }

  /**
   * A hash of everything an entity's results depend on: the catalog summary,
   * skip reasons, its facts (through their digest), each collection's state
   * and which read facts are stale (with the age the reason states), active
   * exemptions and the definitions. Equal stamps give equal results.
   */
  #inputsStamp(
    entity: Entity,
    inputs: {
      definitionsKey: string;
      /** Fact ids some check reads, by collector. */
      readFacts: Map<string, string[]>;
      digest?: string;
      collections: StoredCollection[];
      exemptions: { checkId: string; reason: string; expiresAt: Date }[];
      now: Date;
    },
  ): string {
    const collections = inputs.collections
      .map(c => {
        const stale = (inputs.readFacts.get(c.collectorId) ?? []).flatMap(f => {
          if (!c.succeededAt) return [];
          const age = inputs.now.getTime() - c.succeededAt.getTime();
          return age > this.#ttlMs(f) ? [`${f}:${describeAge(age)}`] : [];
        });
        const failing =
          c.error &&
          (!c.succeededAt ||
            (c.failedAt !== undefined && c.failedAt > c.succeededAt));
        return [
          c.collectorId,
          Boolean(c.succeededAt),
          failing ? [c.error!.kind, c.error!.message] : null,
          stale,
        ];
      })
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    return createHash('sha256')
      .update(
        JSON.stringify([
          inputs.definitionsKey,
          summarize(entity),
          this.options.collectors.map(c => c.skipReason?.(entity) ?? null),
          inputs.digest ?? null,
          collections,
          inputs.exemptions
            .map(e => [e.checkId, e.reason, e.expiresAt.toISOString()])
            .sort(),
        ]),
      )
      .digest('hex');
  }

  /** The result to write, or undefined when nothing changed. */
  #nextResult(
    entityRef: string,
    check: CompiledCheck,
    evaluated: EvaluatedCheck,
    before: StoredResult | undefined,
    now: Date,
  ): { result: StoredResult; statusChanged: boolean } | undefined {
    const factValues = evaluated.facts.map(
      ({ collectedAt: _c, ...rest }) => rest,
    );
    if (
      before &&
      before.status === evaluated.status &&
      before.checkVersion === evaluated.checkVersion &&
      before.reason === evaluated.reason &&
      sameJson(before.value, evaluated.value) &&
      sameJson(before.facts, factValues)
    ) {
      return undefined;
    }
    const statusChanged = !before || before.status !== evaluated.status;
    let cause: ChangeCause = 'fact';
    if (!before) cause = 'first';
    else if (before.checkVersion !== evaluated.checkVersion) cause = 'rule';
    else if (before.status === 'exempt' || evaluated.status === 'exempt')
      cause = 'exemption';
    else if (before.status === 'unknown' || evaluated.status === 'unknown')
      cause = 'freshness';
    return {
      statusChanged,
      result: {
        entityRef,
        checkId: check.id,
        checkVersion: evaluated.checkVersion,
        status: evaluated.status,
        value: evaluated.value,
        facts: factValues,
        reason: evaluated.reason,
        changedAt: statusChanged || !before ? now : before.changedAt,
        changeCause: statusChanged || !before ? cause : before.changeCause,
        previousStatus: statusChanged ? before?.status : before?.previousStatus,
        evaluatedAt: now,
      },
    };
  }
}

function checksOf(definitions: Definitions): CompiledCheck[] {
  return [...definitions.checks.values()];
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
