import { CustomErrorBase, InputError } from '@backstage/errors';
import {
  describeGithubCall,
  githubMessageOf,
  GithubRateLimitError,
  isGithubRequestFailure,
} from '@callboard/github';

/**
 * A GitHub call failed for good. The message names the step, the call and
 * GitHub's answer, and lists what this run had already changed, so whoever
 * reads the task log knows what is left on GitHub.
 */
export class PullRequestStepError extends CustomErrorBase {
  readonly step: string;
  readonly call?: string;
  readonly status?: number;
  readonly alreadyDone: string[];

  constructor(details: {
    step: string;
    call?: string;
    status?: number;
    reason: string;
    alreadyDone: string[];
  }) {
    const done = details.alreadyDone.length
      ? `Already done: ${details.alreadyDone.join(
          '; ',
        )}. Running the task again resumes from there.`
      : 'Nothing had been changed on GitHub yet.';
    super(`Could not ${details.step}: ${details.reason}. ${done}`);
    this.step = details.step;
    this.call = details.call;
    this.status = details.status;
    this.alreadyDone = [...details.alreadyDone];
  }
}

/**
 * Records the side effects of one run and turns failures of GitHub calls into
 * {@link PullRequestStepError}s that mention them.
 */
export class ProgressLog {
  readonly #done: string[] = [];
  readonly #maxRetries: number;

  constructor(options: { maxRetries: number }) {
    this.#maxRetries = options.maxRetries;
  }

  get done(): readonly string[] {
    return this.#done;
  }

  record(sideEffect: string): void {
    this.#done.push(sideEffect);
  }

  /** Runs one GitHub call; `step` completes "Could not …". */
  async step<T>(step: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.#failure(step, error);
    }
  }

  #failure(step: string, error: unknown): Error {
    if (error instanceof InputError || error instanceof PullRequestStepError) {
      return error;
    }
    if (error instanceof GithubRateLimitError) {
      return new PullRequestStepError({
        step,
        call: error.call,
        status: error.status,
        reason: error.message,
        alreadyDone: this.#done,
      });
    }
    if (isGithubRequestFailure(error)) {
      const call = describeGithubCall(error.request.method, error.request.url);
      // plugin-retry retries every 5xx (and network failures, reported as 500) up to the budget.
      const retried =
        error.status >= 500 && this.#maxRetries > 0
          ? ` after ${this.#maxRetries} retries`
          : '';
      return new PullRequestStepError({
        step,
        call,
        status: error.status,
        reason: `${call} answered ${error.status} (${githubMessageOf(
          error,
        )})${retried}`,
        alreadyDone: this.#done,
      });
    }
    return new PullRequestStepError({
      step,
      reason: error instanceof Error ? error.message : String(error),
      alreadyDone: this.#done,
    });
  }
}
