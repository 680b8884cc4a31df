/**
 * Publishes DX facts from the dx-metrics backend to Callboard's scorecards.
 *
 * @packageDocumentation
 */

export { scorecardsModuleDxMetrics as default } from './module';
export { DxMetricsFactCollector } from './DxMetricsFactCollector';
