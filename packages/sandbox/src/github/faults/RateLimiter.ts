export interface RateLimitWindow {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds. */
  reset: number;
  resource: 'core';
}

export interface RateLimitSettings {
  /** Requests per window for authenticated callers; GitHub's default is 5000. */
  limit?: number;
  /** Requests per window for anonymous callers; GitHub's default is 60. */
  anonymousLimit?: number;
  /** What is left in the current window, for every caller. */
  remaining?: number;
  /** Seconds until the current window ends (and budgets refill); GitHub's window is an hour. */
  resetInSeconds?: number;
}

const WINDOW_SECONDS = 3600;

/**
 * GitHub's primary rate limit: a budget per caller (user, or IP when
 * anonymous) that refills when its window ends.
 */
export class RateLimiter {
  #limit = 5000;
  #anonymousLimit = 60;
  /** A budget imposed by a test, applied to every caller until its window ends. */
  #override: { remaining: number; reset: number } | undefined;
  readonly #windows = new Map<string, RateLimitWindow>();
  readonly #clock: () => Date;

  constructor(clock: () => Date) {
    this.#clock = clock;
  }

  configure(settings: RateLimitSettings): void {
    this.#limit = settings.limit ?? this.#limit;
    this.#anonymousLimit = settings.anonymousLimit ?? this.#anonymousLimit;
    this.#windows.clear();
    this.#override =
      settings.remaining === undefined && settings.resetInSeconds === undefined
        ? undefined
        : {
            remaining: settings.remaining ?? this.#limit,
            reset:
              this.#nowSeconds() + (settings.resetInSeconds ?? WINDOW_SECONDS),
          };
  }

  #nowSeconds(): number {
    return Math.floor(this.#clock().getTime() / 1000);
  }

  window(caller: string): RateLimitWindow {
    const now = this.#nowSeconds();
    const existing = this.#windows.get(caller);
    if (existing && existing.reset > now) {
      return existing;
    }
    const limit = caller.startsWith('ip:') ? this.#anonymousLimit : this.#limit;
    const override =
      this.#override && this.#override.reset > now ? this.#override : undefined;
    const remaining = override ? Math.min(override.remaining, limit) : limit;
    const window: RateLimitWindow = {
      limit,
      remaining,
      used: limit - remaining,
      reset: override?.reset ?? now + WINDOW_SECONDS,
      resource: 'core',
    };
    this.#windows.set(caller, window);
    return window;
  }

  consume(caller: string): RateLimitWindow {
    const window = this.window(caller);
    if (window.remaining > 0) {
      window.remaining -= 1;
      window.used += 1;
    }
    return window;
  }

  reset(): void {
    this.#windows.clear();
    this.#override = undefined;
    this.#limit = 5000;
    this.#anonymousLimit = 60;
  }
}
