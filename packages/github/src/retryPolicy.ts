import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import type { Octokit } from 'octokit';
import {
  describeGithubCall,
  GithubRateLimitError,
  GithubRequestFailure,
  isGithubRequestFailure,
} from './errors';

export interface GithubRetryOptions {
  /** Retries per call, for 5xx answers and for secondary rate limits alike. */
  maxRetries: number;
  /** octokit's backoff unit for 5xx answers: waits are 1, 4, 9… times this. */
  serverErrorBackoffMs: number;
  /** The longest `Retry-After` honoured; a secondary limit asking for more fails at once. */
  maxRetryAfterMs: number;
}

export const DEFAULT_GITHUB_RETRY_OPTIONS: GithubRetryOptions = {
  maxRetries: 3,
  serverErrorBackoffMs: 1000,
  maxRetryAfterMs: 60_000,
};

/** GitHub's advice when a secondary limit comes without `Retry-After`. */
const SECONDARY_LIMIT_FALLBACK_SECONDS = 60;

export function readGithubRetryOptions(config: Config): GithubRetryOptions {
  const github = config.getOptionalConfig('callboard.github');
  const maxRetries =
    github?.getOptionalNumber('maxRetries') ??
    DEFAULT_GITHUB_RETRY_OPTIONS.maxRetries;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new Error(
      `Invalid config callboard.github.maxRetries '${maxRetries}': expected a whole number of 0 or more`,
    );
  }
  const maxRetryAfterMs = github?.has('maxRetryWait')
    ? durationToMilliseconds(
        readDurationFromConfig(github, { key: 'maxRetryWait' }),
      )
    : DEFAULT_GITHUB_RETRY_OPTIONS.maxRetryAfterMs;
  return { ...DEFAULT_GITHUB_RETRY_OPTIONS, maxRetries, maxRetryAfterMs };
}

/**
 * Constructor options for octokit's bundled plugins, configured like
 * Backstage's GitHub actions: plugin-retry (bounded, quadratic backoff) takes
 * 5xx answers; the throttling plugin is off, as in `publish:github:pull-request`,
 * because the version octokit 3 bundles ignores 429 and queues every write of
 * the process behind one global one-per-second limiter. Rate limits are
 * handled by {@link handleRateLimits} instead.
 */
export function octokitRetryOptions(options: GithubRetryOptions) {
  return {
    retry: {
      enabled: options.maxRetries > 0,
      retries: options.maxRetries,
      retryAfterBaseValue: options.serverErrorBackoffMs,
      // Rate limits and client errors are not plugin-retry's business.
      doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451],
    },
    throttle: { enabled: false },
  };
}

type RateLimit =
  | { kind: 'primary'; resetAt: Date }
  | { kind: 'secondary'; retryAfterSeconds: number };

function headerOf(failure: GithubRequestFailure, name: string) {
  const value = failure.response?.headers[name];
  return value === undefined ? undefined : String(value);
}

function classifyRateLimit(error: unknown): RateLimit | undefined {
  if (
    !isGithubRequestFailure(error) ||
    (error.status !== 403 && error.status !== 429)
  ) {
    return undefined;
  }
  const retryAfter = headerOf(error, 'retry-after');
  const retryAfterSeconds =
    retryAfter !== undefined && /^\d+$/.test(retryAfter)
      ? Number(retryAfter)
      : undefined;
  const reset = headerOf(error, 'x-ratelimit-reset');
  if (
    headerOf(error, 'x-ratelimit-remaining') === '0' &&
    retryAfterSeconds === undefined &&
    reset !== undefined
  ) {
    return { kind: 'primary', resetAt: new Date(Number(reset) * 1000) };
  }
  if (
    retryAfterSeconds !== undefined ||
    /secondary rate limit/i.test(error.message)
  ) {
    return {
      kind: 'secondary',
      retryAfterSeconds: retryAfterSeconds ?? SECONDARY_LIMIT_FALLBACK_SECONDS,
    };
  }
  return undefined;
}

export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = ms =>
  new Promise(resolve => {
    setTimeout(resolve, ms);
  });

/**
 * Waits out secondary rate limits (403 or 429 with `Retry-After`) within the
 * retry budget, and turns an exhausted primary limit into an error that says
 * when it resets: waiting up to an hour inside one call helps no one, so the
 * caller decides (a task fails naming the reset; an ingest pauses until then).
 */
export function handleRateLimits(
  octokit: Octokit,
  options: GithubRetryOptions,
  sleep: Sleep = realSleep,
): void {
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let retries = 0; ; retries++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const limit = classifyRateLimit(error);
        if (!limit || !isGithubRequestFailure(error)) {
          throw error;
        }
        const call = describeGithubCall(
          error.request.method,
          error.request.url,
        );
        if (limit.kind === 'primary') {
          throw new GithubRateLimitError({
            kind: 'primary',
            call,
            status: error.status,
            resetAt: limit.resetAt,
            reason: `GitHub API rate limit exhausted (${call} answered ${
              error.status
            }); it resets at ${limit.resetAt.toISOString()}`,
          });
        }
        const waitMs = limit.retryAfterSeconds * 1000;
        if (waitMs > options.maxRetryAfterMs) {
          throw new GithubRateLimitError({
            kind: 'secondary',
            call,
            status: error.status,
            retryAfterSeconds: limit.retryAfterSeconds,
            reason: `GitHub secondary rate limit hit (${call} answered ${
              error.status
            }); GitHub asked to retry after ${
              limit.retryAfterSeconds
            } s, longer than the ${
              options.maxRetryAfterMs / 1000
            } s this backend waits (callboard.github.maxRetryWait)`,
          });
        }
        if (retries >= options.maxRetries) {
          throw new GithubRateLimitError({
            kind: 'secondary',
            call,
            status: error.status,
            retryAfterSeconds: limit.retryAfterSeconds,
            reason: `GitHub secondary rate limit hit (${call} answered ${error.status}) and still in force after ${retries} retries`,
          });
        }
        await sleep(waitMs);
      }
    }
  });
}
