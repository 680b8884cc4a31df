import type { Octokit } from 'octokit';
import { describeGithubCall, isGithubRequestFailure } from './errors';

/** One HTTP exchange with GitHub, as seen below retries and the conditional-request cache. */
export interface GithubExchange {
  /** `GET /repos/acme/web`: method and path, without the GHES prefix or the query. */
  call: string;
  status: number;
  /** GitHub's remaining primary budget after this call, when it said. */
  rateLimitRemaining?: number;
  durationMs: number;
}

export type GithubExchangeObserver = (exchange: GithubExchange) => void;

function remainingOf(headers: Record<string, unknown> | undefined) {
  const value = headers?.['x-ratelimit-remaining'];
  return value === undefined ? undefined : Number(value);
}

/** Reports every exchange of this client to `observer`; answers and errors pass through unchanged. */
export function observeRequests(
  octokit: Octokit,
  observer: GithubExchangeObserver,
): void {
  octokit.hook.wrap('request', async (request, options) => {
    const endpoint = octokit.request.endpoint(options);
    const call = describeGithubCall(endpoint.method, endpoint.url);
    const startedAt = performance.now();
    const report = (status: number, headers?: Record<string, unknown>) =>
      observer({
        call,
        status,
        rateLimitRemaining: remainingOf(headers),
        durationMs: performance.now() - startedAt,
      });
    try {
      const response = await request(options);
      report(response.status, response.headers);
      return response;
    } catch (error) {
      if (isGithubRequestFailure(error)) {
        report(error.status, error.response?.headers);
      }
      throw error;
    }
  });
}

/**
 * Counts exchanges: everything sent, and the 304s GitHub does not charge, in total and per
 * call. Benchmarks and ingest summaries read it.
 */
export class GithubRequestStats {
  #total = 0;
  #notModified = 0;
  #lowestRemaining: number | undefined;
  readonly #byCall = new Map<string, number>();

  readonly observe: GithubExchangeObserver = exchange => {
    this.#total += 1;
    if (exchange.status === 304) {
      this.#notModified += 1;
    }
    if (
      exchange.rateLimitRemaining !== undefined &&
      !Number.isNaN(exchange.rateLimitRemaining)
    ) {
      this.#lowestRemaining = Math.min(
        this.#lowestRemaining ?? Infinity,
        exchange.rateLimitRemaining,
      );
    }
    this.#byCall.set(exchange.call, (this.#byCall.get(exchange.call) ?? 0) + 1);
  };

  /** Every exchange, 304s included. */
  get total(): number {
    return this.#total;
  }

  /** Exchanges that count against the primary rate limit (all but 304s). */
  get counted(): number {
    return this.#total - this.#notModified;
  }

  get notModified(): number {
    return this.#notModified;
  }

  /** The lowest `X-RateLimit-Remaining` seen, if GitHub sent one. */
  get lowestRemaining(): number | undefined {
    return this.#lowestRemaining;
  }

  byCall(): Record<string, number> {
    return Object.fromEntries([...this.#byCall.entries()].sort());
  }
}
