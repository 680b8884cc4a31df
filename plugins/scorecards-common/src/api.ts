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

/** An exemption from one check for one entity. */
export type Exemption = {
  id: string;
  entityRef: string;
  checkId: string;
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  reviewedBy?: string;
  reviewedAt?: string;
  reviewComment?: string;
};

/** `GET /entities/:kind/:namespace/:name` */
export type EntityScorecardsResponse = {
  entityRef: string;
  scorecards: {
    id: string;
    title: string;
    description: string;
    levels: { name: string; description?: string; checks: string[] }[];
    standing: ScorecardLevel;
  }[];
  checks: (CheckSummary & {
    result?: import('./results').CheckResult;
    exemptions: Exemption[];
  })[];
};

export type LevelShare = { level: string | null; count: number; share: number };

export type TrendPoint = {
  date: string;
  score: number | null;
  entities: number;
};

/** `GET /teams/:namespace/:name?window=90` */
export type TeamRollupResponse = {
  teamRef: string;
  window: number;
  services: {
    entityRef: string;
    title?: string;
    standings: ScorecardLevel[];
  }[];
  scorecards: {
    id: string;
    title: string;
    levels: string[];
    shares: LevelShare[];
    score: number | null;
    trend: TrendPoint[];
  }[];
  mostFailing: {
    checkId: string;
    title: string;
    failing: number;
    of: number;
  }[];
};

/** `POST /levels` with `{ entityRefs }`: levels for a page of entities, e.g. the catalog table. */
export type EntityLevelsResponse = {
  scorecards: { id: string; title: string; levels: string[] }[];
  /** Only entities the caller may read and that have a level; others are absent. */
  items: { entityRef: string; standings: ScorecardLevel[] }[];
};

/** Most entities one `POST /levels` answers. */
export const MAX_LEVEL_REFS = 200;

export const overviewGroupings = [
  'team',
  'department',
  'system',
  'domain',
] as const;
export type OverviewGrouping = (typeof overviewGroupings)[number];

/** `GET /overview?scorecard=…&groupBy=team` */
export type OrgOverviewResponse = {
  scorecardId: string;
  groupBy: OverviewGrouping;
  levels: string[];
  rows: {
    groupRef: string;
    title: string;
    /** For team and department rows: the parent's ref, to draw the tree. */
    parentRef?: string;
    entities: number;
    shares: LevelShare[];
    score: number | null;
  }[];
  checks: {
    checkId: string;
    title: string;
    pass: number;
    fail: number;
    unknown: number;
    exempt: number;
  }[];
  /** Problems that did not stop the overview, e.g. a cycle in the org tree. */
  problems: string[];
};

/** `GET /definitions` */
export type DefinitionsResponse = {
  checks: (CheckSummary & { file: string })[];
  scorecards: { id: string; title: string; file: string; levels: string[] }[];
  problems: {
    file: string;
    check?: string;
    scorecard?: string;
    error: string;
  }[];
  loadedAt: string;
};
