import { compareStrings, deepClone, KubeObject } from '../types';

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: StoreEventType;
  storageKey: string;
  /** The new state; for DELETED the last state, stamped with the deletion's resourceVersion. */
  object: KubeObject;
  previous?: KubeObject;
  revision: number;
}

export type StoreListener = (event: StoreEvent) => void;

export interface StoreSnapshot {
  revision: number;
  objects: Array<{ storageKey: string; object: KubeObject }>;
}

function objectKey(namespace: string | undefined, name: string) {
  return `${namespace ?? ''}/${name}`;
}

/**
 * Versioned object storage: a global revision counter (served as
 * `resourceVersion`), a bounded event history for watches that resume from a
 * resourceVersion, and listeners that see every change in revision order even
 * when a listener itself writes.
 */
export class ObjectStore {
  private revision = 0;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<StoreListener>();
  private readonly undelivered: StoreEvent[] = [];
  private delivering = false;

  constructor(private readonly historyLimit = 5000) {}

  get currentRevision(): number {
    return this.revision;
  }

  get(
    storageKey: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const object = this.objects
      .get(storageKey)
      ?.get(objectKey(namespace, name));
    return object && deepClone(object);
  }

  /** Objects ordered by namespace then name, as etcd returns them. */
  list(storageKey: string, namespace?: string): KubeObject[] {
    const bucket = this.objects.get(storageKey);
    if (!bucket) return [];
    return [...bucket.entries()]
      .filter(
        ([, object]) =>
          namespace === undefined || object.metadata.namespace === namespace,
      )
      .sort(([left], [right]) => compareStrings(left, right))
      .map(([, object]) => deepClone(object));
  }

  storageKeys(): string[] {
    return [...this.objects.keys()];
  }

  /** Stores the object under the next revision and returns the stored copy. */
  put(storageKey: string, object: KubeObject): KubeObject {
    const key = objectKey(
      object.metadata.namespace,
      object.metadata.name ?? '',
    );
    let bucket = this.objects.get(storageKey);
    if (!bucket) {
      bucket = new Map();
      this.objects.set(storageKey, bucket);
    }
    const previous = bucket.get(key);
    const revision = ++this.revision;
    const stored = deepClone(object);
    stored.metadata.resourceVersion = String(revision);
    bucket.set(key, stored);
    this.record({
      type: previous ? 'MODIFIED' : 'ADDED',
      storageKey,
      object: deepClone(stored),
      previous: previous && deepClone(previous),
      revision,
    });
    return deepClone(stored);
  }

  remove(
    storageKey: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const bucket = this.objects.get(storageKey);
    const key = objectKey(namespace, name);
    const previous = bucket?.get(key);
    if (!bucket || !previous) return undefined;
    bucket.delete(key);
    const revision = ++this.revision;
    const object = deepClone(previous);
    object.metadata.resourceVersion = String(revision);
    this.record({
      type: 'DELETED',
      storageKey,
      object,
      previous: deepClone(previous),
      revision,
    });
    return deepClone(object);
  }

  /**
   * Events after `revision`, or undefined when history no longer reaches that
   * far back (the caller answers 410 Gone, as after etcd compaction).
   */
  eventsAfter(revision: number): StoreEvent[] | undefined {
    if (revision >= this.revision) return [];
    const oldest = this.history[0];
    if (!oldest || oldest.revision > revision + 1) return undefined;
    return this.history.filter(event => event.revision > revision);
  }

  oldestRetainedRevision(): number {
    return this.history[0]?.revision ?? this.revision;
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): StoreSnapshot {
    const objects: StoreSnapshot['objects'] = [];
    for (const [storageKey, bucket] of this.objects) {
      for (const object of bucket.values()) {
        objects.push({ storageKey, object: deepClone(object) });
      }
    }
    return { revision: this.revision, objects };
  }

  /** Replaces all content without notifying listeners; watches cannot resume across a restore. */
  restore(snapshot: StoreSnapshot): void {
    this.objects.clear();
    this.history.length = 0;
    for (const { storageKey, object } of snapshot.objects) {
      let bucket = this.objects.get(storageKey);
      if (!bucket) {
        bucket = new Map();
        this.objects.set(storageKey, bucket);
      }
      bucket.set(
        objectKey(object.metadata.namespace, object.metadata.name ?? ''),
        deepClone(object),
      );
    }
    this.revision = snapshot.revision;
  }

  private record(event: StoreEvent) {
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      this.history.splice(0, this.history.length - this.historyLimit);
    }
    this.undelivered.push(event);
    this.deliver();
  }

  /**
   * Delivers queued events one at a time. A listener that writes (garbage
   * collection, CRD registration) queues its own events behind the current
   * one, so every listener observes revisions in order. The first listener
   * failure is rethrown to the writer once delivery finishes.
   */
  private deliver() {
    if (this.delivering) return;
    this.delivering = true;
    let firstError: unknown;
    try {
      for (
        let event = this.undelivered.shift();
        event;
        event = this.undelivered.shift()
      ) {
        for (const listener of [...this.listeners]) {
          try {
            listener(event);
          } catch (error) {
            firstError ??= error;
          }
        }
      }
    } finally {
      this.delivering = false;
    }
    if (firstError !== undefined) {
      throw firstError;
    }
  }
}
