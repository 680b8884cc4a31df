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
 * Holds the snapshot in memory and writes it back after each burst of
 * changes. Writes are coalesced so that seeding thousands of rows costs a few
 * writes, not thousands.
 */
export class StateContainer {
  readonly data: StoreSnapshot;
  readonly #persistence: SnapshotPersistence;
  readonly #clock: () => Date;
  #dirty = false;
  #writing: Promise<void> | undefined;
  #scheduled: NodeJS.Immediate | undefined;
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
    if (!this.#scheduled && !this.#writing) {
      this.#scheduled = setImmediate(() => {
        this.#scheduled = undefined;
        this.#startWrite();
      });
    }
  }

  async flush(): Promise<void> {
    if (this.#scheduled) {
      clearImmediate(this.#scheduled);
      this.#scheduled = undefined;
      this.#startWrite();
    }
    while (this.#writing) {
      await this.#writing;
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
        if (this.#dirty) {
          this.#startWrite();
        }
      });
  }
}

/** GitHub renders timestamps in UTC without milliseconds. */
export function toGitHubTimestamp(date: Date | string): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
