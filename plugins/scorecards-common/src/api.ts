/** A check as the frontend shows it. */
export type CheckSummary = {
  id: string;
  title: string;
  description: string;
  howToFix: string;
  link?: string;
  facts: string[];
  version: string;
};

/** An entity's standing on one scorecard. */
export type ScorecardLevel = {
  scorecardId: string;
  /** Name of the highest level whose checks (and those of every level before) all pass; null before the first. */
  level: string | null;
  /** 0-based position of `level`; -1 before the first level. */
  levelIndex: number;
  /** 0–100: passing (and exempt) weight over decided weight; null when nothing is decided yet. */
  score: number | null;
  /** Checks of the next level that are unknown rather than failing. */
  unknownChecks: number;
};
