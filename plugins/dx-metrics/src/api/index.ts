export { dxMetricsApiRef } from './DxMetricsApi';
export type { DxMetricsApi } from './DxMetricsApi';
export { DxMetricsClient } from './DxMetricsClient';
