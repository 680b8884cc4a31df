import { JsonValue } from './facts';

/**
 * - `pass` / `fail`: the expression decided.
 * - `unknown`: it could not be decided (a fact is missing, older than its TTL
 *   or its collector failed; or the expression failed for this entity). It
 *   never counts as a failure.
 * - `exempt`: an approved exemption is in force; it counts as passing.
 */
export const checkStatuses = ['pass', 'fail', 'unknown', 'exempt'] as const;
export type CheckStatus = (typeof checkStatuses)[number];

/**
 * Why a result changed: `first` evaluation; a `fact` it reads changed; the
 * `rule` changed (a new check version); an `exemption` started or ended; or
 * a fact became `stale`/`fresh` again.
 */
export const changeCauses = [
  'first',
  'fact',
  'rule',
  'exemption',
  'freshness',
] as const;
export type ChangeCause = (typeof changeCauses)[number];

/** A fact as one check saw it. */
export type DecidingFact = {
  /** `<collector>.<fact>` */
  id: string;
  value: JsonValue | undefined;
  collectedAt?: string;
  /** Set when the fact could not be used, e.g. "older than its TTL of 1 day". */
  problem?: string;
};

export type CheckResult = {
  entityRef: string;
  checkId: string;
  /** Hash of the expression and thresholds it was evaluated with. */
  checkVersion: string;
  status: CheckStatus;
  /** What the expression returned (bool or number), when it returned. */
  value?: boolean | number;
  facts: DecidingFact[];
  /** For unknown: why; for exempt: the exemption's reason. */
  reason?: string;
  /** When the status last changed, and why. */
  changedAt: string;
  changeCause: ChangeCause;
  previousStatus?: CheckStatus;
  evaluatedAt: string;
};
