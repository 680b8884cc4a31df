import {
  KubernetesSandbox,
  startKubernetesServer,
} from '../startKubernetesServer';
import { apiClient, openWatch } from '../testing/apiRequests';

describe('watch', () => {
  let sandbox: KubernetesSandbox;
  let request: ReturnType<typeof apiClient>;
  const configMaps = '/api/v1/namespaces/watched/configmaps';
  const openWatches: Array<{ close(): void }> = [];

  const watch = async (path: string, accept?: string) => {
    const stream = await openWatch(sandbox, path, accept);
    openWatches.push(stream);
    return stream;
  };

  beforeAll(async () => {
    sandbox = await startKubernetesServer({
      token: 'test-token',
      reconcileDelayMs: 10,
    });
    request = apiClient(sandbox);
    await request('POST', '/api/v1/namespaces', {
      body: { metadata: { name: 'watched' } },
    });
  });

  afterEach(() => openWatches.splice(0).forEach(stream => stream.close()));

  afterAll(() => sandbox.close());

  const eventSummary = (event: {
    type: string;
    object: { metadata: { name: string } };
  }) => `${event.type} ${event.object.metadata.name}`;

  it('streams ADDED, MODIFIED and DELETED after the given resourceVersion', async () => {
    await request('POST', configMaps, {
      body: { metadata: { name: 'before' } },
    });
    const { metadata } = (await request('GET', configMaps)).body;
    const stream = await watch(
      `${configMaps}?watch=true&resourceVersion=${metadata.resourceVersion}`,
    );
    expect(stream.status).toBe(200);

    await request('POST', configMaps, {
      body: { metadata: { name: 'live' }, data: { a: '1' } },
    });
    await request('PATCH', `${configMaps}/live`, {
      body: { data: { a: '2' } },
      contentType: 'application/merge-patch+json',
    });
    await request('DELETE', `${configMaps}/live`);

    const events = await stream.until(event => event.type === 'DELETED');
    expect(events.map(eventSummary)).toEqual([
      'ADDED live',
      'MODIFIED live',
      'DELETED live',
    ]);
    expect(events[1].object).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { a: '2' },
    });
    expect(Number(events[2].object.metadata.resourceVersion)).toBeGreaterThan(
      Number(events[1].object.metadata.resourceVersion),
    );
  });

  it('starts with the current state when no resourceVersion is given', async () => {
    await request('POST', configMaps, {
      body: { metadata: { name: 'existing' } },
    });
    const stream = await watch(
      `${configMaps}?watch=1&fieldSelector=metadata.name%3Dexisting`,
    );
    expect(eventSummary((await stream.next())!)).toBe('ADDED existing');
  });

  it('serves the legacy /watch/ path for a single object', async () => {
    await request('POST', configMaps, {
      body: { metadata: { name: 'single' } },
    });
    await request('POST', configMaps, {
      body: { metadata: { name: 'other' } },
    });
    const stream = await watch(
      '/api/v1/watch/namespaces/watched/configmaps/single',
    );
    expect(eventSummary((await stream.next())!)).toBe('ADDED single');
    await request('PATCH', `${configMaps}/other`, {
      body: { data: { x: '1' } },
      contentType: 'application/merge-patch+json',
    });
    await request('PATCH', `${configMaps}/single`, {
      body: { data: { x: '1' } },
      contentType: 'application/merge-patch+json',
    });
    expect(eventSummary((await stream.next())!)).toBe('MODIFIED single');
  });

  it('reports objects entering and leaving a label selection as ADDED and DELETED', async () => {
    const revision = (await request('GET', configMaps)).body.metadata
      .resourceVersion;
    const stream = await watch(
      `${configMaps}?watch=true&labelSelector=tracked%3Dyes&resourceVersion=${revision}`,
    );
    await request('POST', configMaps, {
      body: { metadata: { name: 'moving' } },
    });
    await request('PATCH', `${configMaps}/moving`, {
      body: { metadata: { labels: { tracked: 'yes' } } },
      contentType: 'application/merge-patch+json',
    });
    await request('PATCH', `${configMaps}/moving`, {
      body: { metadata: { labels: { tracked: null } } },
      contentType: 'application/merge-patch+json',
    });
    const events = await stream.until(event => event.type === 'DELETED');
    expect(events.map(eventSummary)).toEqual([
      'ADDED moving',
      'DELETED moving',
    ]);
  });

  it('ends the stream after timeoutSeconds', async () => {
    const stream = await watch(
      `${configMaps}?watch=true&timeoutSeconds=1&fieldSelector=metadata.name%3Dnothing`,
    );
    const started = Date.now();
    expect(await stream.next()).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('marks the end of initial events with a bookmark for watch-list clients', async () => {
    await request('POST', configMaps, {
      body: { metadata: { name: 'listed' } },
    });
    const stream = await watch(
      `${configMaps}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&fieldSelector=metadata.name%3Dlisted`,
    );
    expect(eventSummary((await stream.next())!)).toBe('ADDED listed');
    expect(await stream.next()).toMatchObject({
      type: 'BOOKMARK',
      object: {
        kind: 'ConfigMap',
        metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } },
      },
    });
  });

  it('sends Table rows to clients that ask for server-side printing', async () => {
    await request('POST', configMaps, {
      body: { metadata: { name: 'printed' } },
    });
    const stream = await watch(
      `${configMaps}?watch=true&fieldSelector=metadata.name%3Dprinted`,
      'application/json;as=Table;v=v1;g=meta.k8s.io',
    );
    expect(await stream.next()).toMatchObject({
      type: 'ADDED',
      object: {
        kind: 'Table',
        rows: [{ cells: ['printed', expect.any(String)] }],
      },
    });
  });

  it('rejects a malformed resourceVersion', async () => {
    const response = await request(
      'GET',
      `${configMaps}?watch=true&resourceVersion=abc`,
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      reason: 'BadRequest',
      message: 'invalid resource version: abc',
    });
  });

  it('ends open watches when the server closes', async () => {
    const separate = await startKubernetesServer({ token: 't' });
    const stream = await openWatch(separate, '/api/v1/namespaces?watch=true');
    await stream.until(event => event.object.metadata.name === 'kube-system');
    await separate.close();
    expect(
      await stream.until(() => false).catch(error => String(error)),
    ).toMatch(/watch ended/);
  });
});
