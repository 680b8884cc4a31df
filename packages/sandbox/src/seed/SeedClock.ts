/**
 * A clock for the GitHub store that seeding can pin to the moment it is
 * replaying. Rows the store stamps itself (a repository's `pushed_at`, a
 * workflow's `created_at`, label edits) then carry historical times instead
 * of "now". Unpinned it is the wall clock, so a server keeps using it after
 * seeding.
 */
export class SeedClock {
  #pinned: number | undefined;

  readonly now = (): Date => new Date(this.#pinned ?? Date.now());

  pin(ms: number): void {
    this.#pinned = ms;
  }

  release(): void {
    this.#pinned = undefined;
  }
}
