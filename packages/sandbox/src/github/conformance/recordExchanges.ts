import type { Octokit } from 'octokit';
import { compileRoutes, matchRoute } from '../rest/routeTable';
import type { RouteDefinition } from '../rest/RouteDefinition';

/** One request/response pair as the octokit client saw it. */
export interface RecordedExchange {
  method: string;
  url: string;
  /** The sandbox route template that served it, if any. */
  template: string | undefined;
  status: number | undefined;
  requestBody: unknown;
  responseBody: unknown;
}

interface ResponseLike {
  status: number;
  data: unknown;
}

function isResponseError(
  error: unknown,
): error is { status: number; response?: ResponseLike } {
  return typeof error === 'object' && error !== null && 'status' in error;
}

/**
 * Hooks an octokit instance so every request it makes is recorded with the
 * route template it hit, for validation against the OpenAPI description.
 * Pass the same `exchanges` array to record several clients together.
 */
export function recordExchanges(
  octokit: Octokit,
  apiBaseUrl: string,
  routes: readonly RouteDefinition[],
  exchanges: RecordedExchange[] = [],
): RecordedExchange[] {
  const compiled = compileRoutes(routes);
  const apiPath = new URL(apiBaseUrl).pathname;
  octokit.hook.wrap('request', async (request, options) => {
    const parsed = octokit.request.endpoint.parse(options);
    const url = new URL(parsed.url);
    const path = url.pathname.startsWith(apiPath)
      ? url.pathname.slice(apiPath.length)
      : url.pathname;
    const exchange: RecordedExchange = {
      method: parsed.method,
      url: parsed.url,
      template: matchRoute(compiled, parsed.method, path)?.route.definition
        .path,
      status: undefined,
      requestBody: parsed.body,
      responseBody: undefined,
    };
    exchanges.push(exchange);
    try {
      const response = await request(options);
      exchange.status = response.status;
      exchange.responseBody = response.data;
      return response;
    } catch (error) {
      if (isResponseError(error)) {
        exchange.status = error.status;
        exchange.responseBody = error.response?.data;
      }
      throw error;
    }
  });
  return exchanges;
}
