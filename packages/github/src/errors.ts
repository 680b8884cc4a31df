import { CustomErrorBase } from '@backstage/errors';

/**
 * The parts of octokit's `RequestError` this package reads. Checked by shape
 * rather than `instanceof` because several copies of `@octokit/request-error`
 * can be installed side by side.
 */
export interface GithubRequestFailure {
  name: 'HttpError';
  status: number;
  message: string;
  request: { method: string; url: string };
  response?: {
    headers: Record<string, string | number | undefined>;
    data?: unknown;
  };
}

export function isGithubRequestFailure(
  error: unknown,
): error is GithubRequestFailure {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const candidate = error as Partial<GithubRequestFailure>;
  return (
    candidate.name === 'HttpError' &&
    typeof candidate.status === 'number' &&
    typeof candidate.request?.method === 'string' &&
    typeof candidate.request?.url === 'string'
  );
}

/**
 * `POST /repos/acme/web/pulls`: the method and path of a call, without the
 * GHES `/api/v3` prefix or the query, so messages read the same for every host.
 */
export function describeGithubCall(method: string, url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split('?')[0];
  }
  return `${method.toUpperCase()} ${path.replace(/^\/api\/v3(?=\/)/, '')}`;
}

/** GitHub's own explanation from an error body, e.g. `Validation Failed`. */
export function githubMessageOf(failure: GithubRequestFailure): string {
  const data = failure.response?.data;
  if (typeof data === 'object' && data !== null && 'message' in data) {
    const message = (data as { message?: unknown }).message;
    if (typeof message === 'string' && message) {
      return message;
    }
  }
  return failure.message;
}

export type GithubRateLimitKind = 'primary' | 'secondary';

/**
 * GitHub refused a call because of a rate limit and waiting it out was not an
 * option: the primary limit is exhausted until `resetAt`, or a secondary limit
 * outlasted the retry budget.
 */
export class GithubRateLimitError extends CustomErrorBase {
  readonly kind: GithubRateLimitKind;
  readonly call: string;
  readonly status: number;
  readonly resetAt?: Date;
  readonly retryAfterSeconds?: number;

  constructor(details: {
    kind: GithubRateLimitKind;
    call: string;
    status: number;
    reason: string;
    resetAt?: Date;
    retryAfterSeconds?: number;
  }) {
    super(details.reason);
    this.kind = details.kind;
    this.call = details.call;
    this.status = details.status;
    this.resetAt = details.resetAt;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}
