import {
  CheckStatus,
  ScorecardLevel,
} from '@callboard/plugin-scorecards-common';
import { ResolvedScorecard } from '../../definitions/loadDefinitions';

const passing = (status: CheckStatus | undefined) =>
  status === 'pass' || status === 'exempt';

/**
 * An entity's level: the last level whose checks, and those of every level
 * before it, all pass (or are exempt). Checks that do not apply to the
 * entity are left out. The score is passing weight over decided weight:
 * unknown checks count neither way.
 */
export function computeLevel(
  scorecard: ResolvedScorecard,
  statusOf: (checkId: string) => CheckStatus | undefined,
): ScorecardLevel {
  let levelIndex = -1;
  let blocked = false;
  let unknownChecks = 0;
  let passed = 0;
  let decided = 0;
  scorecard.levels.forEach((level, index) => {
    const statuses = level.checks.map(c => ({
      ...c,
      status: statusOf(c.checkId),
    }));
    for (const { status, weight } of statuses) {
      if (status === undefined || status === 'unknown') continue;
      decided += weight;
      if (passing(status)) passed += weight;
    }
    if (blocked) return;
    const applicable = statuses.filter(s => s.status !== undefined);
    if (applicable.every(s => passing(s.status))) {
      levelIndex = index;
    } else {
      blocked = true;
      unknownChecks = applicable.filter(s => s.status === 'unknown').length;
    }
  });
  return {
    scorecardId: scorecard.id,
    level: levelIndex >= 0 ? scorecard.levels[levelIndex].name : null,
    levelIndex,
    score: decided > 0 ? Math.round((passed / decided) * 100) : null,
    unknownChecks,
  };
}
