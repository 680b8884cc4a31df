import { HumanDuration } from '@backstage/types';

export interface Config {
  callboard?: {
    /** How Callboard's plugins talk to GitHub (the scaffolder actions, collectors and ingest). */
    github?: {
      /**
       * Retries per GitHub call for 5xx answers and for secondary rate
       * limits. 0 turns retrying off. Defaults to 3.
       */
      maxRetries?: number;
      /**
       * The longest `Retry-After` a secondary rate limit may ask for and
       * still be waited out; a longer one fails the call at once. An exhausted
       * primary rate limit is never waited for inside a call: it fails with
       * the reset time, and callers decide whether to pause. Defaults to 1 minute.
       */
      maxRetryWait?: HumanDuration | string;
    };
  };
}
