export { checkServiceName, SERVICE_NAME_PATTERN } from './checkServiceName';
export type {
  CheckServiceNameOptions,
  GithubNameState,
  ServiceNameCheck,
} from './checkServiceName';
export { readGoldenPathRepository, repoUrlOf } from './goldenPathRepository';
export type { GoldenPathRepository } from './goldenPathRepository';
export {
  createGoldenPathRepositoryAction,
  describeTakenName,
  GOLDEN_PATH_REPOSITORY_ACTION_ID,
} from './repositoryAction';
export { createServiceNamesRouter } from './router';
