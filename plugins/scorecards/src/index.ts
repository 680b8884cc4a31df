/**
 * Callboard's scorecards in the portal.
 *
 * @packageDocumentation
 */
export { scorecardsPlugin as default } from './plugin';
export { scorecardsApiRef, ScorecardsClient } from './api';
export type { ScorecardsApi, OverviewQuery } from './api';
