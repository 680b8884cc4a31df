/** FNV-1a over UTF-16 code units, enough to turn a seed string into 32 bits. */
function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < value.length; index++) {
    hash ^= value.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A small seeded PRNG (mulberry32). Seeding must not depend on
 * `Math.random()` so the same seed always yields the same history.
 */
export class SeededRandom {
  readonly #label: string;
  #state: number;

  constructor(label: string) {
    this.#label = label;
    this.#state = hashString(label);
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) {
      throw new Error('Cannot pick from an empty list');
    }
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by relative weight, e.g. `[['squash', 6], ['merge', 3]]`. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let remaining = this.next() * total;
    for (const [choice, weight] of choices) {
      remaining -= weight;
      if (remaining < 0) {
        return choice;
      }
    }
    return choices[choices.length - 1][0];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index--) {
      const other = Math.floor(this.next() * (index + 1));
      [copy[index], copy[other]] = [copy[other], copy[index]];
    }
    return copy;
  }

  /**
   * An independent stream for a sub-part (one repository, one cluster
   * object), so adding a component does not change every other history.
   */
  fork(label: string): SeededRandom {
    return new SeededRandom(`${this.#label}/${label}`);
  }

  /** A stable hex string, for tokens and name suffixes. */
  hex(length: number): string {
    let result = '';
    while (result.length < length) {
      result += Math.floor(this.next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    }
    return result.slice(0, length);
  }
}
