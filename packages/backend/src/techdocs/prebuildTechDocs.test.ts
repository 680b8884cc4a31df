import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { prebuildTechDocs, readSyncStream } from './prebuildTechDocs';

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
});

/** An event-stream response whose body arrives in the given chunks. */
function eventStream(chunks: string[], status = 200): Response {
  const encoder = new TextEncoder();
  return new Response(
    new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    }),
    { status, headers: { 'content-type': 'text/event-stream' } },
  );
}

const REF = 'component:default/orders';

describe('readSyncStream', () => {
  it('reports a build that updated the site', async () => {
    const response = eventStream([
      'event: log\ndata: "Building"\n\n',
      'event: finish\ndata: {"updated":true}\n\n',
    ]);
    expect(await readSyncStream(REF, response)).toEqual({
      entityRef: REF,
      result: 'updated',
    });
  });

  it('reports a site that was already current', async () => {
    const response = eventStream([
      'event: finish\ndata: {"updated":false}\n\n',
    ]);
    expect(await readSyncStream(REF, response)).toEqual({
      entityRef: REF,
      result: 'unchanged',
    });
  });

  it('reads events split across chunks', async () => {
    const response = eventStream([
      'event: fin',
      'ish\ndata: {"upd',
      'ated":true}\n',
      '\n',
    ]);
    expect((await readSyncStream(REF, response)).result).toBe('updated');
  });

  it("reports the build's error", async () => {
    const response = eventStream([
      'event: error\ndata: "Failed to generate docs: spawn mkdocs ENOENT"\n\n',
    ]);
    expect(await readSyncStream(REF, response)).toEqual({
      entityRef: REF,
      result: 'failed',
      error: 'Failed to generate docs: spawn mkdocs ENOENT',
    });
  });

  it('reports an error status without reading the body', async () => {
    const response = new Response('{"error":{"name":"NotFoundError"}}', {
      status: 404,
      statusText: 'Not Found',
    });
    expect(await readSyncStream(REF, response)).toEqual({
      entityRef: REF,
      result: 'failed',
      error: 'sync answered 404 Not Found',
    });
  });

  it('reports a stream that ends without a result', async () => {
    const response = eventStream(['event: log\ndata: "Building"\n\n']);
    expect(await readSyncStream(REF, response)).toEqual({
      entityRef: REF,
      result: 'failed',
      error: 'sync stream ended without a result',
    });
  });
});

describe('prebuildTechDocs', () => {
  it('builds each entity in turn and keeps going after a failure', async () => {
    const logger = mockServices.logger.mock();
    const order: string[] = [];
    const outcomes = await prebuildTechDocs({
      entities: [entity('a'), entity('b'), entity('c')],
      logger,
      sync: async e => {
        order.push(e.metadata.name);
        if (e.metadata.name === 'b') {
          throw new Error('connect ECONNREFUSED');
        }
        return eventStream(['event: finish\ndata: {"updated":true}\n\n']);
      },
    });
    expect(order).toEqual(['a', 'b', 'c']);
    expect(outcomes.map(o => o.result)).toEqual([
      'updated',
      'failed',
      'updated',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      'TechDocs for component:default/b did not build: Error: connect ECONNREFUSED',
    );
  });

  it('starts the search index once, as soon as the first site is ready', async () => {
    const events: string[] = [];
    await prebuildTechDocs({
      entities: [entity('a'), entity('b'), entity('c')],
      logger: mockServices.logger.mock(),
      sync: async e => {
        events.push(`build ${e.metadata.name}`);
        if (e.metadata.name === 'a') {
          return eventStream(['event: error\ndata: "mkdocs failed"\n\n']);
        }
        return eventStream(['event: finish\ndata: {"updated":false}\n\n']);
      },
      onFirstSiteReady: async () => {
        events.push('index');
      },
    });
    expect(events).toEqual(['build a', 'build b', 'index', 'build c']);
  });

  it('starts no index when no site builds', async () => {
    const onFirstSiteReady = jest.fn();
    await prebuildTechDocs({
      entities: [entity('a')],
      logger: mockServices.logger.mock(),
      sync: async () => eventStream([], 502),
      onFirstSiteReady,
    });
    expect(onFirstSiteReady).not.toHaveBeenCalled();
  });

  it('does nothing when no entity has docs', async () => {
    const sync = jest.fn();
    const outcomes = await prebuildTechDocs({
      entities: [],
      logger: mockServices.logger.mock(),
      sync,
    });
    expect(outcomes).toEqual([]);
    expect(sync).not.toHaveBeenCalled();
  });
});
