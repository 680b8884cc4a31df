import {
  ApiException,
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import { KubernetesSandbox, startKubernetesServer } from '../kubernetes';
import { CLAIM_API_VERSION } from './databaseClaims';
import { seedDemoCluster, SeedDemoClusterResult } from './kubernetes';

jest.setTimeout(60_000);

const selector = 'backstage.io/kubernetes-id=orders-service';

function claim(name: string, parameters: Record<string, unknown>) {
  return {
    apiVersion: CLAIM_API_VERSION,
    kind: 'PostgreSQLInstance',
    metadata: { name, namespace: 'storefront' },
    spec: {
      parameters,
      writeConnectionSecretToRef: { name: `${name}-connection` },
    },
  };
}

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

describe('seedDemoCluster', () => {
  let sandbox: KubernetesSandbox;
  let result: SeedDemoClusterResult;
  let kubeConfig: KubeConfig;

  beforeAll(async () => {
    sandbox = await startKubernetesServer({ tls: true, reconcileDelayMs: 20 });
    result = await seedDemoCluster({
      kubernetes: sandbox,
      imageTags: { 'orders-service': '0123456789abcdef' },
    });
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(sandbox.kubeconfig());
  });

  afterAll(() => sandbox?.close());

  it('creates a namespace per system', async () => {
    const { items } = await kubeConfig.makeApiClient(CoreV1Api).listNamespace();
    expect(items.map(namespace => namespace.metadata?.name)).toEqual(
      expect.arrayContaining([
        'storefront',
        'payments',
        'fulfilment',
        'developer-platform',
      ]),
    );
  });

  it('serves the workloads of a component by its kubernetes-id label', async () => {
    const apps = kubeConfig.makeApiClient(AppsV1Api);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const deployments = await apps.listDeploymentForAllNamespaces({
      labelSelector: selector,
    });
    expect(deployments.items).toHaveLength(1);
    const [deployment] = deployments.items;
    expect(deployment.metadata).toMatchObject({
      name: 'orders-service',
      namespace: 'storefront',
      labels: expect.objectContaining({
        'app.kubernetes.io/name': 'orders-service',
      }),
    });
    expect(deployment.spec?.template.spec?.containers[0].image).toBe(
      'ghcr.io/tidewater/orders-service:0123456789ab',
    );
    expect(deployment.status?.readyReplicas).toBe(deployment.spec?.replicas);

    const replicaSets = await apps.listReplicaSetForAllNamespaces({
      labelSelector: selector,
    });
    expect(replicaSets.items).toHaveLength(1);
    expect(replicaSets.items[0].metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'Deployment',
      uid: deployment.metadata?.uid,
    });

    const pods = await core.listPodForAllNamespaces({
      labelSelector: selector,
    });
    expect(pods.items.length).toBeGreaterThanOrEqual(2);
    expect(pods.items.length).toBeLessThanOrEqual(3);
    for (const pod of pods.items) {
      expect(pod.status?.phase).toBe('Running');
      expect(pod.status?.containerStatuses?.[0].ready).toBe(true);
      expect(pod.metadata?.ownerReferences?.[0].uid).toBe(
        replicaSets.items[0].metadata?.uid,
      );
    }

    const services = await core.listServiceForAllNamespaces({
      labelSelector: selector,
    });
    expect(services.items.map(service => service.metadata?.name)).toEqual([
      'orders-service',
    ]);
  });

  it('leaves one pod in CrashLoopBackOff with a BackOff event', async () => {
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const pods = await core.listPodForAllNamespaces({
      labelSelector: `backstage.io/kubernetes-id=${result.crashLooping}`,
    });
    const crashing = pods.items.filter(
      pod =>
        pod.status?.containerStatuses?.[0].state?.waiting?.reason ===
        'CrashLoopBackOff',
    );
    expect(crashing).toHaveLength(1);
    const events = await core.listNamespacedEvent({
      namespace: crashing[0].metadata!.namespace!,
      fieldSelector: `involvedObject.name=${crashing[0].metadata!.name}`,
    });
    expect(events.items.map(event => event.reason)).toEqual(['BackOff']);
  });

  it('autoscales some workloads', async () => {
    const hpas = await kubeConfig
      .makeApiClient(AutoscalingV2Api)
      .listHorizontalPodAutoscalerForAllNamespaces();
    expect(hpas.items.length).toBe(result.counts.horizontalPodAutoscalers);
    expect(hpas.items.length).toBeGreaterThan(0);
    expect(hpas.items.length).toBeLessThan(result.counts.deployments);
  });

  it('installs the PostgreSQL API: a valid claim is accepted and reconciled', async () => {
    const custom = kubeConfig.makeApiClient(CustomObjectsApi);
    await custom.createNamespacedCustomObject({
      group: 'platform.callboard.dev',
      version: 'v1alpha1',
      namespace: 'storefront',
      plural: 'postgresqlinstances',
      body: claim('reviews-db', { storageGB: 20 }),
    });
    const created = (await custom.getNamespacedCustomObject({
      group: 'platform.callboard.dev',
      version: 'v1alpha1',
      namespace: 'storefront',
      plural: 'postgresqlinstances',
      name: 'reviews-db',
    })) as { spec: { parameters: Record<string, unknown> } };
    expect(created.spec.parameters).toEqual({
      storageGB: 20,
      version: '16',
      size: 'small',
      highAvailability: false,
    });
    await sandbox.crossplane.whenIdle();
    const secret = await kubeConfig
      .makeApiClient(CoreV1Api)
      .readNamespacedSecret({
        name: 'reviews-db-connection',
        namespace: 'storefront',
      });
    expect(Object.keys(secret.data ?? {})).toEqual(
      expect.arrayContaining(['username', 'password', 'endpoint', 'port']),
    );
  });

  it.each([
    ['storageGB above 1000', { storageGB: 5000 }, 'spec.parameters.storageGB'],
    [
      'an unknown version',
      { storageGB: 20, version: '9.6' },
      'spec.parameters.version',
    ],
    ['no storageGB', { size: 'large' }, 'spec.parameters.storageGB'],
  ])('rejects a claim with %s with 422', async (_case, parameters, field) => {
    const failure = await failureOf(
      kubeConfig.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
        group: 'platform.callboard.dev',
        version: 'v1alpha1',
        namespace: 'storefront',
        plural: 'postgresqlinstances',
        body: claim('too-big-db', parameters),
      }),
    );
    expect(failure.code).toBe(422);
    expect(
      failure.body.details.causes.map(
        (cause: { field: string }) => cause.field,
      ),
    ).toContain(field);
  });

  it('claims the catalogued databases', () => {
    const claims = sandbox.store.list(CLAIM_API_VERSION, 'PostgreSQLInstance');
    expect(
      claims.map(c => `${c.metadata.namespace}/${c.metadata.name}`),
    ).toEqual(
      expect.arrayContaining(['storefront/orders-db', 'payments/payments-db']),
    );
  });
});
