import { Knex } from 'knex';
import {
  ChangeCause,
  CheckStatus,
  DecidingFact,
  JsonValue,
} from '@callboard/plugin-scorecards-common';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

export type StoredEntity = {
  entityRef: string;
  kind: string;
  type?: string;
  lifecycle?: string;
  ownerRef?: string;
  systemRef?: string;
  title?: string;
};

export type StoredFact = {
  entityRef: string;
  factId: string;
  value?: JsonValue;
  problem?: string;
  changedAt: Date;
};

/** A fact as a collection reported it: a value, or why there is none. */
export type FactUpdate = {
  entityRef: string;
  factId: string;
  value?: JsonValue;
  problem?: string;
};

export type StoredCollection = {
  entityRef: string;
  collectorId: string;
  succeededAt?: Date;
  failedAt?: Date;
  error?: { kind: string; message: string };
};

export type StoredResult = {
  entityRef: string;
  checkId: string;
  checkVersion: string;
  status: CheckStatus;
  value?: boolean | number;
  facts: DecidingFact[];
  reason?: string;
  changedAt: Date;
  changeCause: ChangeCause;
  previousStatus?: CheckStatus;
  evaluatedAt: Date;
};

export type StoredLevel = {
  entityRef: string;
  scorecardId: string;
  level: string | null;
  levelIndex: number;
  score: number | null;
  unknownChecks: number;
  changedAt: Date;
};

export type LevelTransition = {
  entityRef: string;
  scorecardId: string;
  levelIndex: number;
  score: number | null;
  changedAt: Date;
};

export type ExemptionStatus = 'pending' | 'approved' | 'rejected';

export type StoredExemption = {
  id: string;
  entityRef: string;
  checkId: string;
  reason: string;
  status: ExemptionStatus;
  requestedBy: string;
  requestedAt: Date;
  expiresAt: Date;
  reviewedBy?: string;
  reviewedAt?: Date;
  reviewComment?: string;
};

/**
 * Rows per SQLite statement: knex writes a multi-row insert there as one
 * compound SELECT, and SQLite refuses more than 500 terms in one
 * (SQLITE_MAX_COMPOUND_SELECT); 500 rows of 11 columns also stay under its
 * 32,766 bound variables.
 */
const CHUNK = 500;
/** Refs per `where in`: also the bound-variable limit, with room to spare. */
const REF_CHUNK = 500;

function chunks<T>(items: T[], size = REF_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

const date = (value: unknown): Date =>
  new Date(value as string | number | Date);
const optionalDate = (value: unknown): Date | undefined =>
  value === null || value === undefined ? undefined : date(value);
const optional = <T>(value: T | null): T | undefined => value ?? undefined;
const json = (value: unknown) =>
  value === undefined ? null : JSON.stringify(value);
const unjson = (value: string | null) =>
  value === null ? undefined : JSON.parse(value);

/** Rows per statement sent as one JSON parameter. */
const PG_CHUNK = 5000;
/** Serializes level writes across replicas (pg_advisory_xact_lock key). */
const LEVELS_LOCK = 0x5c0_7e1e;

type Row = Record<string, unknown>;

/** Transitions since a time plus, per entity and scorecard, the state it started in. */
function transitionsSince(rows: Row[], since: Date): LevelTransition[] {
  const lastBefore = new Map<string, LevelTransition>();
  const inWindow: LevelTransition[] = [];
  for (const row of rows) {
    const t: LevelTransition = {
      entityRef: row.entity_ref as string,
      scorecardId: row.scorecard_id as string,
      levelIndex: Number(row.level_index),
      score: row.score === null ? null : Number(row.score),
      changedAt: date(row.changed_at),
    };
    if (t.changedAt < since)
      lastBefore.set(`${t.entityRef}\u0000${t.scorecardId}`, t);
    else inWindow.push(t);
  }
  return [...lastBefore.values(), ...inWindow];
}

const RESULT_COLUMNS = [
  'entity_ref',
  'check_id',
  'check_version',
  'status',
  'value',
  'facts',
  'reason',
  'changed_at',
  'change_cause',
  'previous_status',
  'evaluated_at',
];
const HISTORY_COLUMNS = [
  'entity_ref',
  'check_id',
  'check_version',
  'status',
  'previous_status',
  'change_cause',
  'changed_at',
];
/**
 * Upserts results and adds the history rows of those flagged, from one JSON
 * parameter: parsed once for both tables, where two inserts parsed the rows
 * twice (the larger part of a first pass's time on the server).
 */
const RESULTS_WITH_HISTORY_SQL = `
  with rows as (
    select * from json_to_recordset(?::json) as r(
      ${RESULT_COLUMNS.map(
        c => `${c} ${c.endsWith('_at') ? 'timestamptz' : 'text'}`,
      ).join(', ')},
      history boolean
    )
  ), upserted as (
    insert into scorecards_results (${RESULT_COLUMNS.join(', ')})
    select ${RESULT_COLUMNS.join(', ')} from rows
    on conflict (entity_ref, check_id) do update set ${RESULT_COLUMNS.slice(2)
      .map(c => `${c} = excluded.${c}`)
      .join(', ')}
  )
  insert into scorecards_result_history (${HISTORY_COLUMNS.join(', ')})
  select ${HISTORY_COLUMNS.join(', ')} from rows where history`;

const FACT_COLUMNS = [
  'entity_ref',
  'fact_id',
  'value',
  'problem',
  'changed_at',
];
/**
 * The update half of the fact upsert, the same on both databases. A fact
 * that could not be determined keeps its last value, so it can still be
 * shown next to the reason; a row is written only when the reported value
 * or problem differs from the stored one.
 */
const FACT_UPSERT = `
  on conflict (entity_ref, fact_id) do update set
    value = case when excluded.problem is null
      then excluded.value else scorecards_facts.value end,
    problem = excluded.problem,
    changed_at = excluded.changed_at
  where case when excluded.problem is null
    then scorecards_facts.problem is not null
      or scorecards_facts.value is distinct from excluded.value
    else scorecards_facts.problem is distinct from excluded.problem end
  returning ${FACT_COLUMNS.join(', ')}`;
/** Upserts facts and adds a history row for each one written, in one statement. */
const FACTS_WITH_HISTORY_SQL = `
  with rows as (
    select * from json_to_recordset(?::json) as r(
      entity_ref text, fact_id text, value text, problem text,
      changed_at timestamptz
    )
  ), written as (
    insert into scorecards_facts (${FACT_COLUMNS.join(', ')})
    select ${FACT_COLUMNS.join(', ')} from rows
    ${FACT_UPSERT}
  ), history as (
    insert into scorecards_fact_history (${FACT_COLUMNS.join(', ')})
    select ${FACT_COLUMNS.join(', ')} from written
    returning 1
  )
  select count(*) as count from history`;
/**
 * SQLite cannot write inside a WITH clause: the upsert returns the rows it
 * wrote, and their history follows in the same transaction. (`where true`
 * tells SQLite's parser the ON CONFLICT belongs to the insert.)
 */
const SQLITE_FACTS_UPSERT_SQL = `
  insert into scorecards_facts (${FACT_COLUMNS.join(', ')})
  select ${FACT_COLUMNS.map(c => `r.value ->> '$.${c}'`).join(', ')}
  from json_each(?) as r where true
  ${FACT_UPSERT}`;

export class ScorecardsStore {
  static async create(knex: Knex, options: { skipMigrations?: boolean } = {}) {
    if (!options.skipMigrations) {
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@callboard/plugin-scorecards-backend',
          'migrations',
        ),
        tableName: 'scorecards_knex_migrations',
      });
    }
    return new ScorecardsStore(knex);
  }

  readonly #postgres: boolean;

  /** Runs `fn` with a store whose writes all land in one transaction. */
  async transaction<T>(fn: (store: ScorecardsStore) => Promise<T>): Promise<T> {
    return this.db.transaction(tx => fn(new ScorecardsStore(tx)));
  }

  constructor(private readonly db: Knex) {
    this.#postgres = ['pg', 'postgres', 'postgresql'].includes(
      String(db.client.config.client),
    );
  }

  /**
   * Inserts rows, updating the existing row on a conflict when asked. On
   * PostgreSQL each statement carries its rows as one JSON parameter
   * expanded by json_populate_recordset: with a bound parameter per value,
   * knex's placeholder renumbering and the server's parse of thousands of
   * parameters cost more than the rows (a first pass over 10,000 entities
   * spent most of its time there).
   */
  async #insert(
    db: Knex | Knex.Transaction,
    table: string,
    rows: Row[],
    onConflict?: { columns: string[]; merge?: string[] },
  ) {
    if (rows.length === 0) return;
    if (!this.#postgres) {
      for (const batch of chunks(rows, CHUNK)) {
        const insert = db(table).insert(batch);
        if (!onConflict) await insert;
        else if (onConflict.merge)
          await insert.onConflict(onConflict.columns).merge(onConflict.merge);
        else await insert.onConflict(onConflict.columns).merge();
      }
      return;
    }
    const columns = Object.keys(rows[0]);
    const list = columns.map(() => '??').join(', ');
    let sql = `insert into ?? (${list}) select ${list} from json_populate_recordset(null::??, ?::json)`;
    const head: string[] = [table, ...columns, ...columns, table];
    const tail: string[] = [];
    if (onConflict) {
      const merge =
        onConflict.merge ??
        columns.filter(c => !onConflict.columns.includes(c));
      sql += ` on conflict (${onConflict.columns
        .map(() => '??')
        .join(', ')}) do update set ${merge
        .map(() => '?? = excluded.??')
        .join(', ')}`;
      tail.push(...onConflict.columns, ...merge.flatMap(c => [c, c]));
    }
    for (const batch of chunks(rows, PG_CHUNK)) {
      await db.raw(sql, [...head, JSON.stringify(batch), ...tail]);
    }
  }

  // Entities ---------------------------------------------------------------

  async listEntities(): Promise<StoredEntity[]> {
    const rows = await this.db('scorecards_entities').select();
    return rows.map(row => ({
      entityRef: row.entity_ref,
      kind: row.kind,
      type: optional(row.type),
      lifecycle: optional(row.lifecycle),
      ownerRef: optional(row.owner_ref),
      systemRef: optional(row.system_ref),
      title: optional(row.title),
    }));
  }

  /** Writes entities whose summary changed. */
  async upsertEntities(entities: StoredEntity[], known: StoredEntity[]) {
    const byRef = new Map(known.map(e => [e.entityRef, e]));
    const changed = entities.filter(e => {
      const before = byRef.get(e.entityRef);
      return !before || JSON.stringify(before) !== JSON.stringify(e);
    });
    await this.#insert(
      this.db,
      'scorecards_entities',
      changed.map(e => ({
        entity_ref: e.entityRef,
        kind: e.kind,
        type: e.type ?? null,
        lifecycle: e.lifecycle ?? null,
        owner_ref: e.ownerRef ?? null,
        system_ref: e.systemRef ?? null,
        title: e.title ?? null,
      })),
      { columns: ['entity_ref'] },
    );
    return changed.length;
  }

  /** Removes everything kept about entities that left the catalog. */
  async deleteEntities(entityRefs: string[]) {
    const tables = [
      'scorecards_entities',
      'scorecards_facts',
      'scorecards_fact_history',
      'scorecards_collections',
      'scorecards_results',
      'scorecards_result_history',
      'scorecards_levels',
      'scorecards_level_history',
      'scorecards_exemptions',
      'scorecards_evaluations',
    ];
    for (const batch of chunks(entityRefs)) {
      await this.db.transaction(async tx => {
        for (const table of tables) {
          await tx(table).whereIn('entity_ref', batch).delete();
        }
      });
    }
  }

  // Facts ------------------------------------------------------------------

  async getFacts(entityRefs?: string[]): Promise<StoredFact[]> {
    const rows = entityRefs
      ? (
          await Promise.all(
            chunks(entityRefs).map(batch =>
              this.db('scorecards_facts').whereIn('entity_ref', batch).select(),
            ),
          )
        ).flat()
      : await this.db('scorecards_facts').select();
    return rows.map(row => ({
      entityRef: row.entity_ref,
      factId: row.fact_id,
      value: unjson(row.value),
      problem: optional(row.problem),
      changedAt: date(row.changed_at),
    }));
  }

  /**
   * Writes the facts whose value or problem differ from what is stored, each
   * with a history row. Returns how many changed.
   *
   * What changed is decided by the upsert itself, against the row as it is
   * when written: two writers of the same facts (the catalog collector's
   * pass and a catalog-change refresh, or two replicas) may both have read
   * "no fact yet", and a comparison made before the write would record each
   * change twice.
   */
  async writeFacts(updates: FactUpdate[], at: Date): Promise<number> {
    // One row per fact (the last reported wins), in key order: a statement
    // cannot update a row twice, and writers that lock rows in one order
    // cannot deadlock each other.
    const byKey = new Map(
      updates.map(u => [`${u.entityRef}\u0000${u.factId}`, u]),
    );
    const rows = [...byKey.keys()].sort().map(key => {
      const update = byKey.get(key)!;
      return {
        entity_ref: update.entityRef,
        fact_id: update.factId,
        value: update.problem !== undefined ? null : json(update.value),
        problem: update.problem ?? null,
        changed_at: this.#postgres ? at.toISOString() : at.getTime(),
      };
    });
    let changed = 0;
    for (const batch of chunks(rows, PG_CHUNK)) {
      changed += await this.db.transaction(async tx => {
        if (this.#postgres) {
          const result = await tx.raw(FACTS_WITH_HISTORY_SQL, [
            JSON.stringify(batch),
          ]);
          return Number(result.rows[0].count);
        }
        const written: Row[] = await tx.raw(SQLITE_FACTS_UPSERT_SQL, [
          JSON.stringify(batch),
        ]);
        await this.#insert(tx, 'scorecards_fact_history', written);
        return written.length;
      });
    }
    return changed;
  }

  /**
   * Per entity, a value that changes whenever any of its facts does: only
   * changes are written, each with a new `changed_at`. Cheaper than reading
   * the facts when most entities have not changed.
   */
  async getFactDigests(entityRefs?: string[]): Promise<Map<string, string>> {
    const query = (refs?: string[]) => {
      const q = this.db('scorecards_facts')
        .groupBy('entity_ref')
        .select('entity_ref')
        .count({ count: '*' })
        .max({ latest: 'changed_at' });
      return refs ? q.whereIn('entity_ref', refs) : q;
    };
    const rows = (
      entityRefs
        ? (await Promise.all(chunks(entityRefs).map(query))).flat()
        : await query()
    ) as { entity_ref: string; count: unknown; latest: unknown }[];
    return new Map(
      rows.map(row => [
        row.entity_ref,
        `${Number(row.count)}@${date(row.latest).getTime()}`,
      ]),
    );
  }

  // Evaluation stamps --------------------------------------------------------

  /** The hash of the inputs each entity was last evaluated with. */
  async getEvaluationStamps(
    entityRefs?: string[],
  ): Promise<Map<string, string>> {
    const rows = entityRefs
      ? (
          await Promise.all(
            chunks(entityRefs).map(batch =>
              this.db('scorecards_evaluations')
                .whereIn('entity_ref', batch)
                .select('entity_ref', 'inputs'),
            ),
          )
        ).flat()
      : await this.db('scorecards_evaluations').select('entity_ref', 'inputs');
    return new Map(rows.map(row => [row.entity_ref, row.inputs]));
  }

  async writeEvaluationStamps(stamps: Map<string, string>, at: Date) {
    await this.#insert(
      this.db,
      'scorecards_evaluations',
      [...stamps].map(([entityRef, inputs]) => ({
        entity_ref: entityRef,
        inputs,
        evaluated_at: at,
      })),
      { columns: ['entity_ref'] },
    );
  }

  // Collections ------------------------------------------------------------

  async getCollections(entityRefs?: string[]): Promise<StoredCollection[]> {
    const rows = entityRefs
      ? (
          await Promise.all(
            chunks(entityRefs).map(batch =>
              this.db('scorecards_collections')
                .whereIn('entity_ref', batch)
                .select(),
            ),
          )
        ).flat()
      : await this.db('scorecards_collections').select();
    return rows.map(row => ({
      entityRef: row.entity_ref,
      collectorId: row.collector_id,
      succeededAt: optionalDate(row.succeeded_at),
      failedAt: optionalDate(row.failed_at),
      error: row.error_kind
        ? { kind: row.error_kind, message: row.error_message ?? '' }
        : undefined,
    }));
  }

  /**
   * Records a collection's outcome: the freshness of every fact of the
   * collector for the entity. A failure keeps the last success time, so
   * facts stay current until their TTL passes.
   */
  async recordCollections(
    collectorId: string,
    outcomes: {
      entityRef: string;
      error?: { kind: string; message: string };
    }[],
    at: Date,
  ) {
    const succeeded = outcomes.filter(o => !o.error).map(o => o.entityRef);
    await this.#insert(
      this.db,
      'scorecards_collections',
      succeeded.map(entityRef => ({
        entity_ref: entityRef,
        collector_id: collectorId,
        succeeded_at: at,
        failed_at: null,
        error_kind: null,
        error_message: null,
      })),
      {
        columns: ['entity_ref', 'collector_id'],
        merge: ['succeeded_at', 'failed_at', 'error_kind', 'error_message'],
      },
    );
    const failed = outcomes.filter(o => o.error);
    await this.#insert(
      this.db,
      'scorecards_collections',
      failed.map(o => ({
        entity_ref: o.entityRef,
        collector_id: collectorId,
        succeeded_at: null,
        failed_at: at,
        error_kind: o.error!.kind,
        error_message: o.error!.message,
      })),
      {
        columns: ['entity_ref', 'collector_id'],
        merge: ['failed_at', 'error_kind', 'error_message'],
      },
    );
  }

  // Results ----------------------------------------------------------------

  async getResults(entityRefs?: string[]): Promise<StoredResult[]> {
    const rows = entityRefs
      ? (
          await Promise.all(
            chunks(entityRefs).map(batch =>
              this.db('scorecards_results')
                .whereIn('entity_ref', batch)
                .select(),
            ),
          )
        ).flat()
      : await this.db('scorecards_results').select();
    return rows.map(row => ({
      entityRef: row.entity_ref,
      checkId: row.check_id,
      checkVersion: row.check_version,
      status: row.status,
      value: unjson(row.value),
      facts: JSON.parse(row.facts),
      reason: optional(row.reason),
      changedAt: date(row.changed_at),
      changeCause: row.change_cause,
      previousStatus: optional(row.previous_status),
      evaluatedAt: date(row.evaluated_at),
    }));
  }

  /** Check statuses only (of every stored result by default), for rollups: no JSON to read or parse. */
  async getStatuses(
    entityRefs?: string[],
  ): Promise<{ entityRef: string; checkId: string; status: CheckStatus }[]> {
    const select = () =>
      this.db('scorecards_results').select('entity_ref', 'check_id', 'status');
    const rows = entityRefs
      ? (
          await Promise.all(
            chunks(entityRefs).map(batch =>
              select().whereIn('entity_ref', batch),
            ),
          )
        ).flat()
      : await select();
    return rows.map(row => ({
      entityRef: row.entity_ref,
      checkId: row.check_id,
      status: row.status,
    }));
  }

  // Data version -------------------------------------------------------------

  /** Moves whenever a pass changed results, levels or entities: rollups reload on a new one. */
  async getDataVersion(): Promise<number> {
    const row = await this.db('scorecards_data_version')
      .where('id', 1)
      .first('version');
    return Number(row?.version ?? 0);
  }

  async markDataChanged() {
    await this.db('scorecards_data_version')
      .where('id', 1)
      .increment('version', 1);
  }

  /**
   * Writes changed results; a status change also writes a history row.
   * Results of checks that no longer apply are removed.
   */
  async writeResults(
    changed: StoredResult[],
    removed: { entityRef: string; checkId: string }[],
    statusChanged: StoredResult[],
  ) {
    const resultRow = (r: StoredResult) => ({
      entity_ref: r.entityRef,
      check_id: r.checkId,
      check_version: r.checkVersion,
      status: r.status,
      value: json(r.value),
      facts: JSON.stringify(r.facts),
      reason: r.reason ?? null,
      changed_at: r.changedAt,
      change_cause: r.changeCause,
      previous_status: r.previousStatus ?? null,
      evaluated_at: r.evaluatedAt,
    });
    const historyRow = (r: StoredResult) => ({
      entity_ref: r.entityRef,
      check_id: r.checkId,
      check_version: r.checkVersion,
      status: r.status,
      previous_status: r.previousStatus ?? null,
      change_cause: r.changeCause,
      changed_at: r.changedAt,
    });
    await this.db.transaction(async tx => {
      if (this.#postgres) {
        const key = (r: StoredResult) => `${r.entityRef}\u0000${r.checkId}`;
        const inChanged = new Set(changed.map(key));
        const withHistory = new Set(statusChanged.map(key));
        for (const batch of chunks(changed, PG_CHUNK)) {
          await tx.raw(RESULTS_WITH_HISTORY_SQL, [
            JSON.stringify(
              batch.map(r => ({
                ...resultRow(r),
                history: withHistory.has(key(r)),
              })),
            ),
          ]);
        }
        await this.#insert(
          tx,
          'scorecards_result_history',
          statusChanged.filter(r => !inChanged.has(key(r))).map(historyRow),
        );
      } else {
        await this.#insert(tx, 'scorecards_results', changed.map(resultRow), {
          columns: ['entity_ref', 'check_id'],
        });
        await this.#insert(
          tx,
          'scorecards_result_history',
          statusChanged.map(historyRow),
        );
      }
      // A check dropped from the definitions removes its results for every entity at once.
      const byCheck = new Map<string, string[]>();
      for (const { entityRef, checkId } of removed) {
        byCheck.set(checkId, [...(byCheck.get(checkId) ?? []), entityRef]);
      }
      for (const [checkId, refs] of byCheck) {
        for (const batch of chunks(refs)) {
          await tx('scorecards_results')
            .where('check_id', checkId)
            .whereIn('entity_ref', batch)
            .delete();
        }
      }
    });
  }

  // Levels -----------------------------------------------------------------

  async getLevels(entityRefs?: string[]): Promise<StoredLevel[]> {
    const rows = entityRefs
      ? (
          await Promise.all(
            chunks(entityRefs).map(batch =>
              this.db('scorecards_levels')
                .whereIn('entity_ref', batch)
                .select(),
            ),
          )
        ).flat()
      : await this.db('scorecards_levels').select();
    return rows.map(row => ({
      entityRef: row.entity_ref,
      scorecardId: row.scorecard_id,
      level: optional(row.level) ?? null,
      levelIndex: Number(row.level_index),
      score: row.score === null ? null : Number(row.score),
      unknownChecks: Number(row.unknown_checks),
      changedAt: date(row.changed_at),
    }));
  }

  async writeLevels(
    changed: StoredLevel[],
    removed: { entityRef: string; scorecardId: string }[],
  ) {
    for (const batch of chunks(changed, PG_CHUNK)) {
      const rows = batch.map(l => ({
        entity_ref: l.entityRef,
        scorecard_id: l.scorecardId,
        level: l.level,
        level_index: l.levelIndex,
        score: l.score,
        unknown_checks: l.unknownChecks,
        changed_at: l.changedAt,
      }));
      await this.db.transaction(async tx => {
        // Passes may overlap (a scheduled pass on one replica, a catalog
        // change or "Refresh now" on another), each having read the levels
        // before the other wrote. Compared under a lock with what is stored
        // now, a transition is recorded once, and a change history does not
        // show (the unknown-check count) writes no history row.
        if (this.#postgres) {
          await tx.raw('select pg_advisory_xact_lock(?)', [LEVELS_LOCK]);
        }
        const storedRows: Row[] = [];
        for (const refs of chunks([...new Set(batch.map(l => l.entityRef))])) {
          storedRows.push(
            ...(await tx('scorecards_levels')
              .whereIn('entity_ref', refs)
              .select('entity_ref', 'scorecard_id', 'level_index', 'score')),
          );
        }
        const stored = new Map(
          storedRows.map(row => [
            `${row.entity_ref}\u0000${row.scorecard_id}`,
            `${Number(row.level_index)}\u0000${
              row.score === null ? null : Number(row.score)
            }`,
          ]),
        );
        await this.#insert(tx, 'scorecards_levels', rows, {
          columns: ['entity_ref', 'scorecard_id'],
        });
        await this.#insert(
          tx,
          'scorecards_level_history',
          rows
            .filter(
              r =>
                stored.get(`${r.entity_ref}\u0000${r.scorecard_id}`) !==
                `${r.level_index}\u0000${r.score}`,
            )
            .map(r => ({
              entity_ref: r.entity_ref,
              scorecard_id: r.scorecard_id,
              level_index: r.level_index,
              score: r.score,
              changed_at: r.changed_at,
            })),
        );
      });
    }
    for (const { entityRef, scorecardId } of removed) {
      await this.db('scorecards_levels')
        .where({ entity_ref: entityRef, scorecard_id: scorecardId })
        .delete();
    }
  }

  /** Level transitions of these entities since a time, plus the last one before it. */
  async levelHistory(
    entityRefs: string[],
    since: Date,
  ): Promise<LevelTransition[]> {
    const rows = (
      await Promise.all(
        chunks(entityRefs).map(batch =>
          this.db('scorecards_level_history')
            .whereIn('entity_ref', batch)
            .orderBy('changed_at', 'asc')
            .select(),
        ),
      )
    ).flat();
    return transitionsSince(rows, since);
  }

  /**
   * Level transitions since a time (plus the last one before it) of the
   * entities whose stored owner is `ownerRef`: one query, without first
   * listing the owner's entities.
   */
  async levelHistoryOfOwner(
    ownerRef: string,
    since: Date,
  ): Promise<LevelTransition[]> {
    const rows = await this.db('scorecards_level_history as h')
      .join('scorecards_entities as e', 'e.entity_ref', 'h.entity_ref')
      .where('e.owner_ref', ownerRef)
      .orderBy('h.changed_at', 'asc')
      .select('h.*');
    return transitionsSince(rows, since);
  }

  // Exemptions -------------------------------------------------------------

  async createExemption(exemption: StoredExemption) {
    await this.db('scorecards_exemptions').insert({
      id: exemption.id,
      entity_ref: exemption.entityRef,
      check_id: exemption.checkId,
      reason: exemption.reason,
      status: exemption.status,
      requested_by: exemption.requestedBy,
      requested_at: exemption.requestedAt,
      expires_at: exemption.expiresAt,
    });
  }

  async listExemptions(filter: {
    id?: string;
    entityRefs?: string[];
    status?: ExemptionStatus;
  }): Promise<StoredExemption[]> {
    const query = this.db('scorecards_exemptions').orderBy(
      'requested_at',
      'desc',
    );
    if (filter.id) query.where('id', filter.id);
    if (filter.status) query.where('status', filter.status);
    if (filter.entityRefs) query.whereIn('entity_ref', filter.entityRefs);
    const rows = await query.select();
    return rows.map(row => ({
      id: row.id,
      entityRef: row.entity_ref,
      checkId: row.check_id,
      reason: row.reason,
      status: row.status,
      requestedBy: row.requested_by,
      requestedAt: date(row.requested_at),
      expiresAt: date(row.expires_at),
      reviewedBy: optional(row.reviewed_by),
      reviewedAt: optionalDate(row.reviewed_at),
      reviewComment: optional(row.review_comment),
    }));
  }

  /** Decides a pending exemption; false when it was no longer pending. */
  async reviewExemption(
    id: string,
    review: {
      status: 'approved' | 'rejected';
      by: string;
      at: Date;
      comment?: string;
    },
  ): Promise<boolean> {
    const updated = await this.db('scorecards_exemptions')
      .where({ id, status: 'pending' })
      .update({
        status: review.status,
        reviewed_by: review.by,
        reviewed_at: review.at,
        review_comment: review.comment ?? null,
      });
    return updated === 1;
  }

  // Retention --------------------------------------------------------------

  /** Deletes history older than the cut-off; current rows stay. */
  async prune(before: Date): Promise<number> {
    let deleted = 0;
    for (const table of [
      'scorecards_fact_history',
      'scorecards_result_history',
      'scorecards_level_history',
    ]) {
      deleted += await this.db(table).where('changed_at', '<', before).delete();
    }
    deleted += await this.db('scorecards_exemptions')
      .whereIn('status', ['approved', 'rejected'])
      .where('expires_at', '<', before)
      .delete();
    return deleted;
  }
}
