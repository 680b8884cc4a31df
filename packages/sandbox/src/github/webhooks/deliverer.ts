import { randomUUID } from 'node:crypto';
import { HOOKSHOT_USER_AGENT, signatureHeaders } from './signing';
import type {
  HookRecord,
  WebhookDelivery,
  WebhookDeliveryOptions,
} from './types';

/** One event rendered for delivery; shared by every hook that receives it. */
export interface RenderedEvent {
  event: string;
  action: string | null;
  payload: Record<string, unknown>;
  repositoryId: number | null;
  /** Shared by all hooks' deliveries of this event. */
  guid?: string;
}

interface Waiter {
  predicate: (delivery: WebhookDelivery) => boolean;
  resolve: (delivery: WebhookDelivery) => void;
  timer: NodeJS.Timeout;
}

const MAX_RESPONSE_BODY = 64 * 1024;

/** Repository and organization hooks say where they were installed; sandbox-wide ones have no such place. */
function installationTarget(hook: HookRecord): Record<string, string> {
  switch (hook.scope.kind) {
    case 'repository':
      return {
        'x-github-hook-installation-target-type': 'repository',
        'x-github-hook-installation-target-id': String(hook.scope.repoId),
      };
    case 'organization':
      return {
        'x-github-hook-installation-target-type': 'organization',
        'x-github-hook-installation-target-id': String(hook.scope.orgId),
      };
    default:
      return {};
  }
}

function retryable(statusCode: number | null): boolean {
  return statusCode === null || statusCode === 429 || statusCode >= 500;
}

function describeStatus(statusCode: number | null, error?: unknown): string {
  if (statusCode === null) {
    return error instanceof Error && error.name === 'TimeoutError'
      ? 'timed out'
      : 'failed to connect';
  }
  return statusCode >= 200 && statusCode < 300
    ? 'OK'
    : `Invalid HTTP Response: ${statusCode}`;
}

/**
 * Posts rendered events to hooks: asynchronously (never inside the API call
 * that caused them), in order per hook, retrying connection failures and 5xx
 * answers with exponential backoff, and recording every attempt.
 */
export class WebhookDeliverer {
  readonly #options: Required<WebhookDeliveryOptions>;
  readonly #headers: Record<string, string>;
  readonly #now: () => string;
  readonly #queues = new Map<number, Promise<void>>();
  readonly #deliveries: WebhookDelivery[] = [];
  readonly #waiters = new Map<symbol, Waiter>();
  readonly #closing = new AbortController();
  #lastId = 0;
  #pending = 0;
  #idle: Array<() => void> = [];

  constructor(options: {
    delivery?: WebhookDeliveryOptions;
    /** Sent with every delivery, e.g. GHES's `X-GitHub-Enterprise-Host`. */
    headers: Record<string, string>;
    now: () => string;
  }) {
    this.#options = {
      maxAttempts: options.delivery?.maxAttempts ?? 3,
      initialBackoffMs: options.delivery?.initialBackoffMs ?? 200,
      timeoutMs: options.delivery?.timeoutMs ?? 10_000,
    };
    this.#headers = options.headers;
    this.#now = options.now;
  }

  enqueue(hook: HookRecord, rendered: RenderedEvent, redelivery = false): void {
    if (this.#closing.signal.aborted) {
      return;
    }
    const guid = rendered.guid ?? randomUUID();
    this.#pending += 1;
    const previous = this.#queues.get(hook.id) ?? Promise.resolve();
    const next = previous
      .then(() => this.#deliver(hook, { ...rendered, guid }, redelivery))
      .finally(() => {
        this.#pending -= 1;
        if (this.#queues.get(hook.id) === next) {
          this.#queues.delete(hook.id);
        }
        if (this.#pending === 0) {
          const resolvers = this.#idle;
          this.#idle = [];
          resolvers.forEach(resolve => resolve());
        }
      });
    this.#queues.set(hook.id, next);
  }

  deliveries(): WebhookDelivery[] {
    return [...this.#deliveries];
  }

  clear(): void {
    this.#deliveries.length = 0;
  }

  find(id: number): WebhookDelivery | undefined {
    return this.#deliveries.find(delivery => delivery.id === id);
  }

  waitFor(
    predicate: (delivery: WebhookDelivery) => boolean,
    timeoutMs: number,
  ): Promise<WebhookDelivery> {
    const existing = this.#deliveries.find(predicate);
    if (existing) {
      return Promise.resolve(existing);
    }
    return new Promise((resolve, reject) => {
      const id = Symbol('waiter');
      this.#waiters.set(id, {
        predicate,
        resolve,
        timer: setTimeout(() => {
          this.#waiters.delete(id);
          reject(this.#timeoutError(timeoutMs));
        }, timeoutMs),
      });
    });
  }

  #timeoutError(timeoutMs: number): Error {
    const seen = this.#deliveries
      .map(
        delivery =>
          `${delivery.event}${
            delivery.action ? `.${delivery.action}` : ''
          } -> ${delivery.status}`,
      )
      .join(', ');
    return new Error(
      `No matching webhook delivery within ${timeoutMs} ms; delivered: [${seen}]`,
    );
  }

  idle(): Promise<void> {
    if (this.#pending === 0) {
      return Promise.resolve();
    }
    return new Promise(resolve => this.#idle.push(resolve));
  }

  /** Stops retries and aborts requests in flight; later events are dropped. */
  close(): Promise<void> {
    this.#closing.abort();
    return this.idle();
  }

  async #deliver(
    hook: HookRecord,
    rendered: RenderedEvent & { guid: string },
    redelivery: boolean,
  ): Promise<void> {
    const json = JSON.stringify(rendered.payload);
    for (let attempt = 1; attempt <= this.#options.maxAttempts; attempt++) {
      if (this.#closing.signal.aborted) {
        return;
      }
      const statusCode = await this.#attempt(
        hook,
        rendered,
        json,
        attempt,
        redelivery || attempt > 1,
      );
      if (!retryable(statusCode) || attempt === this.#options.maxAttempts) {
        return;
      }
      await this.#sleep(this.#options.initialBackoffMs * 2 ** (attempt - 1));
    }
  }

  async #attempt(
    hook: HookRecord,
    rendered: RenderedEvent & { guid: string },
    json: string,
    attempt: number,
    redelivery: boolean,
  ): Promise<number | null> {
    const form = hook.config.contentType === 'form';
    const body = form ? `payload=${encodeURIComponent(json)}` : json;
    const headers: Record<string, string> = {
      ...this.#headers,
      'user-agent': HOOKSHOT_USER_AGENT,
      'content-type': form
        ? 'application/x-www-form-urlencoded'
        : 'application/json',
      'x-github-event': rendered.event,
      'x-github-delivery': rendered.guid,
      'x-github-hook-id': String(hook.id),
      ...installationTarget(hook),
      ...signatureHeaders(hook.config.secret, body),
    };
    const started = performance.now();
    const deliveredAt = this.#now();
    let statusCode: number | null = null;
    let response: WebhookDelivery['response'] = null;
    let failure: unknown;
    try {
      const answer = await fetch(hook.config.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.any([
          AbortSignal.timeout(this.#options.timeoutMs),
          this.#closing.signal,
        ]),
      });
      statusCode = answer.status;
      const text = await answer.text();
      response = {
        headers: Object.fromEntries(answer.headers.entries()),
        body: text.slice(0, MAX_RESPONSE_BODY),
      };
    } catch (error) {
      failure = error;
    }
    const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
    const status = describeStatus(statusCode, failure);
    const delivery: WebhookDelivery = {
      id: ++this.#lastId,
      guid: rendered.guid,
      hookId: hook.id,
      url: hook.config.url,
      event: rendered.event,
      action: rendered.action,
      repositoryId: rendered.repositoryId,
      attempt,
      redelivery,
      statusCode,
      ok,
      final:
        ok ||
        !retryable(statusCode) ||
        attempt === this.#options.maxAttempts ||
        this.#closing.signal.aborted,
      status,
      durationMs: Math.round(performance.now() - started),
      deliveredAt,
      request: { headers, payload: rendered.payload },
      response,
    };
    hook.lastResponse = {
      code: statusCode,
      status: ok ? 'active' : 'failed',
      message: status,
    };
    this.#deliveries.push(delivery);
    for (const [id, waiter] of [...this.#waiters]) {
      if (waiter.predicate(delivery)) {
        clearTimeout(waiter.timer);
        this.#waiters.delete(id);
        waiter.resolve(delivery);
      }
    }
    return statusCode;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(done, ms);
      const signal = this.#closing.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }
}
