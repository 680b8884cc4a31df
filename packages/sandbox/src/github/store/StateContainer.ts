import { promises as fs } from 'node:fs';
import path from 'node:path';
import { emptySnapshot, StoreSnapshot } from './types';

export interface SnapshotPersistence {
  load(): Promise<StoreSnapshot | undefined>;
  save(snapshot: StoreSnapshot): Promise<void>;
}

export const inMemoryPersistence: SnapshotPersistence = {
  async load() {
    return undefined;
  },
  async save() {},
};

/** Writes the whole snapshot to `<dir>/state.json` through a rename so a crash never leaves half a file. */
export function folderPersistence(dataDir: string): SnapshotPersistence {
  const file = path.join(dataDir, 'state.json');
  return {
    async load() {
      try {
        const text = await fs.readFile(file, 'utf8');
        return { ...emptySnapshot(), ...(JSON.parse(text) as StoreSnapshot) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return undefined;
        }
        throw error;
      }
    },
    async save(snapshot) {
      const temporary = `${file}.${process.pid}.tmp`;
      await fs.writeFile(temporary, JSON.stringify(snapshot));
      await fs.rename(temporary, file);
    },
  };
}

/**
 * Rewriting the whole snapshot (megabytes once seeded) after every burst of changes kept a
 * seeding run busy serialising it about half the time; rewrites are spaced at least this far
 * apart instead. flush() still writes at once, so a clean shutdown loses nothing.
 */
const MIN_REWRITE_INTERVAL_MS = 1_000;

/**
 * Holds the snapshot in memory and writes it back after changes, coalescing them so that
 * seeding thousands of rows costs a few writes, not thousands.
 */
export class StateContainer {
  readonly data: StoreSnapshot;
  readonly #persistence: SnapshotPersistence;
  readonly #clock: () => Date;
  #dirty = false;
  #writing: Promise<void> | undefined;
  #scheduled: NodeJS.Timeout | undefined;
  #lastWriteEndedAt = 0;
  #lastWriteError: unknown;

  constructor(
    data: StoreSnapshot,
    persistence: SnapshotPersistence,
    clock: () => Date,
  ) {
    this.data = data;
    this.#persistence = persistence;
    this.#clock = clock;
  }

  now(): string {
    return toGitHubTimestamp(this.#clock());
  }

  nextId(kind: string): number {
    const next = (this.data.lastIds[kind] ?? 0) + 1;
    this.data.lastIds[kind] = next;
    return next;
  }

  changed(): void {
    this.#dirty = true;
    this.#scheduleWrite();
  }

  #scheduleWrite(): void {
    if (this.#scheduled || this.#writing) {
      return;
    }
    const wait = Math.max(
      0,
      this.#lastWriteEndedAt + MIN_REWRITE_INTERVAL_MS - Date.now(),
    );
    this.#scheduled = setTimeout(() => {
      this.#scheduled = undefined;
      this.#startWrite();
    }, wait);
  }

  async flush(): Promise<void> {
    // A write that ends with newer changes pending schedules another one; keep going until
    // nothing is dirty, or a clean shutdown would drop the changes made during the last write.
    for (;;) {
      if (this.#scheduled) {
        clearTimeout(this.#scheduled);
        this.#scheduled = undefined;
      }
      if (this.#writing) {
        await this.#writing;
        continue;
      }
      if (!this.#dirty) {
        break;
      }
      this.#startWrite();
    }
    if (this.#lastWriteError) {
      const error = this.#lastWriteError;
      this.#lastWriteError = undefined;
      throw error;
    }
  }

  #startWrite(): void {
    if (this.#writing || !this.#dirty) {
      return;
    }
    this.#dirty = false;
    this.#writing = this.#persistence
      .save(this.data)
      .catch(error => {
        this.#lastWriteError = error;
      })
      .finally(() => {
        this.#writing = undefined;
        this.#lastWriteEndedAt = Date.now();
        if (this.#dirty) {
          this.#scheduleWrite();
        }
      });
  }
}

/** GitHub renders timestamps in UTC without milliseconds. */
export function toGitHubTimestamp(date: Date | string): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
