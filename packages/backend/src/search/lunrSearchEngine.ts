import {
  coreServices,
  createBackendModule,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { PgSearchEngine } from '@backstage/plugin-search-backend-module-pg';
import {
  LunrSearchEngine,
  MissingIndexError,
} from '@backstage/plugin-search-backend-node';
import { searchEngineRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';

type SearchQuery = Parameters<LunrSearchEngine['query']>[0];

/**
 * Lunr, the search engine on SQLite, keeps its indexes in memory and builds one per document
 * type on that type's first collation with documents. Until then it refuses a query for the
 * type with `MissingIndexError`, which the search backend answers with a 500, and the search
 * page shows "Error encountered while fetching search results". On a fresh `./callboard start`
 * that was the Documentation filter for its first minute, while TechDocs built the sites.
 * This engine answers such a query as PostgreSQL's engine does before its first collation:
 * no results yet.
 */
export class LunrSearchEngineAnsweringUnindexedTypes extends LunrSearchEngine {
  private readonly log: LoggerService;

  constructor(options: { logger: LoggerService }) {
    super(options);
    this.log = options.logger;
  }

  async query(query: SearchQuery): ReturnType<LunrSearchEngine['query']> {
    try {
      return await super.query(query);
    } catch (error) {
      if (!(error instanceof MissingIndexError)) throw error;
      this.log.info(
        `No results for ${query.types?.join(
          ', ',
        )}: not indexed yet (its collator has not found documents so far)`,
      );
      return { results: [] };
    }
  }
}

/**
 * Registers that engine where the search plugin would fall back to plain Lunr: on a database
 * other than PostgreSQL, where `search-backend-module-pg` registers nothing.
 */
export const lunrSearchEngineModule = createBackendModule({
  pluginId: 'search',
  moduleId: 'callboard-lunr-engine',
  register(reg) {
    reg.registerInit({
      deps: {
        registry: searchEngineRegistryExtensionPoint,
        database: coreServices.database,
        logger: coreServices.logger,
      },
      async init({ registry, database, logger }) {
        if (await PgSearchEngine.supported(database)) return;
        registry.setSearchEngine(
          new LunrSearchEngineAnsweringUnindexedTypes({ logger }),
        );
      },
    });
  },
});
