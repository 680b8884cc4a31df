import {
  MAX_LEVEL_REFS,
  ScorecardLevel,
} from '@callboard/plugin-scorecards-common';
import { ScorecardsApi } from '../../api';

export type EntityLevel = {
  scorecard: { id: string; title: string };
  standing: ScorecardLevel;
};

/** How long a fetched level is reused, e.g. when paging back and forth. */
const REUSE_MS = 60_000;

type Pending = {
  resolve: (levels: EntityLevel[]) => void;
  reject: (error: Error) => void;
};

/**
 * Gathers the level cells a catalog page renders in one tick into one
 * `POST /levels` per 200 entities, instead of a request per row.
 */
class LevelBatcher {
  readonly #cache = new Map<
    string,
    { levels: Promise<EntityLevel[]>; at: number }
  >();
  #queue = new Map<string, Pending[]>();
  #scheduled = false;

  constructor(private readonly api: ScorecardsApi) {}

  load(entityRef: string): Promise<EntityLevel[]> {
    const cached = this.#cache.get(entityRef);
    if (cached && Date.now() - cached.at < REUSE_MS) return cached.levels;
    const levels = new Promise<EntityLevel[]>((resolve, reject) => {
      this.#queue.set(entityRef, [
        ...(this.#queue.get(entityRef) ?? []),
        { resolve, reject },
      ]);
    });
    this.#cache.set(entityRef, { levels, at: Date.now() });
    levels.catch(() => this.#cache.delete(entityRef));
    if (!this.#scheduled) {
      this.#scheduled = true;
      setTimeout(() => this.#flush(), 0);
    }
    return levels;
  }

  async #flush() {
    const queue = this.#queue;
    this.#queue = new Map();
    this.#scheduled = false;
    const refs = [...queue.keys()];
    for (let i = 0; i < refs.length; i += MAX_LEVEL_REFS) {
      const batch = refs.slice(i, i + MAX_LEVEL_REFS);
      try {
        const response = await this.api.getLevels(batch);
        const found = new Map(
          response.items.map(item => [item.entityRef, item.standings]),
        );
        for (const ref of batch) {
          const standings = found.get(ref) ?? [];
          const levels = response.scorecards.flatMap(scorecard => {
            const standing = standings.find(
              s => s.scorecardId === scorecard.id,
            );
            return standing
              ? [
                  {
                    scorecard: { id: scorecard.id, title: scorecard.title },
                    standing,
                  },
                ]
              : [];
          });
          queue.get(ref)!.forEach(p => p.resolve(levels));
        }
      } catch (error) {
        for (const ref of batch) {
          queue.get(ref)!.forEach(p => p.reject(error as Error));
        }
      }
    }
  }
}

const batchers = new WeakMap<ScorecardsApi, LevelBatcher>();

/** The entity's level per scorecard, in the order the scorecards are defined. */
export function loadEntityLevels(
  api: ScorecardsApi,
  entityRef: string,
): Promise<EntityLevel[]> {
  let batcher = batchers.get(api);
  if (!batcher) {
    batcher = new LevelBatcher(api);
    batchers.set(api, batcher);
  }
  return batcher.load(entityRef);
}
