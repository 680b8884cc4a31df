import { HumanDuration } from '@backstage/types';

export interface Config {
  callboard?: {
    scaffolder?: {
      /** How Callboard's scaffolder actions talk to GitHub. */
      github?: {
        /**
         * Retries per GitHub call for 5xx answers and for secondary rate
         * limits. 0 turns retrying off. Defaults to 3.
         */
        maxRetries?: number;
        /**
         * The longest `Retry-After` a secondary rate limit may ask for and
         * still be waited out; a longer one fails the step at once. An exhausted
         * primary rate limit is never waited for. Defaults to 1 minute.
         */
        maxRetryWait?: HumanDuration | string;
      };
    };
  };
}
