import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Logger } from './logger.js';
import type { HttpMetrics } from './metrics.js';

export type Reply = {
  status: number;
  body: unknown;
  /** Defaults to JSON; the body is sent as-is for any other type. */
  contentType?: string;
};

export type Route = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  handle(request: {
    url: URL;
    headers: IncomingMessage['headers'];
  }): Reply | Promise<Reply>;
};

/**
 * A small HTTP server over node:http: exact-path routing, JSON replies,
 * one structured log line and one metrics observation per request.
 */
export function createHttpServer(options: {
  routes: Route[];
  logger: Logger;
  metrics: HttpMetrics;
}): Server {
  const { routes, logger, metrics } = options;
  return createServer((request, response) => {
    const started = process.hrtime.bigint();
    const url = new URL(request.url ?? '/', 'http://localhost');
    const matching = routes.filter(route => route.path === url.pathname);
    const route = matching.find(
      candidate => candidate.method === request.method,
    );
    // Unmatched paths share one label so scanners cannot blow up cardinality.
    const routeLabel = matching.length > 0 ? url.pathname : 'unmatched';

    const finish = (reply: Reply) => {
      send(response, reply);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observe(
        request.method ?? 'UNKNOWN',
        routeLabel,
        reply.status,
        seconds,
      );
      logger.info('request handled', {
        method: request.method,
        route: routeLabel,
        status: reply.status,
        durationMs: Math.round(seconds * 1000),
      });
    };

    if (!route) {
      finish(
        matching.length > 0
          ? { status: 405, body: { error: 'method not allowed' } }
          : { status: 404, body: { error: 'not found' } },
      );
      return;
    }
    Promise.resolve()
      .then(() => route.handle({ url, headers: request.headers }))
      .then(finish, (error: unknown) => {
        logger.error('request failed', { route: routeLabel, error });
        finish({ status: 500, body: { error: 'internal error' } });
      });
  });
}

function send(response: ServerResponse, reply: Reply): void {
  const contentType = reply.contentType ?? 'application/json';
  const payload =
    contentType === 'application/json'
      ? JSON.stringify(reply.body)
      : String(reply.body);
  response.writeHead(reply.status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(payload),
  });
  response.end(payload);
}
