import type { Server } from 'node:http';
import { featureRoutes } from './features.js';
import { healthRoutes, type Readiness } from './health.js';
import type { Logger } from './logger.js';
import { HttpMetrics } from './metrics.js';
import { createHttpServer } from './server.js';

export type App = { server: Server; readiness: Readiness };

export function createApp(logger: Logger): App {
  const metrics = new HttpMetrics();
  const readiness: Readiness = { ready: true };
  const server = createHttpServer({
    routes: [...healthRoutes(readiness, metrics), ...featureRoutes()],
    logger,
    metrics,
  });
  return { server, readiness };
}
