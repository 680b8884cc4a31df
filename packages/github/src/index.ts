/**
 * Callboard's one GitHub client, shared by the scaffolder actions, the scorecards collectors
 * and the DX-metrics ingest.
 *
 * @packageDocumentation
 */

export { GithubClientFactory, GithubClients } from './GithubClientFactory';
export type {
  GithubClientFactoryOptions,
  GithubClientTarget,
  GithubRepositoryTarget,
  GithubSessionOptions,
} from './GithubClientFactory';
export {
  createCacheServiceConditionalRequestCache,
  createMemoryConditionalRequestCache,
} from './conditionalRequests';
export type {
  CachedGithubResponse,
  ConditionalRequestCache,
} from './conditionalRequests';
export { GithubRequestStats } from './requestObserver';
export type { GithubExchange, GithubExchangeObserver } from './requestObserver';
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
export { queryRepositoriesInBatch } from './graphqlBatch';
export type {
  BatchedRepository,
  BatchedRepositoryResult,
  RepositoryBatchQuery,
} from './graphqlBatch';
