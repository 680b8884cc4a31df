export {
  createUpsertPullRequestAction,
  UPSERT_PULL_REQUEST_ACTION_ID,
} from './upsertPullRequest';
export type { UpsertPullRequestActionOptions } from './upsertPullRequest';
export { PullRequestStepError } from './progress';
