import {
  doraBandOf,
  DX_FIGURE_KEYS,
  DxFigure,
  DxFigureKey,
  DxLeadTimeBreakdown,
  DxTrendPoint,
} from '@callboard/plugin-dx-metrics-common';
import { ChangeFact, DeploymentFact, RepositoryFacts } from './definitions';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Window {
  start: number;
  end: number;
  days: number;
}

export function windowEndingAt(end: number, days: number): Window {
  return { start: end - days * DAY, end, days };
}

function median(values: number[]): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

const within = (time: number | null, window: Window) =>
  time !== null && time >= window.start && time < window.end;

/** Changes whose lead time counts: deployed in the window, bots left out unless asked. */
export function leadTimeChanges(
  changes: ChangeFact[],
  window: Window,
  includeBots: boolean,
): ChangeFact[] {
  return changes.filter(
    change => within(change.deployedAt, window) && (includeBots || !change.bot),
  );
}

interface Values {
  value: number | null;
  sampleSize: number;
}

function valuesIn(
  facts: RepositoryFacts[],
  window: Window,
  includeBots: boolean,
): Record<DxFigureKey, Values> {
  const deployments = facts.flatMap(f => f.deployments);
  const attempts = deployments.filter(d =>
    within(d.deployment.finishedAt, window),
  );
  const successes = attempts.filter(d => d.deployment.status === 'success');
  const changes = leadTimeChanges(
    facts.flatMap(f => f.changes),
    window,
    includeBots,
  );
  const failures = attempts.filter(d => d.failed);
  const recoveries = failures
    .filter(d => d.failedAt !== null && d.recoveredAt !== null)
    .map(d => (d.recoveredAt! - d.failedAt!) / HOUR);
  return {
    deploymentFrequency: {
      value: successes.length / window.days,
      sampleSize: successes.length,
    },
    leadTime: {
      value: median(changes.map(c => (c.deployedAt! - c.firstCommitAt) / HOUR)),
      sampleSize: changes.length,
    },
    changeFailureRate: {
      value: attempts.length ? failures.length / attempts.length : null,
      sampleSize: attempts.length,
    },
    recoveryTime: {
      value: median(recoveries),
      sampleSize: recoveries.length,
    },
    reworkRate: {
      value: successes.length
        ? successes.filter(d => d.rework).length / successes.length
        : null,
      sampleSize: successes.length,
    },
  };
}

/** Days for a 7-day window, weeks for longer ones. */
function buckets(window: Window): Window[] {
  const size = window.days <= 7 ? 1 : 7;
  const result: Window[] = [];
  for (let start = window.start; start < window.end; start += size * DAY) {
    const end = Math.min(start + size * DAY, window.end);
    result.push({ start, end, days: (end - start) / DAY });
  }
  return result;
}

export interface AggregateNotes {
  /** False when no repository has an incident signal. */
  incidentSignal: boolean;
}

/** The five figures over the facts of one or many components, with bands and trends. */
export function aggregate(
  facts: RepositoryFacts[],
  window: Window,
  options: { includeBots: boolean; notes: AggregateNotes },
): Record<DxFigureKey, DxFigure> {
  const totals = valuesIn(facts, window, options.includeBots);
  const trend = buckets(window).map(bucket => ({
    start: new Date(bucket.start).toISOString(),
    values: valuesIn(facts, bucket, options.includeBots),
  }));
  const figures = {} as Record<DxFigureKey, DxFigure>;
  for (const key of DX_FIGURE_KEYS) {
    const { value, sampleSize } = totals[key];
    figures[key] = {
      key,
      value,
      band: doraBandOf(key, value),
      sampleSize,
      note: noteFor(key, totals, options.notes),
      trend: trend.map(
        (point): DxTrendPoint => ({
          start: point.start,
          value: point.values[key].value,
        }),
      ),
    };
  }
  return figures;
}

function noteFor(
  key: DxFigureKey,
  totals: Record<DxFigureKey, Values>,
  notes: AggregateNotes,
): string | undefined {
  const { value, sampleSize } = totals[key];
  if (key === 'changeFailureRate' && value !== null && !notes.incidentSignal) {
    return 'No incident signal (issues labelled as incidents) for these repositories: failures counted from failed rollouts, reverts and rollbacks only.';
  }
  if (value !== null) {
    return undefined;
  }
  switch (key) {
    case 'leadTime':
      return 'No change reached production in this window.';
    case 'recoveryTime':
      return totals.changeFailureRate.sampleSize
        ? 'No failed deployment recovered in this window.'
        : 'No production deployment in this window.';
    default:
      return sampleSize === 0
        ? 'No production deployment in this window.'
        : undefined;
  }
}

/** Medians of coding, pickup, review and deploy time over the changes that reached production. */
export function leadTimeBreakdown(
  facts: RepositoryFacts[],
  window: Window,
  includeBots: boolean,
): DxLeadTimeBreakdown {
  const changes = leadTimeChanges(
    facts.flatMap(f => f.changes),
    window,
    includeBots,
  );
  const hours = (from: number | null, to: number | null) =>
    from !== null && to !== null ? Math.max(0, to - from) / HOUR : null;
  const collect = (pick: (c: ChangeFact) => number | null) =>
    median(
      changes.map(pick).filter((value): value is number => value !== null),
    );
  return {
    coding: collect(c => hours(c.firstCommitAt, c.openedAt ?? c.landedAt)),
    pickup: collect(c => hours(c.openedAt, c.firstReviewAt)),
    review: collect(c =>
      c.openedAt === null
        ? null
        : hours(c.firstReviewAt ?? c.openedAt, c.landedAt),
    ),
    deploy: collect(c => hours(c.landedAt, c.deployedAt)),
    changes: changes.length,
  };
}

export function botChangesIn(facts: RepositoryFacts[], window: Window): number {
  return facts
    .flatMap(f => f.changes)
    .filter(c => c.bot && within(c.deployedAt ?? c.landedAt, window)).length;
}

export function deploymentsIn(
  facts: RepositoryFacts[],
  window: Window,
): DeploymentFact[] {
  return facts
    .flatMap(f => f.deployments)
    .filter(d => within(d.deployment.finishedAt, window));
}
