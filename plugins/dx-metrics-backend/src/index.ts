/**
 * DX metrics backend: DORA keys and platform adoption per service and team, ingested
 * incrementally from GitHub and attributed through the catalog.
 *
 * @packageDocumentation
 */

export { dxMetricsPlugin as default } from './plugin';
