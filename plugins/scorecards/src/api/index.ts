export { scorecardsApiRef } from './ScorecardsApi';
export type { ScorecardsApi, OverviewQuery } from './ScorecardsApi';
export { ScorecardsClient } from './ScorecardsClient';
