import type { GitHubStore } from '../../store/GitHubStore';
import type { AccountRecord } from '../../store/types';
import type { SandboxUrls } from '../urls';

/** What a mapper needs to turn stored rows into GitHub's response shapes. */
export interface MapperContext {
  store: GitHubStore;
  urls: SandboxUrls;
  /** The authenticated user; some fields (permissions, private counts) depend on it. */
  viewer: AccountRecord | undefined;
}
