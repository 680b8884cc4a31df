import type { RateLimitWindow } from '../faults/RateLimiter';
import type { SandboxUrls } from '../rest/urls';
import type { GitHubStore } from '../store/GitHubStore';
import type { AccountRecord, RepositoryRecord } from '../store/types';
import { CommitStatsLoader } from './commitStats';

/** What every resolver of one GraphQL request shares. */
export interface GraphqlContext {
  readonly store: GitHubStore;
  readonly urls: SandboxUrls;
  /** GitHub's GraphQL API has no anonymous access, so there always is one. */
  readonly viewer: AccountRecord;
  /** The `graphql` budget after this request's cost, for `rateLimit`. */
  readonly rateLimit: RateLimitWindow;
  readonly commitStats: CommitStatsLoader;
}

export function createGraphqlContext(init: {
  store: GitHubStore;
  urls: SandboxUrls;
  viewer: AccountRecord;
  rateLimit: RateLimitWindow;
}): GraphqlContext {
  return { ...init, commitStats: new CommitStatsLoader() };
}

/** Private repositories the viewer cannot see do not exist, as in REST. */
export function canSee(
  context: GraphqlContext,
  repo: RepositoryRecord,
): boolean {
  return context.store.access.canSee(repo, context.viewer);
}
