/** A receiver given to `startGitHubServer({ webhooks })`; it hears every repository. */
export interface WebhookTarget {
  url: string;
  /** Signs deliveries (`X-Hub-Signature-256`, `X-Hub-Signature`). */
  secret?: string;
  /** Event names such as `push`; omitted or `['*']` means every event. */
  events?: string[];
  /** GitHub's REST default is `form`; configured receivers default to `json`. */
  contentType?: 'json' | 'form';
}

export interface WebhookDeliveryOptions {
  /** Attempts per delivery before it is recorded as failed; defaults to 3. */
  maxAttempts?: number;
  /** Wait before the second attempt, doubling after each failure; defaults to 200 ms. */
  initialBackoffMs?: number;
  /** How long a receiver may take to answer; GitHub allows 10 s. */
  timeoutMs?: number;
}

export type HookScope =
  | { kind: 'sandbox' }
  | { kind: 'repository'; repoId: number }
  | { kind: 'organization'; orgId: number };

export interface HookRecord {
  id: number;
  scope: HookScope;
  active: boolean;
  events: string[];
  config: {
    url: string;
    contentType: 'json' | 'form';
    secret: string | undefined;
    insecureSsl: '0' | '1';
  };
  createdAt: string;
  updatedAt: string;
  lastResponse: {
    code: number | null;
    status: 'unused' | 'active' | 'failed';
    message: string | null;
  };
}

/** One attempt to deliver one event to one hook, as the sandbox recorded it. */
export interface WebhookDelivery {
  id: number;
  /** Shared by every hook's delivery of the same event, and by retries. */
  guid: string;
  hookId: number;
  url: string;
  event: string;
  action: string | null;
  repositoryId: number | null;
  /** 1 for the first try; retries of the same delivery count up. */
  attempt: number;
  /** True for retries and for redeliveries requested through the API. */
  redelivery: boolean;
  /** `null` when no HTTP answer came back (refused, timed out). */
  statusCode: number | null;
  /** A 2xx answer. */
  ok: boolean;
  /** No further attempt follows: it succeeded, or the sandbox gave up. */
  final: boolean;
  /** Why the attempt failed, e.g. `Invalid HTTP Response: 503`. */
  status: string;
  durationMs: number;
  deliveredAt: string;
  request: {
    headers: Record<string, string>;
    payload: Record<string, unknown>;
  };
  response: { headers: Record<string, string>; body: string } | null;
}

export interface SandboxWebhooks {
  /** Every attempt so far, oldest first. */
  deliveries(): WebhookDelivery[];
  /**
   * The first recorded attempt (past or future) that matches; rejects after
   * `timeoutMs` listing what was delivered instead.
   */
  waitForDelivery(
    predicate: (delivery: WebhookDelivery) => boolean,
    timeoutMs?: number,
  ): Promise<WebhookDelivery>;
  /** Resolves once nothing is queued, in flight or waiting to be retried. */
  idle(): Promise<void>;
  /** Forgets recorded deliveries (hooks stay). */
  clearDeliveries(): void;
}
