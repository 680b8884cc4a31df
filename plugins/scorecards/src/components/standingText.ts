import { ScorecardLevel } from '@callboard/plugin-scorecards-common';

/**
 * A standing in one line of text, e.g. "Silver (88)" or "No level (78), 2 unknown". Unknown is
 * not fail: unknown checks are named, not folded into a lower level.
 */
export function standingText(standing: ScorecardLevel): string {
  const unknown = standing.unknownChecks
    ? `, ${standing.unknownChecks} unknown`
    : '';
  return `${standing.level ?? 'No level'} (${standing.score ?? '–'})${unknown}`;
}
