import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { RateLimitWindow } from '../faults/RateLimiter';
import { authenticate } from '../rest/auth';
import type { SandboxUrls } from '../rest/urls';
import { applyTransportFaults, WebDependencies } from '../web/transport';
import { createGraphqlContext } from './context';
import { executeGraphql, GraphqlRequest } from './executeGraphql';

export interface GraphqlHandlerDependencies extends WebDependencies {
  urls: SandboxUrls;
}

const GRAPHQL_DOCS = 'https://docs.github.com/graphql';

/** The route key requests are counted and faults matched under. */
export const GRAPHQL_ROUTE = '/graphql';

function rateLimitHeaders(window: RateLimitWindow): Record<string, string> {
  return {
    'x-ratelimit-limit': String(window.limit),
    'x-ratelimit-remaining': String(window.remaining),
    'x-ratelimit-reset': String(window.reset),
    'x-ratelimit-used': String(window.used),
    'x-ratelimit-resource': 'graphql',
  };
}

function send(
  res: Response,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res
    .status(status)
    .set({
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      ...headers,
    })
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(body));
}

function readRequest(
  body: unknown,
): GraphqlRequest | 'invalid-json' | undefined {
  if (!Buffer.isBuffer(body)) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return 'invalid-json';
  }
  if (
    parsed === null ||
    typeof parsed !== 'object' ||
    typeof (parsed as { query?: unknown }).query !== 'string'
  ) {
    return undefined;
  }
  const { query, variables, operationName } = parsed as Record<string, unknown>;
  return {
    query: query as string,
    variables:
      variables && typeof variables === 'object'
        ? (variables as Record<string, unknown>)
        : undefined,
    operationName:
      typeof operationName === 'string' ? operationName : undefined,
  };
}

/**
 * `POST /api/graphql` as GitHub Enterprise Server answers it: a token is
 * required, every request spends one point of the separate `graphql`
 * rate-limit budget, and problems with the query come back as HTTP 200 with
 * `errors`.
 */
export function createGraphqlHandler(
  deps: GraphqlHandlerDependencies,
): RequestHandler {
  const handle = async (req: Request, res: Response) => {
    if (!(await applyTransportFaults(deps, req, res, GRAPHQL_ROUTE))) {
      return;
    }
    const auth = authenticate(req.headers.authorization, deps.store);
    if (auth.kind === 'anonymous') {
      send(res, 401, {
        message: 'This endpoint requires you to be authenticated.',
        documentation_url: `${GRAPHQL_DOCS}/guides/forming-calls-with-graphql#authenticating-with-graphql`,
      });
      return;
    }
    if (auth.kind === 'invalid') {
      send(res, 401, {
        message: 'Bad credentials',
        documentation_url: GRAPHQL_DOCS,
      });
      return;
    }
    const viewer = auth.account;
    const caller = `graphql:user:${viewer.id}`;
    const scopes = { 'x-oauth-scopes': auth.scopes.join(', ') };
    if (deps.faults.rateLimits.window(caller).remaining === 0) {
      send(
        res,
        200,
        {
          errors: [
            {
              type: 'RATE_LIMITED',
              message: `API rate limit exceeded for user ID ${viewer.id}.`,
            },
          ],
        },
        {
          ...scopes,
          ...rateLimitHeaders(deps.faults.rateLimits.window(caller)),
        },
      );
      return;
    }
    const window = deps.faults.rateLimits.consume(caller);
    const headers = { ...scopes, ...rateLimitHeaders(window) };
    const request = readRequest(req.body);
    if (request === 'invalid-json') {
      send(
        res,
        400,
        { message: 'Problems parsing JSON', documentation_url: GRAPHQL_DOCS },
        headers,
      );
      return;
    }
    if (!request) {
      send(
        res,
        200,
        {
          errors: [
            {
              message:
                'A query attribute must be specified and must be a string.',
            },
          ],
        },
        headers,
      );
      return;
    }
    const context = createGraphqlContext({
      store: deps.store,
      urls: deps.urls,
      viewer,
      rateLimit: window,
    });
    const body = await executeGraphql(request, context, deps.onError);
    send(res, 200, body, headers);
  };
  return (req, res) => {
    handle(req, res).catch(error => {
      deps.onError(error);
      if (!res.headersSent) {
        send(res, 500, {
          errors: [
            {
              message:
                'Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug.',
            },
          ],
        });
      }
    });
  };
}
