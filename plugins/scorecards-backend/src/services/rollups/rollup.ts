import { LevelShare, TrendPoint } from '@callboard/plugin-scorecards-common';
import { LevelTransition, StoredLevel } from '../../database/ScorecardsStore';

/** Share of entities at each level (null: below the first), and the mean score. */
export function shareLevels(
  levels: string[],
  standings: Pick<StoredLevel, 'levelIndex' | 'score'>[],
): { shares: LevelShare[]; score: number | null } {
  const counts = new Array(levels.length + 1).fill(0);
  let scoreSum = 0;
  let scored = 0;
  for (const standing of standings) {
    counts[standing.levelIndex + 1] += 1;
    if (standing.score !== null) {
      scoreSum += standing.score;
      scored += 1;
    }
  }
  const total = standings.length;
  return {
    shares: [null, ...levels].map((level, index) => ({
      level,
      count: counts[index],
      share: total ? counts[index] / total : 0,
    })),
    score: scored ? Math.round(scoreSum / scored) : null,
  };
}

const DAY = 86_400_000;

/**
 * The mean score at the end of each day of the window, from level
 * transitions (each entity keeps its last state until it changes).
 */
export function dailyTrend(
  transitions: LevelTransition[],
  current: StoredLevel[],
  windowDays: number,
  now: Date,
): TrendPoint[] {
  const byEntity = new Map<string, LevelTransition[]>();
  for (const t of transitions) {
    byEntity.set(t.entityRef, [...(byEntity.get(t.entityRef) ?? []), t]);
  }
  // An entity whose history was pruned still has its current state.
  for (const level of current) {
    if (!byEntity.has(level.entityRef)) {
      byEntity.set(level.entityRef, [{ ...level, changedAt: new Date(0) }]);
    }
  }
  for (const list of byEntity.values()) {
    list.sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime());
  }
  const today = Math.floor(now.getTime() / DAY) * DAY;
  const points: TrendPoint[] = [];
  for (let day = windowDays - 1; day >= 0; day -= 1) {
    const end = today - day * DAY + DAY - 1;
    let sum = 0;
    let scored = 0;
    let entities = 0;
    for (const list of byEntity.values()) {
      let state: LevelTransition | undefined;
      for (const t of list) {
        if (t.changedAt.getTime() > end) break;
        state = t;
      }
      if (!state) continue;
      entities += 1;
      if (state.score !== null) {
        sum += state.score;
        scored += 1;
      }
    }
    points.push({
      date: new Date(end - DAY + 1).toISOString().slice(0, 10),
      score: scored ? Math.round(sum / scored) : null,
      entities,
    });
  }
  return points;
}

const formulaStart = /^[=+\-@\t\r]/;

/** RFC 4180 CSV; cells that a spreadsheet would run as formulas are quoted with a leading '. */
export function toCsv(rows: (string | number | null)[][]): string {
  return rows
    .map(row =>
      row
        .map(cell => {
          let text = cell === null ? '' : String(cell);
          if (typeof cell === 'string' && formulaStart.test(text))
            text = `'${text}`;
          return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
        })
        .join(','),
    )
    .join('\r\n')
    .concat('\r\n');
}
