export { GithubClientFactory, GithubTaskClients } from './GithubClientFactory';
export type {
  GithubClientFactoryOptions,
  GithubClientTarget,
  GithubRepositoryTarget,
} from './GithubClientFactory';
export {
  describeGithubCall,
  githubMessageOf,
  GithubRateLimitError,
  isGithubRequestFailure,
} from './errors';
export type { GithubRateLimitKind, GithubRequestFailure } from './errors';
export {
  DEFAULT_GITHUB_RETRY_OPTIONS,
  readGithubRetryOptions,
} from './retryPolicy';
export type { GithubRetryOptions, Sleep } from './retryPolicy';
