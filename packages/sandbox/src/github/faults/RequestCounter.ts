/** Counts requests in total and per route key (`GET /repos/{owner}/{repo}`), for tests and benchmarks. */
export class RequestCounter {
  #total = 0;
  readonly #byRoute = new Map<string, number>();

  record(routeKey: string): void {
    this.#total += 1;
    this.#byRoute.set(routeKey, (this.#byRoute.get(routeKey) ?? 0) + 1);
  }

  get total(): number {
    return this.#total;
  }

  count(routeKey: string): number {
    return this.#byRoute.get(routeKey) ?? 0;
  }

  byRoute(): Record<string, number> {
    return Object.fromEntries([...this.#byRoute.entries()].sort());
  }

  reset(): void {
    this.#total = 0;
    this.#byRoute.clear();
  }
}
