import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  DefinitionsResponse,
  EntityLevelsResponse,
  EntityScorecardsResponse,
  Exemption,
  OrgOverviewResponse,
  OverviewGrouping,
  TeamRollupResponse,
} from '@callboard/plugin-scorecards-common';

export type OverviewQuery = {
  scorecard?: string;
  groupBy: OverviewGrouping;
  lifecycle?: string;
  kind?: string;
  type?: string;
  check?: string;
};

export interface ScorecardsApi {
  getEntity(entityRef: string): Promise<EntityScorecardsResponse>;
  refreshEntity(entityRef: string): Promise<EntityScorecardsResponse>;
  /** Levels of up to 200 entities at once; entities without one are absent. */
  getLevels(entityRefs: string[]): Promise<EntityLevelsResponse>;
  getTeam(teamRef: string, windowDays: number): Promise<TeamRollupResponse>;
  /** The loaded checks and scorecards, e.g. to choose a scorecard. */
  getDefinitions(): Promise<DefinitionsResponse>;
  getOverview(query: OverviewQuery): Promise<OrgOverviewResponse>;
  /** The overview as CSV, for download. */
  getOverviewCsv(query: OverviewQuery): Promise<Blob>;
  requestExemption(request: {
    entityRef: string;
    checkId: string;
    reason: string;
    expiresAt: string;
  }): Promise<Exemption>;
  reviewExemption(
    id: string,
    review: { decision: 'approve' | 'reject'; comment?: string },
  ): Promise<Exemption>;
  listExemptions(status?: Exemption['status']): Promise<Exemption[]>;
}

export const scorecardsApiRef = createApiRef<ScorecardsApi>({
  id: 'plugin.scorecards.api',
});
