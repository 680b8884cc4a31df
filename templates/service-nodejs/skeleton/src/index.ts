import { createApp } from './app.js';
import { checkFeatureConfig } from './features.js';
import { createLogger, isLogLevel } from './logger.js';

const logLevel = process.env.LOG_LEVEL;
const logger = createLogger({
  level: isLogLevel(logLevel) ? logLevel : 'info',
  fields: { service: '${{ values.name }}' },
});
const port = Number(process.env.PORT ?? 8080);
// Slightly longer than the readiness probe period, so endpoints are updated
// before the server stops accepting connections.
const drainMilliseconds = Number(process.env.SHUTDOWN_DRAIN_MS ?? 6000);

checkFeatureConfig(logger);
const { server, readiness } = createApp(logger);
server.listen(port, () => logger.info('listening', { port }));

const shutdown = (signal: string) => {
  logger.info('shutting down', { signal });
  readiness.ready = false;
  setTimeout(() => {
    server.close(error => {
      if (error) {
        logger.error('shutdown failed', { error });
        process.exit(1);
      }
      process.exit(0);
    });
  }, drainMilliseconds).unref();
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
