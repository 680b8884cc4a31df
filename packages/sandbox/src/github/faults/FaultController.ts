import { RateLimiter, RateLimitSettings } from './RateLimiter';
import { MatchableRequest, matches, RequestMatcher } from './RequestMatcher';

export interface InjectedFailure extends RequestMatcher {
  /** Defaults to 500. */
  status?: number;
  /** How many matching requests fail; defaults to 1. */
  count?: number;
  /** Replaces GitHub's default body for the status. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SecondaryRateLimit extends RequestMatcher {
  /** GitHub answers 403 or 429; defaults to 403. */
  status?: 403 | 429;
  retryAfterSeconds?: number;
  count?: number;
}

export interface InjectedLatency extends RequestMatcher {
  ms: number;
  /** Unlimited when omitted. */
  count?: number;
}

export interface FaultResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const SECONDARY_RATE_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.';

export const SECONDARY_RATE_LIMIT_DOCS =
  'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

const SERVER_ERROR_MESSAGES: Record<number, string> = {
  500: 'Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

interface Armed<T> {
  fault: T;
  remaining: number;
}

/**
 * Faults a test arms on a running sandbox. Each armed fault fires for the
 * next `count` matching requests and then disarms itself; `reset()` clears
 * everything, including rate-limit budgets.
 */
export class FaultController {
  readonly rateLimits: RateLimiter;
  #failures: Array<Armed<InjectedFailure>> = [];
  #secondary: Array<Armed<SecondaryRateLimit>> = [];
  #latencies: Array<Armed<InjectedLatency>> = [];

  constructor(clock: () => Date = () => new Date()) {
    this.rateLimits = new RateLimiter(clock);
  }

  /** Changes the primary rate limit; e.g. `{ remaining: 0 }` exhausts it. */
  setRateLimit(settings: RateLimitSettings): void {
    this.rateLimits.configure(settings);
  }

  failNext(failure: InjectedFailure): void {
    this.#failures.push({ fault: failure, remaining: failure.count ?? 1 });
  }

  triggerSecondaryRateLimit(limit: SecondaryRateLimit = {}): void {
    this.#secondary.push({ fault: limit, remaining: limit.count ?? 1 });
  }

  addLatency(latency: InjectedLatency): void {
    this.#latencies.push({
      fault: latency,
      remaining: latency.count ?? Number.POSITIVE_INFINITY,
    });
  }

  reset(): void {
    this.#failures = [];
    this.#secondary = [];
    this.#latencies = [];
    this.rateLimits.reset();
  }

  /** Total delay to apply before answering this request. */
  takeLatency(request: MatchableRequest): number {
    return this.#take(this.#latencies, request).reduce(
      (sum, latency) => sum + latency.ms,
      0,
    );
  }

  /** A failure response to send instead of handling the request, if one is armed. */
  takeFailure(request: MatchableRequest): FaultResponse | undefined {
    const [failure] = this.#take(this.#failures, request, true);
    if (failure) {
      const status = failure.status ?? 500;
      return {
        status,
        body: failure.body ?? {
          message: SERVER_ERROR_MESSAGES[status] ?? 'Server Error',
          documentation_url: 'https://docs.github.com/rest',
          status: String(status),
        },
        headers: failure.headers ?? {},
      };
    }
    const [secondary] = this.#take(this.#secondary, request, true);
    if (secondary) {
      const status = secondary.status ?? 403;
      return {
        status,
        body: {
          message: SECONDARY_RATE_LIMIT_MESSAGE,
          documentation_url: SECONDARY_RATE_LIMIT_DOCS,
          status: String(status),
        },
        headers: { 'retry-after': String(secondary.retryAfterSeconds ?? 60) },
      };
    }
    return undefined;
  }

  #take<T extends RequestMatcher>(
    armed: Array<Armed<T>>,
    request: MatchableRequest,
    firstOnly = false,
  ): T[] {
    const taken: T[] = [];
    for (const entry of armed) {
      if (entry.remaining > 0 && matches(entry.fault, request)) {
        entry.remaining -= 1;
        taken.push(entry.fault);
        if (firstOnly) {
          break;
        }
      }
    }
    for (let index = armed.length - 1; index >= 0; index--) {
      if (armed[index].remaining <= 0) {
        armed.splice(index, 1);
      }
    }
    return taken;
  }
}
