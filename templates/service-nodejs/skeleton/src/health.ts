import type { HttpMetrics } from './metrics.js';
import type { Route } from './server.js';

export type Readiness = { ready: boolean };

/**
 * Liveness says the process can serve at all; readiness turns false while
 * shutting down so Kubernetes stops sending traffic before the server closes.
 */
export function healthRoutes(
  readiness: Readiness,
  metrics: HttpMetrics,
): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      handle: () => ({ status: 200, body: { status: 'ok' } }),
    },
    {
      method: 'GET',
      path: '/readyz',
      handle: () =>
        readiness.ready
          ? { status: 200, body: { status: 'ready' } }
          : { status: 503, body: { status: 'shutting down' } },
    },
    {
      method: 'GET',
      path: '/metrics',
      handle: () => ({
        status: 200,
        body: metrics.render(),
        contentType: 'text/plain; version=0.0.4',
      }),
    },
  ];
}
