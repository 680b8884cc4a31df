/**
 * Callboard's scaffolder actions: `callboard:repository:check`,
 * `callboard:golden-path:render` and `callboard:github:pull-request`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleCallboard as default } from './module';
export { createGoldenPathRenderAction } from './actions/goldenPath';
export { createCheckRepositoryAction } from './actions/repositoryCheck';
export {
  createUpsertPullRequestAction,
  PullRequestStepError,
  UPSERT_PULL_REQUEST_ACTION_ID,
} from './actions/pullRequest';
export type { UpsertPullRequestActionOptions } from './actions/pullRequest';
