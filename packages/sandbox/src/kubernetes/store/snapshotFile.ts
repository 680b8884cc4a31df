import fs from 'node:fs';
import path from 'node:path';
import { ObjectStore, StoreSnapshot } from './ObjectStore';

const snapshotFileName = 'kubernetes-objects.json';
const formatVersion = 1;

interface SnapshotFileContent extends StoreSnapshot {
  formatVersion: number;
}

export function readSnapshot(dataDir: string): StoreSnapshot | undefined {
  const file = path.join(dataDir, snapshotFileName);
  if (!fs.existsSync(file)) return undefined;
  const content = JSON.parse(
    fs.readFileSync(file, 'utf8'),
  ) as SnapshotFileContent;
  if (content.formatVersion !== formatVersion) {
    throw new Error(
      `Unsupported sandbox snapshot format ${content.formatVersion} in ${file}`,
    );
  }
  return { revision: content.revision, objects: content.objects };
}

/**
 * Saves the whole store as one JSON file after each burst of changes. The
 * file is written to a temporary name and renamed, so a crash leaves either
 * the old or the new snapshot, never a torn one.
 */
export class SnapshotWriter {
  private scheduled: NodeJS.Immediate | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: ObjectStore,
    private readonly dataDir: string,
  ) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.unsubscribe = store.subscribe(() => this.schedule());
  }

  /** Waits for pending writes; rethrows a write failure so it is not lost. */
  async flush(): Promise<void> {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
      this.enqueueWrite();
    }
    await this.writing;
    if (this.failure) {
      throw this.failure;
    }
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.flush();
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      this.enqueueWrite();
    });
  }

  private enqueueWrite() {
    const content: SnapshotFileContent = {
      formatVersion,
      ...this.store.snapshot(),
    };
    this.writing = this.writing.then(() => this.write(content));
  }

  private async write(content: SnapshotFileContent) {
    const file = path.join(this.dataDir, snapshotFileName);
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      await fs.promises.writeFile(temporary, JSON.stringify(content));
      await fs.promises.rename(temporary, file);
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
    }
  }
}
