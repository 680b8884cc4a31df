import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
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
import { ScorecardsEngine } from '../evaluation/ScorecardsEngine';
import { OrgTree } from './orgTree';
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
 * credentials, so nobody sees results for an entity they cannot read.
 */
export class ScorecardsReader {
  constructor(
    private readonly options: {
      store: ScorecardsStore;
      catalog: CatalogService;
      engine: ScorecardsEngine;
      now?: () => Date;
    },
  ) {}

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
    await this.#requireEntity(teamRef, credentials);
    const { store, catalog, engine } = this.options;
    const { items } = await catalog.getEntities(
      {
        filter: { 'relations.ownedBy': teamRef },
        fields: [...refFields, 'metadata.title'],
      },
      { credentials },
    );
    const owned = new Map(
      items.map(e => [stringifyEntityRef(e), e.metadata.title]),
    );
    const refs = [...owned.keys()];
    const now = this.#now();
    const since = new Date(now.getTime() - windowDays * 86_400_000);
    const [levels, results, history] = await Promise.all([
      store.getLevels(refs),
      store.getStatuses(refs),
      store.levelHistory(refs, since),
    ]);
    const evaluated = [...new Set(levels.map(l => l.entityRef))].sort();
    const failing = new Map<string, { failing: number; of: number }>();
    for (const result of results) {
      const counts = failing.get(result.checkId) ?? { failing: 0, of: 0 };
      counts.of += 1;
      if (result.status === 'fail') counts.failing += 1;
      failing.set(result.checkId, counts);
    }
    return {
      teamRef,
      window: windowDays,
      services: evaluated.map(entityRef => ({
        entityRef,
        ...(owned.get(entityRef) ? { title: owned.get(entityRef) } : {}),
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
    const { store, catalog, engine } = this.options;
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
    const [visible, groups, systems, stored, levels] = await Promise.all([
      catalog.getEntities({ fields: refFields }, { credentials }),
      catalog.getEntities(
        {
          filter: { kind: 'Group' },
          fields: [
            ...refFields,
            'metadata.title',
            'spec.type',
            'spec.parent',
            'spec.profile.displayName',
          ],
        },
        { credentials },
      ),
      catalog.getEntities(
        {
          filter: { kind: 'System' },
          fields: [...refFields, 'metadata.title', 'spec.domain'],
        },
        { credentials },
      ),
      store.listEntities(),
      store.getLevels(),
    ]);
    const visibleRefs = new Set(visible.items.map(e => stringifyEntityRef(e)));
    const entities = stored.filter(
      e =>
        visibleRefs.has(e.entityRef) &&
        (!filters.lifecycle || e.lifecycle === filters.lifecycle) &&
        (!filters.kind ||
          e.kind.toLowerCase() === filters.kind.toLowerCase()) &&
        (!filters.type || e.type === filters.type),
    );
    // Entities that match the filters but that the caller may not read.
    const hidden = stored
      .filter(
        e =>
          !visibleRefs.has(e.entityRef) &&
          (!filters.lifecycle || e.lifecycle === filters.lifecycle) &&
          (!filters.kind ||
            e.kind.toLowerCase() === filters.kind.toLowerCase()) &&
          (!filters.type || e.type === filters.type),
      )
      .map(e => e.entityRef);

    const tree = new OrgTree(
      groups.items.map(g => {
        const ref = stringifyEntityRef(g);
        const parent = g.spec?.parent;
        return {
          ref,
          title:
            (g.spec?.profile as { displayName?: string } | undefined)
              ?.displayName ??
            g.metadata.title ??
            g.metadata.name,
          type: typeof g.spec?.type === 'string' ? g.spec.type : undefined,
          parentRef:
            typeof parent === 'string'
              ? stringifyEntityRef(
                  parseEntityRef(parent, {
                    defaultKind: 'group',
                    defaultNamespace: g.metadata.namespace ?? 'default',
                  }),
                )
              : undefined,
        };
      }),
    );
    const domainOf = new Map(
      systems.items.map(s => [
        stringifyEntityRef(s),
        typeof s.spec?.domain === 'string'
          ? stringifyEntityRef(
              parseEntityRef(s.spec.domain, {
                defaultKind: 'domain',
                defaultNamespace: s.metadata.namespace ?? 'default',
              }),
            )
          : undefined,
      ]),
    );
    const titles = new Map(
      systems.items.map(s => [
        stringifyEntityRef(s),
        s.metadata.title ?? s.metadata.name,
      ]),
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
          return entity.systemRef ? domainOf.get(entity.systemRef) : undefined;
        default:
          return undefined;
      }
    };
    const levelOf = new Map(
      levels
        .filter(l => l.scorecardId === scorecard.id)
        .map(l => [l.entityRef, l]),
    );
    const members = new Map<string, StoredLevel[]>();
    for (const entity of entities) {
      const level = levelOf.get(entity.entityRef);
      if (!level) continue;
      const group = groupOf(entity) ?? '(none)';
      members.set(group, [...(members.get(group) ?? []), level]);
    }
    const names = scorecard.levels.map(l => l.name);
    const rows = [...members.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([groupRef, standings]) => {
        const group = tree.get(groupRef);
        return {
          groupRef,
          title: group?.title ?? titles.get(groupRef) ?? groupRef,
          ...(group?.parentRef ? { parentRef: group.parentRef } : {}),
          entities: standings.length,
          ...shareLevels(names, standings),
        };
      });

    const checkIds = filters.check
      ? [filters.check]
      : [
          ...new Set(
            scorecard.levels.flatMap(l => l.checks.map(c => c.checkId)),
          ),
        ];
    // The database counts; what the caller may not see is taken off again.
    const [counted, hiddenStatuses] = await Promise.all([
      store.countStatuses({
        checkIds,
        lifecycle: filters.lifecycle,
        kind: filters.kind,
        type: filters.type,
      }),
      hidden.length ? store.getStatuses(hidden) : Promise.resolve([]),
    ]);
    const checks = checkIds.map(checkId => {
      const counts = { pass: 0, fail: 0, unknown: 0, exempt: 0 };
      for (const row of counted) {
        if (row.checkId === checkId) counts[row.status] += row.count;
      }
      for (const row of hiddenStatuses) {
        if (row.checkId === checkId) counts[row.status] -= 1;
      }
      return {
        checkId,
        title: engine.definitions.checks.get(checkId)?.title ?? checkId,
        ...counts,
      };
    });

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
