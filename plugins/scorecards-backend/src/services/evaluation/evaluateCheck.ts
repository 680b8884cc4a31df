import {
  CheckStatus,
  DecidingFact,
  EntityFilter,
  JsonValue,
  parseFactId,
  Thresholds,
} from '@callboard/plugin-scorecards-common';
import { CompiledCheck } from '../../definitions/loadDefinitions';
import { firstLine } from '../../definitions/celEnvironment';

/** What the evaluation needs to know about an entity. */
export type EntitySummary = {
  entityRef: string;
  kind: string;
  type?: string;
  lifecycle?: string;
  tags: string[];
};

/** A stored fact as the evaluation sees it. */
export type FactState = {
  value?: JsonValue;
  /** Why the collector could not determine the value last time. */
  problem?: string;
  /** When the value was last confirmed by a successful collection. */
  collectedAt?: Date;
};

/** The latest collection of one collector for one entity. */
export type CollectionState = {
  succeededAt?: Date;
  failedAt?: Date;
  error?: { kind: string; message: string };
};

export type EvaluationInput = {
  facts: ReadonlyMap<string, FactState>;
  collections: ReadonlyMap<string, CollectionState>;
  /** Collectors with nothing to say about the entity, with their reason. */
  skipReasons: ReadonlyMap<string, string>;
  ttlMs: (factId: string) => number;
  exemption?: { reason: string; expiresAt: Date };
  now: Date;
};

export type EvaluatedCheck = {
  checkId: string;
  checkVersion: string;
  status: CheckStatus;
  value?: boolean | number;
  facts: DecidingFact[];
  reason?: string;
};

export function matchesFilter(
  entity: EntitySummary,
  filter: EntityFilter | undefined,
): boolean {
  if (!filter) return true;
  if (
    filter.kind &&
    !filter.kind.some(k => k.toLowerCase() === entity.kind.toLowerCase())
  ) {
    return false;
  }
  if (filter.type && !(entity.type && filter.type.includes(entity.type))) {
    return false;
  }
  if (
    filter.lifecycle &&
    !(entity.lifecycle && filter.lifecycle.includes(entity.lifecycle))
  ) {
    return false;
  }
  if (filter.tags && !filter.tags.some(tag => entity.tags.includes(tag))) {
    return false;
  }
  return true;
}

/** How the reason of a stale fact states its age; a change in it is a change in the result. */
export function describeAge(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours < 1) return `${Math.max(1, Math.round(ms / 60_000))} minutes`;
  if (hours < 48) return `${Math.round(hours)} hours`;
  return `${Math.round(hours / 24)} days`;
}

/** Why a fact cannot be used, or undefined when it can. */
function factProblem(
  factId: string,
  input: EvaluationInput,
): string | undefined {
  const { collectorId } = parseFactId(factId);
  const skip = input.skipReasons.get(collectorId);
  if (skip) return `${factId}: ${skip}`;
  const fact = input.facts.get(factId);
  const collection = input.collections.get(collectorId);
  const failure =
    collection?.error &&
    (!collection.succeededAt ||
      (collection.failedAt && collection.failedAt > collection.succeededAt))
      ? `; the last collection failed (${collection.error.kind}): ${collection.error.message}`
      : '';
  if (!fact || (fact.value === undefined && !fact.problem)) {
    return `${factId} has not been collected yet${failure}`;
  }
  if (fact.problem) return `${factId} could not be determined: ${fact.problem}`;
  if (!fact.collectedAt)
    return `${factId} has not been collected yet${failure}`;
  const ttl = input.ttlMs(factId);
  const age = input.now.getTime() - fact.collectedAt.getTime();
  if (age > ttl) {
    return `${factId} was collected ${describeAge(
      age,
    )} ago; its TTL is ${describeAge(ttl)}${failure}`;
  }
  return undefined;
}

function withinThresholds(value: number, thresholds: Thresholds): boolean {
  return (
    (thresholds.min === undefined || value >= thresholds.min) &&
    (thresholds.max === undefined || value <= thresholds.max)
  );
}

/**
 * Decides one check for one entity. Missing, stale or failed facts and a
 * throwing expression give `unknown` with the reason; never `fail`.
 */
export function evaluateCheck(
  check: CompiledCheck,
  input: EvaluationInput,
): EvaluatedCheck {
  const base = { checkId: check.id, checkVersion: check.version };
  const facts: DecidingFact[] = check.facts.map(id => {
    const fact = input.facts.get(id);
    return {
      id,
      value: fact?.value,
      ...(fact?.collectedAt
        ? { collectedAt: fact.collectedAt.toISOString() }
        : {}),
    };
  });

  const decided = decide(check, input, facts);
  if (input.exemption && decided.status !== 'pass') {
    return {
      ...base,
      ...decided,
      status: 'exempt',
      facts,
      reason: `exempt until ${input.exemption.expiresAt
        .toISOString()
        .slice(0, 10)}: ${input.exemption.reason}`,
    };
  }
  return { ...base, ...decided, facts };
}

function decide(
  check: CompiledCheck,
  input: EvaluationInput,
  facts: DecidingFact[],
): Pick<EvaluatedCheck, 'status' | 'value' | 'reason'> {
  const problems: string[] = [];
  for (const fact of facts) {
    const problem = factProblem(fact.id, input);
    if (problem) {
      fact.problem = problem;
      problems.push(problem);
    }
  }
  if (problems.length > 0) {
    return { status: 'unknown', reason: problems.join('; ') };
  }

  let result: unknown;
  try {
    result = check.evaluate(
      new Map(check.facts.map(id => [id, input.facts.get(id)!.value!])),
    );
  } catch (error) {
    return {
      status: 'unknown',
      reason: `the expression failed for this entity: ${firstLine(
        String((error as Error).message ?? error),
      )}`,
    };
  }

  if (check.thresholds) {
    const value = typeof result === 'bigint' ? Number(result) : result;
    if (typeof value !== 'number' || Number.isNaN(value)) {
      return {
        status: 'unknown',
        reason: `the expression returned ${typeof result}, not a number`,
      };
    }
    return {
      status: withinThresholds(value, check.thresholds) ? 'pass' : 'fail',
      value,
    };
  }
  if (typeof result !== 'boolean') {
    return {
      status: 'unknown',
      reason: `the expression returned ${typeof result}, not a bool`,
    };
  }
  return { status: result ? 'pass' : 'fail', value: result };
}
