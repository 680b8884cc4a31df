import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  DxAdoptionFigures,
  DxDrillDown,
  DxDrillDownKind,
  DxEntityFigures,
  DxOrgFigures,
  DxTeamFigures,
  DxWindow,
} from '@callboard/plugin-dx-metrics-common';

/** The dx-metrics backend, as the signed-in user sees it. */
export interface DxMetricsApi {
  /** A component's figures, or a group's with its per-service table. */
  getFigures(
    entityRef: string,
    window: DxWindow,
  ): Promise<DxEntityFigures | DxTeamFigures>;
  getDrillDown(
    entityRef: string,
    window: DxWindow,
    kind: DxDrillDownKind,
  ): Promise<DxDrillDown>;
  getOrgFigures(window: DxWindow): Promise<DxOrgFigures>;
  getAdoption(): Promise<DxAdoptionFigures>;
}

export const dxMetricsApiRef = createApiRef<DxMetricsApi>({
  id: 'plugin.dx-metrics.api',
});
