import type { Logger } from './logger.js';
import type { Route } from './server.js';
{% if values.exposesApi %}
import { greetingRoutes } from './greetings.js';
{% endif %}
{% if values.needsDatabase %}
import { describeDatabase, readDatabaseConfig } from './database.js';
{% endif %}

/** The routes of the optional parts chosen when the service was created. */
export function featureRoutes(): Route[] {
{% if values.exposesApi %}
  return [...greetingRoutes()];
{% else %}
  return [];
{% endif %}
}

/** Fails fast at startup when a chosen part is misconfigured. */
export function checkFeatureConfig(logger: Logger): void {
{% if values.needsDatabase %}
  const database = readDatabaseConfig(process.env);
  logger.info('database configured', describeDatabase(database));
{% else %}
  logger.debug('no optional parts need configuration');
{% endif %}
}
