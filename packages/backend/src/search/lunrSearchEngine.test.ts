import { mockServices } from '@backstage/backend-test-utils';
import {
  LunrSearchEngine,
  MissingIndexError,
  TestPipeline,
} from '@backstage/plugin-search-backend-node';
import { LunrSearchEngineAnsweringUnindexedTypes } from './lunrSearchEngine';

const logger = mockServices.logger.mock();

const runbook = {
  title: 'Orders service runbook',
  text: 'How to restart the orders service',
  location: '/docs/default/component/orders-service/runbook/',
};

async function index(engine: LunrSearchEngine, type: string) {
  const indexer = await engine.getIndexer(type);
  const { error } = await TestPipeline.fromIndexer(indexer)
    .withDocuments([runbook])
    .execute();
  expect(error).toBeUndefined();
}

describe('LunrSearchEngineAnsweringUnindexedTypes', () => {
  it('answers a query for a type with no index yet with no results', async () => {
    const engine = new LunrSearchEngineAnsweringUnindexedTypes({ logger });
    await expect(
      engine.query({ term: 'orders', types: ['techdocs'] }),
    ).resolves.toEqual({ results: [] });
  });

  it('is the case stock Lunr answers with an error, which the search API sends as a 500', async () => {
    const engine = new LunrSearchEngine({ logger });
    await expect(
      engine.query({ term: 'orders', types: ['techdocs'] }),
    ).rejects.toBeInstanceOf(MissingIndexError);
  });

  it('finds the documents once the type is indexed', async () => {
    const engine = new LunrSearchEngineAnsweringUnindexedTypes({ logger });
    await index(engine, 'techdocs');
    const { results } = await engine.query({
      term: 'restart',
      types: ['techdocs'],
    });
    expect(results.map(r => r.document.title)).toEqual([
      'Orders service runbook',
    ]);
  });

  it('still answers from the indexed types when another asked for has none', async () => {
    const engine = new LunrSearchEngineAnsweringUnindexedTypes({ logger });
    await index(engine, 'software-catalog');
    const { results } = await engine.query({
      term: 'restart',
      types: ['software-catalog', 'techdocs'],
    });
    expect(results).toHaveLength(1);
  });
});
