import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { computeEtag, etagMatches } from '../faults/etag';
import type { FaultController } from '../faults/FaultController';
import type { RateLimitWindow } from '../faults/RateLimiter';
import type { RequestCounter } from '../faults/RequestCounter';
import { isStoreError } from '../store/errors';
import type { GitHubStore } from '../store/GitHubStore';
import { ApiRequest } from './ApiRequest';
import { authenticate, Authentication } from './auth';
import { ApiError, apiErrors, fromStoreError } from './errors';
import { compileRoutes, matchRoute, RouteMatch } from './routeTable';
import type { ApiResponse, RouteDefinition } from './RouteDefinition';
import type { SandboxUrls } from './urls';

export interface RestApiDependencies {
  store: GitHubStore;
  urls: SandboxUrls;
  faults: FaultController;
  counter: RequestCounter;
  routes: readonly RouteDefinition[];
  onError: (error: unknown) => void;
}

/** What the pipeline knows about a call before handling it. */
interface Call {
  match: RouteMatch | undefined;
  auth: Authentication;
  /** Rate-limit bucket: the user, or the client address when anonymous. */
  caller: string;
  address: string;
  /** Whether the call spends primary rate-limit budget. */
  charged: boolean;
  /** A GET/HEAD with `If-None-Match`, which may end as a free 304. */
  conditional: boolean;
}

const PRIMARY_RATE_LIMIT_DOCS =
  'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit';

/** Endpoints GitHub does not charge against the primary rate limit. */
const FREE_ROUTES = new Set(['/rate_limit']);

function rateLimitHeaders(window: RateLimitWindow): Record<string, string> {
  return {
    'x-ratelimit-limit': String(window.limit),
    'x-ratelimit-remaining': String(window.remaining),
    'x-ratelimit-reset': String(window.reset),
    'x-ratelimit-used': String(window.used),
    'x-ratelimit-resource': window.resource,
  };
}

function rateLimitExceeded(call: Call): ApiResponse {
  const message =
    call.auth.kind === 'token'
      ? `API rate limit exceeded for user ID ${call.auth.account.id}. If you reach out to GitHub Support for help, please include the request ID.`
      : `API rate limit exceeded for ${call.address}. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)`;
  const error = new ApiError(403, message, {
    documentationUrl: PRIMARY_RATE_LIMIT_DOCS,
  });
  return { status: 403, body: error.toBody() };
}

function parseJsonBody(raw: Buffer): unknown {
  if (raw.toString('utf8').trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw apiErrors.problemsParsingJson();
  }
}

function errorResponse(
  error: unknown,
  onError: (error: unknown) => void,
): ApiResponse {
  let apiError: ApiError | undefined;
  if (error instanceof ApiError) {
    apiError = error;
  } else if (isStoreError(error)) {
    apiError = fromStoreError(error);
  }
  if (apiError) {
    return {
      status: apiError.status,
      body: apiError.toBody(),
      headers: apiError.headers,
    };
  }
  onError(error);
  return { status: 500, body: new ApiError(500, 'Server Error').toBody() };
}

function describeCall(
  req: Request,
  match: RouteMatch | undefined,
  store: GitHubStore,
): Call {
  const auth = authenticate(req.headers.authorization, store);
  const address = req.socket.remoteAddress ?? 'unknown';
  const template = match?.route.definition.path;
  return {
    match,
    auth,
    address,
    caller: auth.kind === 'token' ? `user:${auth.account.id}` : `ip:${address}`,
    charged: !template || !FREE_ROUTES.has(template),
    conditional:
      (req.method === 'GET' || req.method === 'HEAD') &&
      !!req.headers['if-none-match'],
  };
}

function isExhausted(deps: RestApiDependencies, call: Call): boolean {
  return (
    call.charged && deps.faults.rateLimits.window(call.caller).remaining === 0
  );
}

async function dispatch(
  deps: RestApiDependencies,
  req: Request,
  call: Call,
): Promise<ApiResponse> {
  try {
    if (call.auth.kind === 'invalid') {
      throw apiErrors.badCredentials();
    }
    // A conditional request may still end as a free 304, so it goes ahead.
    if (isExhausted(deps, call) && !call.conditional) {
      return rateLimitExceeded(call);
    }
    if (!call.match) {
      throw apiErrors.notFound();
    }
    const definition = call.match.route.definition;
    const needsAuth =
      definition.authentication === 'required' ||
      (definition.authentication === undefined && definition.method !== 'GET');
    const viewer = call.auth.kind === 'token' ? call.auth.account : undefined;
    if (needsAuth && !viewer) {
      throw apiErrors.requiresAuthentication();
    }
    const request = new ApiRequest({
      params: call.match.params,
      url: new URL(req.originalUrl, deps.urls.origin),
      headers: req.headers,
      body: Buffer.isBuffer(req.body) ? parseJsonBody(req.body) : undefined,
      viewer,
      store: deps.store,
      urls: deps.urls,
      rateLimit: deps.faults.rateLimits.window(call.caller),
    });
    return await definition.handle(request);
  } catch (error) {
    return errorResponse(error, deps.onError);
  }
}

function serialize(response: ApiResponse): Buffer {
  if (response.raw) {
    return response.raw;
  }
  return response.body === undefined
    ? Buffer.alloc(0)
    : Buffer.from(JSON.stringify(response.body));
}

function standardHeaders(call: Call): Record<string, string> {
  return {
    'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
    'x-github-media-type': 'github.v3; format=json',
    'x-github-api-version-selected': '2022-11-28',
    ...(call.auth.kind === 'token'
      ? {
          // octokit-plugin-create-pull-request reads this to tell PATs apart.
          'x-oauth-scopes': call.auth.scopes.join(', '),
          'x-accepted-oauth-scopes': '',
        }
      : {}),
  };
}

/**
 * The `/api/v3` request pipeline: count, delay, injected faults,
 * authentication, primary rate limit, route, conditional GET. Answers 304
 * are not charged, as on GitHub.
 */
export function createRestApi(deps: RestApiDependencies) {
  const routes = compileRoutes(deps.routes);

  return async (req: Request, res: Response): Promise<void> => {
    const match = matchRoute(routes, req.method, req.path);
    const template = match?.route.definition.path;
    deps.counter.record(`${req.method} ${template ?? '(unmatched)'}`);
    const matchable = { method: req.method, path: req.path, template };
    const latency = deps.faults.takeLatency(matchable);
    if (latency > 0) {
      await new Promise(resolve => setTimeout(resolve, latency));
    }
    const call = describeCall(req, match, deps.store);
    const injected = deps.faults.takeFailure(matchable);
    let response: ApiResponse = injected ?? (await dispatch(deps, req, call));
    let body = serialize(response);
    const headers = { ...standardHeaders(call), ...response.headers };

    const isRead = req.method === 'GET' || req.method === 'HEAD';
    if (response.status === 200 && isRead) {
      headers.etag = headers.etag ?? computeEtag(body);
      headers['cache-control'] = `${
        call.auth.kind === 'token' ? 'private' : 'public'
      }, max-age=60, s-maxage=60`;
      headers.vary = 'Accept, Authorization, Cookie, X-GitHub-OTP';
      if (etagMatches(req.headers['if-none-match'], headers.etag)) {
        const window = deps.faults.rateLimits.window(call.caller);
        res
          .set({ ...headers, ...rateLimitHeaders(window) })
          .status(304)
          .end();
        return;
      }
      if (isExhausted(deps, call) && !injected) {
        response = rateLimitExceeded(call);
        body = serialize(response);
      }
    }
    const window = call.charged
      ? deps.faults.rateLimits.consume(call.caller)
      : deps.faults.rateLimits.window(call.caller);
    res.set(headers).set(rateLimitHeaders(window));
    if (response.raw) {
      res.type(response.contentType ?? 'application/octet-stream');
    } else if (response.body !== undefined) {
      res.type('application/json; charset=utf-8');
    }
    res.status(response.status).end(req.method === 'HEAD' ? undefined : body);
  };
}
