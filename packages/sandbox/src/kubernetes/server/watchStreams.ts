import type { Response } from 'express';
import { KubeApiError } from '../errors/KubeApiError';
import {
  apiVersionOf,
  ResourceType,
  storageKey,
} from '../registry/ResourceType';
import { ObjectStore, StoreEvent } from '../store/ObjectStore';
import { matchesObjectFilter, ObjectFilter } from '../store/selectors';
import { KubeObject } from '../types';

export interface WatchRequest {
  type: ResourceType;
  filter: ObjectFilter;
  resourceVersion?: string;
  sendInitialEvents: boolean;
  allowBookmarks: boolean;
  timeoutSeconds?: number;
  /** Turns a stored object into what the client asked for (served version, or a Table). */
  encode: (object: KubeObject) => unknown;
}

type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

const defaultTimeoutSeconds = 30 * 60;
const bookmarkIntervalMs = 60 * 1000;

/**
 * Streams watch events as newline-delimited JSON over a chunked response,
 * and ends every open stream when the server closes.
 */
export class WatchStreams {
  private readonly open = new Set<() => void>();

  constructor(private readonly store: ObjectStore) {}

  closeAll(): void {
    for (const close of [...this.open]) close();
  }

  start(response: Response, request: WatchRequest): void {
    const { type, filter } = request;
    const key = storageKey(type);
    const requestedRevision = this.parseRevision(request.resourceVersion);
    const sendsInitialState =
      request.sendInitialEvents || requestedRevision === undefined;
    const initialObjects = sendsInitialState
      ? this.store
          .list(key)
          .filter(object => matchesObjectFilter(object, filter))
      : [];
    const backlog = sendsInitialState
      ? []
      : this.store.eventsAfter(requestedRevision ?? 0);

    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    // Clients wait for headers before reading events; a quiet watch must not hold them back.
    response.flushHeaders();
    const send = (eventType: WatchEventType, object: unknown) => {
      response.write(`${JSON.stringify({ type: eventType, object })}\n`);
    };
    const bookmark = (annotations?: Record<string, string>) =>
      send('BOOKMARK', {
        kind: type.kind,
        apiVersion: apiVersionOf(type),
        metadata: {
          resourceVersion: String(this.store.currentRevision),
          ...(annotations ? { annotations } : {}),
        },
      });

    if (!backlog) {
      const expired = KubeApiError.gone(
        `too old resource version: ${
          request.resourceVersion
        } (${this.store.oldestRetainedRevision()})`,
      );
      send('ERROR', expired.status);
      response.end();
      return;
    }

    const onEvent = (event: StoreEvent) => {
      if (event.storageKey !== key) return;
      const matchedBefore =
        event.previous !== undefined &&
        matchesObjectFilter(event.previous, filter);
      const matchesNow =
        event.type !== 'DELETED' && matchesObjectFilter(event.object, filter);
      if (event.type === 'DELETED') {
        if (matchedBefore) send('DELETED', request.encode(event.object));
      } else if (matchesNow) {
        send(
          matchedBefore ? 'MODIFIED' : 'ADDED',
          request.encode(event.object),
        );
      } else if (matchedBefore) {
        // The object left the selection: watchers see it as deleted, as on a real cluster.
        send('DELETED', request.encode(event.object));
      }
    };

    for (const object of initialObjects) send('ADDED', request.encode(object));
    if (request.sendInitialEvents && request.allowBookmarks) {
      bookmark({ 'k8s.io/initial-events-end': 'true' });
    }
    backlog.forEach(onEvent);
    const unsubscribe = this.store.subscribe(onEvent);

    const timers: NodeJS.Timeout[] = [];
    const close = () => {
      if (!this.open.delete(close)) return;
      unsubscribe();
      timers.forEach(timer => clearTimeout(timer));
      response.end();
    };
    timers.push(
      setTimeout(
        close,
        (request.timeoutSeconds ?? defaultTimeoutSeconds) * 1000,
      ),
    );
    if (request.allowBookmarks) {
      timers.push(setInterval(() => bookmark(), bookmarkIntervalMs));
    }
    this.open.add(close);
    response.on('close', close);
  }

  private parseRevision(
    resourceVersion: string | undefined,
  ): number | undefined {
    if (
      resourceVersion === undefined ||
      resourceVersion === '' ||
      resourceVersion === '0'
    )
      return undefined;
    if (!/^\d+$/.test(resourceVersion)) {
      throw KubeApiError.badRequest(
        `invalid resource version: ${resourceVersion}`,
      );
    }
    return Number(resourceVersion);
  }
}
