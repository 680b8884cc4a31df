/**
 * Callboard's DX metrics in the portal.
 *
 * @packageDocumentation
 */
export { dxMetricsPlugin as default } from './plugin';
export { dxMetricsApiRef, DxMetricsClient } from './api';
export type { DxMetricsApi } from './api';
