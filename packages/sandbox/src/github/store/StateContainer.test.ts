import { SnapshotPersistence, StateContainer } from './StateContainer';
import { emptySnapshot } from './types';

describe('StateContainer', () => {
  it('writes the changes made during a write before flush() resolves', async () => {
    const saved: Array<Record<string, number>> = [];
    let writeStarted!: () => void;
    let releaseWrite!: () => void;
    const firstWriteStarted = new Promise<void>(resolve => {
      writeStarted = resolve;
    });
    const firstWriteReleased = new Promise<void>(resolve => {
      releaseWrite = resolve;
    });
    const persistence: SnapshotPersistence = {
      async load() {
        return undefined;
      },
      async save(snapshot) {
        const lastIds = { ...snapshot.lastIds };
        if (saved.length === 0) {
          writeStarted();
          await firstWriteReleased;
        }
        saved.push(lastIds);
      },
    };
    const container = new StateContainer(
      emptySnapshot(),
      persistence,
      () => new Date(),
    );

    container.nextId('issue');
    container.changed();
    await firstWriteStarted;
    container.nextId('issue');
    container.changed();
    const flushed = container.flush();
    releaseWrite();
    await flushed;

    expect(saved).toEqual([{ issue: 1 }, { issue: 2 }]);
  });
});
