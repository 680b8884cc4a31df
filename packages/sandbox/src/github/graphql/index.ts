export { gitHubSchema } from './schema';
export { validateGitHubOperation } from './validateOperation';
export type { GitHubErrorEntry } from './githubErrors';
export {
  CALLBOARD_GRAPHQL_OPERATION_COUNT,
  CALLBOARD_GRAPHQL_OPERATION_NAMES,
  callboardGraphqlOperation,
} from './operations';
export type { CallboardGraphqlOperationName } from './operations';
