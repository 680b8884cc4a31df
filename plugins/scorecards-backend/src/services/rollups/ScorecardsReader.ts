import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityLevelsResponse,
  EntityScorecardsResponse,
  Exemption,
  OrgOverviewResponse,
  OverviewGrouping,
  TeamRollupResponse,
} from '@callboard/plugin-scorecards-common';
import {
  ScorecardsStore,
  StoredExemption,
  StoredLevel,
} from '../../database/ScorecardsStore';
import {
  Definitions,
  ResolvedScorecard,
} from '../../definitions/loadDefinitions';
import { ScorecardsEngine } from '../evaluation/ScorecardsEngine';
import { CallerView, CallerViews } from './callerViews';
import { Standings, StandingsCache } from './standings';
import { dailyTrend, shareLevels } from './rollup';

export type OverviewFilters = {
  scorecard?: string;
  groupBy: OverviewGrouping;
  lifecycle?: string;
  kind?: string;
  type?: string;
  check?: string;
};

const refFields = ['kind', 'metadata.namespace', 'metadata.name'];
/** How long a caller's view of the catalog is reused: a new owner or permission shows within it. */
const CALLER_VIEW_TTL_MS = 60_000;
const MEMOIZED_OVERVIEWS_PER_VIEW = 32;

export function toExemption(e: StoredExemption): Exemption {
  return {
    id: e.id,
    entityRef: e.entityRef,
    checkId: e.checkId,
    reason: e.reason,
    status: e.status,
    requestedBy: e.requestedBy,
    requestedAt: e.requestedAt.toISOString(),
    expiresAt: e.expiresAt.toISOString(),
    ...(e.reviewedBy ? { reviewedBy: e.reviewedBy } : {}),
    ...(e.reviewedAt ? { reviewedAt: e.reviewedAt.toISOString() } : {}),
    ...(e.reviewComment ? { reviewComment: e.reviewComment } : {}),
  };
}

function standingOf(level: StoredLevel) {
  return {
    scorecardId: level.scorecardId,
    level: level.level,
    levelIndex: level.levelIndex,
    score: level.score,
    unknownChecks: level.unknownChecks,
  };
}

/**
 * Answers users' questions. The catalog is always asked with the caller's
 * credentials, so nobody sees results for an entity they cannot read; for
 * rollups, what a caller can read is reused for a minute.
 */
export class ScorecardsReader {
  readonly #views: CallerViews;
  readonly #standings: StandingsCache;
  /** Overviews per caller view (which lives a minute), by scorecard and filters. */
  readonly #overviews = new WeakMap<
    CallerView,
    Map<
      string,
      {
        standings: Standings;
        definitions: Definitions;
        response: OrgOverviewResponse;
      }
    >
  >();

  constructor(
    private readonly options: {
      store: ScorecardsStore;
      catalog: CatalogService;
      engine: ScorecardsEngine;
      now?: () => Date;
    },
  ) {
    this.#views = new CallerViews({
      catalog: options.catalog,
      ttlMs: CALLER_VIEW_TTL_MS,
    });
    this.#standings = new StandingsCache(options.store);
  }

  #now() {
    return this.options.now?.() ?? new Date();
  }

  async #requireEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `No entity '${entityRef}' found, or you may not read it`,
      );
    }
    return entity;
  }

  async entity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityScorecardsResponse> {
    await this.#requireEntity(entityRef, credentials);
    const { store, engine } = this.options;
    const [results, levels, exemptions, collections] = await Promise.all([
      store.getResults([entityRef]),
      store.getLevels([entityRef]),
      store.listExemptions({ entityRefs: [entityRef] }),
      store.getCollections([entityRef]),
    ]);
    const { checks, scorecards } = engine.definitions;
    const succeeded = new Map(
      collections.map(c => [c.collectorId, c.succeededAt]),
    );
    return {
      entityRef,
      scorecards: scorecards.flatMap(scorecard => {
        const level = levels.find(l => l.scorecardId === scorecard.id);
        if (!level) return [];
        return [
          {
            id: scorecard.id,
            title: scorecard.title,
            description: scorecard.description,
            levels: scorecard.levels.map(l => ({
              name: l.name,
              ...(l.description ? { description: l.description } : {}),
              checks: l.checks.map(c => c.checkId),
            })),
            standing: standingOf(level),
          },
        ];
      }),
      checks: results.flatMap(result => {
        const check = checks.get(result.checkId);
        if (!check) return [];
        return [
          {
            id: check.id,
            title: check.title,
            description: check.description,
            howToFix: check.howToFix,
            ...(check.link ? { link: check.link } : {}),
            facts: check.facts,
            version: check.version,
            result: {
              entityRef,
              checkId: result.checkId,
              checkVersion: result.checkVersion,
              status: result.status,
              ...(result.value !== undefined ? { value: result.value } : {}),
              facts: result.facts.map(fact => {
                const at = succeeded.get(fact.id.split('.')[0]);
                return at ? { ...fact, collectedAt: at.toISOString() } : fact;
              }),
              ...(result.reason ? { reason: result.reason } : {}),
              changedAt: result.changedAt.toISOString(),
              changeCause: result.changeCause,
              ...(result.previousStatus
                ? { previousStatus: result.previousStatus }
                : {}),
              evaluatedAt: result.evaluatedAt.toISOString(),
            },
            exemptions: exemptions
              .filter(e => e.checkId === result.checkId)
              .map(toExemption),
          },
        ];
      }),
    };
  }

  /** Levels of a page of entities (the catalog table's), for those the caller may read. */
  async levels(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<EntityLevelsResponse> {
    const { store, catalog, engine } = this.options;
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs, fields: refFields },
      { credentials },
    );
    const readable = items.flatMap(e => (e ? [stringifyEntityRef(e)] : []));
    const levels = readable.length ? await store.getLevels(readable) : [];
    const byEntity = new Map<string, StoredLevel[]>();
    for (const level of levels) {
      byEntity.set(level.entityRef, [
        ...(byEntity.get(level.entityRef) ?? []),
        level,
      ]);
    }
    return {
      scorecards: engine.definitions.scorecards.map(s => ({
        id: s.id,
        title: s.title,
        levels: s.levels.map(l => l.name),
      })),
      items: [...byEntity.entries()].map(([entityRef, standings]) => ({
        entityRef,
        standings: standings.map(standingOf),
      })),
    };
  }

  async team(
    teamRef: string,
    windowDays: number,
    credentials: BackstageCredentials,
  ): Promise<TeamRollupResponse> {
    const now = this.#now();
    const since = new Date(now.getTime() - windowDays * 86_400_000);
    const [view, standings, teamHistory] = await Promise.all([
      this.#views.get(credentials),
      this.#standings.get(),
      this.options.store.levelHistoryOfOwner(teamRef, since),
    ]);
    // A team created within the view's minute is still found.
    if (!view.readable.has(teamRef)) {
      await this.#requireEntity(teamRef, credentials);
    }
    const { engine } = this.options;
    // Owners as of the last evaluation, which re-runs when an entity changes,
    // so the team page counts what the overview's team row counts.
    const owned = standings.entities.filter(
      e => e.ownerRef === teamRef && view.readable.has(e.entityRef),
    );
    const titles = new Map(owned.map(e => [e.entityRef, e.title]));
    const refs = owned.map(e => e.entityRef);
    const levels = [...standings.levels.values()].flatMap(byEntity =>
      refs.flatMap(ref => {
        const level = byEntity.get(ref);
        return level ? [level] : [];
      }),
    );
    const evaluated = [...new Set(levels.map(l => l.entityRef))].sort();
    const shown = new Set(evaluated);
    const history = teamHistory.filter(t => shown.has(t.entityRef));
    const failing = new Map<string, { failing: number; of: number }>();
    for (const ref of refs) {
      for (const result of standings.statuses.get(ref) ?? []) {
        const counts = failing.get(result.checkId) ?? { failing: 0, of: 0 };
        counts.of += 1;
        if (result.status === 'fail') counts.failing += 1;
        failing.set(result.checkId, counts);
      }
    }
    return {
      teamRef,
      window: windowDays,
      services: evaluated.map(entityRef => ({
        entityRef,
        ...(titles.get(entityRef) ? { title: titles.get(entityRef) } : {}),
        standings: levels
          .filter(l => l.entityRef === entityRef)
          .map(standingOf),
      })),
      scorecards: engine.definitions.scorecards.map(scorecard => {
        const mine = levels.filter(l => l.scorecardId === scorecard.id);
        const names = scorecard.levels.map(l => l.name);
        return {
          id: scorecard.id,
          title: scorecard.title,
          levels: names,
          ...shareLevels(names, mine),
          trend: dailyTrend(
            history.filter(t => t.scorecardId === scorecard.id),
            mine,
            windowDays,
            now,
          ),
        };
      }),
      mostFailing: [...failing.entries()]
        .filter(([, c]) => c.failing > 0)
        .sort((a, b) => b[1].failing - a[1].failing || a[0].localeCompare(b[0]))
        .slice(0, 10)
        .map(([checkId, c]) => ({
          checkId,
          title: engine.definitions.checks.get(checkId)?.title ?? checkId,
          ...c,
        })),
    };
  }

  async overview(
    filters: OverviewFilters,
    credentials: BackstageCredentials,
  ): Promise<OrgOverviewResponse> {
    const { engine } = this.options;
    const scorecard = filters.scorecard
      ? engine.definitions.scorecards.find(s => s.id === filters.scorecard)
      : engine.definitions.scorecards[0];
    if (!scorecard) {
      throw new NotFoundError(
        filters.scorecard
          ? `No scorecard found with id '${filters.scorecard}'`
          : 'No scorecards are loaded',
      );
    }
    if (filters.check && !engine.definitions.checks.has(filters.check)) {
      throw new NotFoundError(`No check found with id '${filters.check}'`);
    }
    const [view, standings] = await Promise.all([
      this.#views.get(credentials),
      this.#standings.get(),
    ]);
    // The same caller, standings and definitions give the same overview.
    const memo = this.#overviews.get(view) ?? new Map();
    this.#overviews.set(view, memo);
    const key = JSON.stringify([scorecard.id, filters]);
    const hit = memo.get(key);
    if (
      hit &&
      hit.standings === standings &&
      hit.definitions === engine.definitions
    ) {
      return hit.response;
    }
    const response = this.#overviewOf(scorecard, filters, view, standings);
    // Filters come from the query string: keep only a caller's recent ones.
    if (memo.size >= MEMOIZED_OVERVIEWS_PER_VIEW) memo.clear();
    memo.set(key, {
      standings,
      definitions: engine.definitions,
      response,
    });
    return response;
  }

  #overviewOf(
    scorecard: ResolvedScorecard,
    filters: OverviewFilters,
    view: CallerView,
    standings: Standings,
  ): OrgOverviewResponse {
    const { engine } = this.options;
    const { tree, systems } = view;
    // Only entities the caller may read count, in the rows and in the checks.
    const entities = standings.entities.filter(
      e =>
        view.readable.has(e.entityRef) &&
        (!filters.lifecycle || e.lifecycle === filters.lifecycle) &&
        (!filters.kind ||
          e.kind.toLowerCase() === filters.kind.toLowerCase()) &&
        (!filters.type || e.type === filters.type),
    );

    const groupOf = (entity: (typeof entities)[number]): string | undefined => {
      switch (filters.groupBy) {
        case 'team':
          return entity.ownerRef;
        case 'department':
          return entity.ownerRef
            ? tree.nearest(entity.ownerRef, 'department')?.ref
            : undefined;
        case 'system':
          return entity.systemRef;
        case 'domain':
          return entity.systemRef
            ? systems.get(entity.systemRef)?.domainRef
            : undefined;
        default:
          return undefined;
      }
    };
    const levelOf = standings.levels.get(scorecard.id) ?? new Map();
    const members = new Map<string, StoredLevel[]>();
    for (const entity of entities) {
      const level = levelOf.get(entity.entityRef);
      if (!level) continue;
      const group = groupOf(entity) ?? '(none)';
      const list = members.get(group);
      if (list) list.push(level);
      else members.set(group, [level]);
    }
    const names = scorecard.levels.map(l => l.name);
    const rows = [...members.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([groupRef, groupLevels]) => {
        const group = tree.get(groupRef);
        return {
          groupRef,
          title: group?.title ?? systems.get(groupRef)?.title ?? groupRef,
          ...(group?.parentRef ? { parentRef: group.parentRef } : {}),
          entities: groupLevels.length,
          ...shareLevels(names, groupLevels),
        };
      });

    const checkIds = filters.check
      ? [filters.check]
      : [
          ...new Set(
            scorecard.levels.flatMap(l => l.checks.map(c => c.checkId)),
          ),
        ];
    const counts = new Map(
      checkIds.map(id => [id, { pass: 0, fail: 0, unknown: 0, exempt: 0 }]),
    );
    for (const entity of entities) {
      for (const { checkId, status } of standings.statuses.get(
        entity.entityRef,
      ) ?? []) {
        const count = counts.get(checkId);
        if (count) count[status] += 1;
      }
    }
    const checks = checkIds.map(checkId => ({
      checkId,
      title: engine.definitions.checks.get(checkId)?.title ?? checkId,
      ...counts.get(checkId)!,
    }));

    return {
      scorecardId: scorecard.id,
      groupBy: filters.groupBy,
      levels: names,
      rows,
      checks,
      problems: tree.problems,
    };
  }
}
