import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  KubernetesSandbox,
  startKubernetesServer,
} from '../startKubernetesServer';
import { apiClient, openWatch } from '../testing/apiRequests';
import {
  postgresClaim,
  postgresComposition,
  postgresXrd,
} from '../testing/postgresFixtures';

describe('persistence with dataDir', () => {
  let dataDir: string;
  const running: KubernetesSandbox[] = [];

  const start = async (reconcileDelayMs: number) => {
    const sandbox = await startKubernetesServer({
      dataDir,
      token: 'persisted',
      reconcileDelayMs,
    });
    running.push(sandbox);
    return sandbox;
  };

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'callboard-k8s-data-'));
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map(sandbox => sandbox.close()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reloads objects, resource versions and custom resource types after a restart', async () => {
    const first = await start(10);
    const configMap = first.store.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kept', namespace: 'default' },
      data: { answer: '42' },
    });
    first.store.apply(postgresXrd);
    await first.close();
    expect(fs.readdirSync(dataDir)).toEqual(['kubernetes-objects.json']);

    const second = await start(10);
    const request = apiClient(second);
    const reloaded = second.store.get('v1', 'ConfigMap', 'kept', 'default');
    expect(reloaded).toEqual(configMap);
    const discovery = await request(
      'GET',
      '/apis/platform.callboard.dev/v1alpha1',
    );
    expect(
      discovery.body.resources.map(
        (resource: { name: string }) => resource.name,
      ),
    ).toEqual(
      expect.arrayContaining(['postgresqlinstances', 'xpostgresqlinstances']),
    );
    const next = second.store.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'later', namespace: 'default' },
    });
    expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(
      Number(configMap.metadata.resourceVersion),
    );
  });

  it('answers watches that resume from before the restart with 410 Expired', async () => {
    const first = await start(10);
    const { metadata } = first.store.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'old', namespace: 'default' },
    });
    first.store.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'newer', namespace: 'default' },
    });
    await first.close();

    const second = await start(10);
    const stream = await openWatch(
      second,
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${metadata.resourceVersion}`,
    );
    expect(await stream.next()).toEqual({
      type: 'ERROR',
      object: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: expect.stringMatching(
          new RegExp(
            `^too old resource version: ${metadata.resourceVersion} \\(\\d+\\)$`,
          ),
        ),
        reason: 'Expired',
        code: 410,
      },
    });
    expect(await stream.next()).toBeUndefined();
  });

  it('finishes reconciling claims that were pending at shutdown', async () => {
    const first = await start(60_000);
    first.store.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a' },
    });
    first.store.apply(postgresXrd);
    first.store.apply(postgresComposition);
    first.store.apply(postgresClaim('pending-db', 'team-a'));
    await first.close();

    const second = await start(10);
    await second.crossplane.whenIdle();
    const claim = second.store.get(
      'platform.callboard.dev/v1alpha1',
      'PostgreSQLInstance',
      'pending-db',
      'team-a',
    );
    expect(
      (claim?.status as { conditions: Array<{ type: string }> }).conditions.map(
        condition => condition.type,
      ),
    ).toEqual(['Synced', 'Ready']);
    expect(
      second.store.get('v1', 'Secret', 'pending-db-connection', 'team-a'),
    ).toBeDefined();
  });

  it('keeps everything in memory without dataDir', async () => {
    const sandbox = await startKubernetesServer();
    running.push(sandbox);
    sandbox.store.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'ephemeral', namespace: 'default' },
    });
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});
