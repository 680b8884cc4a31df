import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  V1Deployment,
  Watch,
} from '@kubernetes/client-node';
import {
  KubernetesSandbox,
  startKubernetesServer,
} from '../startKubernetesServer';

/** The status code and parsed Status body of a request expected to fail. */
async function failureOf(request: Promise<unknown>) {
  try {
    await request;
  } catch (error) {
    if (!(error instanceof ApiException)) throw error;
    const body =
      typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
    return { code: error.code, body };
  }
  throw new Error('expected the request to fail');
}

function deployment(replicas: number): V1Deployment & KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'orders-api',
      namespace: 'orders',
      labels: { 'backstage.io/kubernetes-id': 'orders' },
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'orders-api' } },
      template: {
        metadata: { labels: { app: 'orders-api' } },
        spec: {
          containers: [
            { name: 'api', image: 'ghcr.io/callboard/orders-api:1.0.0' },
          ],
        },
      },
    },
  };
}

describe('@kubernetes/client-node 1.4.0 against the sandbox over TLS', () => {
  let sandbox: KubernetesSandbox;
  let kubeConfig: KubeConfig;

  beforeAll(async () => {
    sandbox = await startKubernetesServer({
      tls: true,
      token: 'client-node-token',
      reconcileDelayMs: 10,
    });
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(sandbox.kubeconfig());
    sandbox.store.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'orders' },
    });
  });

  afterAll(() => sandbox.close());

  it('connects with the generated CA and bearer token, and nothing less', async () => {
    expect(sandbox.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.caPem).toContain('BEGIN CERTIFICATE');
    const core = kubeConfig.makeApiClient(CoreV1Api);
    expect((await core.readNamespace({ name: 'orders' })).metadata?.name).toBe(
      'orders',
    );

    const wrongToken = new KubeConfig();
    wrongToken.loadFromString(
      sandbox.kubeconfig().replace('client-node-token', 'wrong-token'),
    );
    const unauthorized = await failureOf(
      wrongToken.makeApiClient(CoreV1Api).readNamespace({ name: 'orders' }),
    );
    expect(unauthorized.code).toBe(401);

    const untrusting = new KubeConfig();
    untrusting.loadFromString(
      sandbox.kubeconfig().replace(/certificate-authority-data: \S+/, ''),
    );
    await expect(
      untrusting.makeApiClient(CoreV1Api).readNamespace({ name: 'orders' }),
    ).rejects.toThrow(/certificate/i);
  });

  it('lists pods by the kubernetes plugin label selector', async () => {
    const pod = (name: string, id: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'orders',
        labels: { 'backstage.io/kubernetes-id': id },
      },
      spec: { containers: [{ name: 'app', image: 'nginx' }] },
    });
    sandbox.store.create(pod('orders-1', 'orders'));
    sandbox.store.create(pod('orders-2', 'orders'));
    sandbox.store.create(pod('billing-1', 'billing'));

    const core = kubeConfig.makeApiClient(CoreV1Api);
    const namespaced = await core.listNamespacedPod({
      namespace: 'orders',
      labelSelector: 'backstage.io/kubernetes-id=orders',
    });
    expect(namespaced.items.map(item => item.metadata?.name)).toEqual([
      'orders-1',
      'orders-2',
    ]);
    expect(namespaced.items[0].status?.phase).toBe('Pending');
    const everywhere = await core.listPodForAllNamespaces({
      labelSelector: 'backstage.io/kubernetes-id in (billing)',
    });
    expect(everywhere.items.map(item => item.metadata?.name)).toEqual([
      'billing-1',
    ]);
  });

  it('sees ADDED and MODIFIED through the Watch class', async () => {
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const events: string[] = [];
    let watchFailed: (error: unknown) => void = () => {};
    let sawModification: () => void = () => {};
    const modified = new Promise<void>((resolve, reject) => {
      sawModification = resolve;
      watchFailed = reject;
    });
    const controller = await new Watch(kubeConfig).watch(
      '/api/v1/namespaces/orders/configmaps',
      { labelSelector: 'app=orders' },
      (phase, object: KubernetesObject) => {
        events.push(`${phase} ${object.metadata?.name}`);
        if (phase === 'MODIFIED') sawModification();
      },
      error => {
        if (error && error.name !== 'AbortError') watchFailed(error);
      },
    );
    await core.createNamespacedConfigMap({
      namespace: 'orders',
      body: {
        metadata: { name: 'settings', labels: { app: 'orders' } },
        data: { mode: 'a' },
      },
    });
    await core.patchNamespacedConfigMap(
      { namespace: 'orders', name: 'settings', body: { data: { mode: 'b' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await modified;
    controller.abort();
    expect(events).toEqual(['ADDED settings', 'MODIFIED settings']);
  });

  it('server-side applies through KubernetesObjectApi.patch, with conflicts and force', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
    const created = await objects.patch(
      deployment(2),
      undefined,
      undefined,
      'callboard-scaffolder',
      false,
      PatchStrategy.ServerSideApply,
    );
    expect(created.metadata?.managedFields?.[0]).toMatchObject({
      manager: 'callboard-scaffolder',
      operation: 'Apply',
    });

    const apps = kubeConfig.makeApiClient(AppsV1Api);
    await apps.patchNamespacedDeployment(
      {
        namespace: 'orders',
        name: 'orders-api',
        fieldManager: 'ops-console',
        body: { spec: { replicas: 5 } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );

    const conflict = await failureOf(
      objects.patch(
        deployment(3),
        undefined,
        undefined,
        'callboard-scaffolder',
        false,
        PatchStrategy.ServerSideApply,
      ),
    );
    expect(conflict.code).toBe(409);
    expect(conflict.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: expect.stringMatching(
        /^Apply failed with 1 conflict: conflict with "ops-console" using apps\/v1 at .+: \.spec\.replicas$/,
      ),
      reason: 'Conflict',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: expect.stringMatching(
              /^conflict with "ops-console" using apps\/v1 at /,
            ),
            field: '.spec.replicas',
          },
        ],
      },
      code: 409,
    });

    const forced = await objects.patch(
      deployment(3),
      undefined,
      undefined,
      'callboard-scaffolder',
      true,
      PatchStrategy.ServerSideApply,
    );
    expect((forced as V1Deployment).spec?.replicas).toBe(3);
    const read = await objects.read<V1Deployment & KubernetesObject>({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'orders-api', namespace: 'orders' },
    });
    expect(read.spec?.replicas).toBe(3);
    const list = await objects.list(
      'apps/v1',
      'Deployment',
      'orders',
      undefined,
      undefined,
      undefined,
      undefined,
      'backstage.io/kubernetes-id=orders',
    );
    expect(list.items.map(item => item.metadata?.name)).toEqual(['orders-api']);
  });
});
