import { CheckStatus } from '@callboard/plugin-scorecards-common';
import {
  ScorecardsStore,
  StoredEntity,
  StoredLevel,
} from '../../database/ScorecardsStore';

/** Everything rollups read of one data version, indexed for them. */
export type Standings = {
  version: number;
  entities: StoredEntity[];
  /** By scorecard, then entity. */
  levels: ReadonlyMap<string, ReadonlyMap<string, StoredLevel>>;
  /** By entity: each check's status. */
  statuses: ReadonlyMap<string, { checkId: string; status: CheckStatus }[]>;
};

/**
 * The stored standings, loaded once per data version (which a pass moves
 * when it changes anything) and shared by every caller: each request then
 * costs one read of the version, and permissions are applied on top by
 * the caller's view. Every replica reloads after a pass on any of them.
 */
export class StandingsCache {
  #current?: Promise<Standings>;

  constructor(private readonly store: ScorecardsStore) {}

  async get(): Promise<Standings> {
    const version = await this.store.getDataVersion();
    const current = this.#current;
    if (current) {
      const loaded = await current.catch(() => undefined);
      if (loaded && loaded.version >= version) return loaded;
      // Another request may have started the load of this version meanwhile.
      if (this.#current !== current) return this.get();
    }
    const next = this.#load(version);
    this.#current = next;
    next.catch(() => {
      if (this.#current === next) this.#current = undefined;
    });
    return next;
  }

  async #load(version: number): Promise<Standings> {
    const [entities, levels, statuses] = await Promise.all([
      this.store.listEntities(),
      this.store.getLevels(),
      this.store.getStatuses(),
    ]);
    const byScorecard = new Map<string, Map<string, StoredLevel>>();
    for (const level of levels) {
      let map = byScorecard.get(level.scorecardId);
      if (!map) byScorecard.set(level.scorecardId, (map = new Map()));
      map.set(level.entityRef, level);
    }
    const byEntity = new Map<
      string,
      { checkId: string; status: CheckStatus }[]
    >();
    for (const { entityRef, checkId, status } of statuses) {
      const list = byEntity.get(entityRef);
      if (list) list.push({ checkId, status });
      else byEntity.set(entityRef, [{ checkId, status }]);
    }
    return { version, entities, levels: byScorecard, statuses: byEntity };
  }
}
