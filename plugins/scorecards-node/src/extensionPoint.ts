import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { FactCollector } from './collector';

export interface ScorecardsCollectorsExtensionPoint {
  /**
   * Adds collectors. Ids must be unique across all modules; a duplicate id
   * fails the scorecards plugin's start-up and names both.
   */
  addCollector(...collectors: FactCollector[]): void;
}

/**
 * Where backend modules of the `scorecards` plugin add fact collectors:
 *
 * ```ts
 * export default createBackendModule({
 *   pluginId: 'scorecards',
 *   moduleId: 'dx-metrics',
 *   register(reg) {
 *     reg.registerInit({
 *       deps: { collectors: scorecardsCollectorsExtensionPoint },
 *       async init({ collectors }) {
 *         collectors.addCollector(new DxMetricsCollector());
 *       },
 *     });
 *   },
 * });
 * ```
 */
export const scorecardsCollectorsExtensionPoint =
  createExtensionPoint<ScorecardsCollectorsExtensionPoint>({
    id: 'scorecards.collectors',
  });
