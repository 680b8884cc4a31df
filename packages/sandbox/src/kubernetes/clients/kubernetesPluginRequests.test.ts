import https from 'node:https';
import {
  KubernetesSandbox,
  startKubernetesServer,
} from '../startKubernetesServer';

/** `DEFAULT_OBJECTS` of @backstage/plugin-kubernetes-backend, which the plugin lists for every entity. */
const defaultObjectTypes = [
  ['', 'v1', 'pods', 'PodList'],
  ['', 'v1', 'services', 'ServiceList'],
  ['', 'v1', 'configmaps', 'ConfigMapList'],
  ['', 'v1', 'limitranges', 'LimitRangeList'],
  ['', 'v1', 'resourcequotas', 'ResourceQuotaList'],
  ['apps', 'v1', 'deployments', 'DeploymentList'],
  ['apps', 'v1', 'replicasets', 'ReplicaSetList'],
  [
    'autoscaling',
    'v2',
    'horizontalpodautoscalers',
    'HorizontalPodAutoscalerList',
  ],
  ['batch', 'v1', 'jobs', 'JobList'],
  ['batch', 'v1', 'cronjobs', 'CronJobList'],
  ['networking.k8s.io', 'v1', 'ingresses', 'IngressList'],
  ['apps', 'v1', 'statefulsets', 'StatefulSetList'],
  ['apps', 'v1', 'daemonsets', 'DaemonSetList'],
  ['metrics.k8s.io', 'v1beta1', 'pods', 'PodMetricsList'],
];

/** Builds paths exactly as the plugin's KubernetesConnection.buildResourcePath does. */
function resourcePath(
  group: string,
  version: string,
  plural: string,
  namespace?: string,
) {
  let path = group
    ? `/apis/${encodeURIComponent(group)}/${encodeURIComponent(version)}`
    : `/api/${encodeURIComponent(version)}`;
  if (namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  return `${path}/${encodeURIComponent(plural)}`;
}

describe('requests made by the Backstage kubernetes plugin', () => {
  let sandbox: KubernetesSandbox;

  const get = (path: string) =>
    new Promise<{
      status: number;
      body: { kind: string; items: Array<{ metadata: { name: string } }> };
    }>((resolve, reject) => {
      const url = new URL(path, sandbox.url);
      https
        .get(
          url,
          {
            ca: sandbox.caPem,
            headers: {
              Accept: 'application/json',
              'Content-Type': 'application/json',
              Authorization: `Bearer ${sandbox.token}`,
            },
          },
          response => {
            let text = '';
            response.on('data', chunk => {
              text += chunk;
            });
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                body: JSON.parse(text),
              }),
            );
          },
        )
        .on('error', reject);
    });

  beforeAll(async () => {
    sandbox = await startKubernetesServer({ tls: true, reconcileDelayMs: 10 });
    sandbox.store.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop' },
    });
    const labels = { 'backstage.io/kubernetes-id': 'checkout' };
    sandbox.store.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'checkout', namespace: 'shop', labels },
      spec: {
        selector: { matchLabels: { app: 'checkout' } },
        template: {
          spec: { containers: [{ name: 'app', image: 'checkout:1' }] },
        },
      },
    });
    sandbox.store.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'checkout', namespace: 'shop', labels },
      spec: { selector: { app: 'checkout' }, ports: [{ port: 80 }] },
    });
    sandbox.store.create({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'checkout', namespace: 'shop', labels },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'checkout',
        },
        minReplicas: 1,
        maxReplicas: 3,
      },
    });
  });

  afterAll(() => sandbox.close());

  it.each(defaultObjectTypes)(
    'lists %s/%s %s by entity label, with the list kind the plugin reads',
    async (group, version, plural, listKind) => {
      for (const namespace of ['shop', undefined]) {
        const response = await get(
          `${resourcePath(
            group,
            version,
            plural,
            namespace,
          )}?labelSelector=${encodeURIComponent(
            'backstage.io/kubernetes-id=checkout',
          )}`,
        );
        expect(response.status).toBe(200);
        expect(response.body.kind).toBe(listKind);
      }
    },
  );

  it('returns the labelled objects with server-populated fields the plugin shows', async () => {
    const services = await get(
      `${resourcePath(
        '',
        'v1',
        'services',
        'shop',
      )}?labelSelector=backstage.io%2Fkubernetes-id%3Dcheckout`,
    );
    expect(services.body.items).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'checkout' }),
        spec: expect.objectContaining({
          type: 'ClusterIP',
          clusterIP: expect.stringMatching(/^10\.96\./),
          ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
        }),
      }),
    ]);
    const deployments = await get(
      `${resourcePath(
        'apps',
        'v1',
        'deployments',
        'shop',
      )}?labelSelector=backstage.io%2Fkubernetes-id%3Dcheckout`,
    );
    expect(deployments.body.items.map(item => item.metadata.name)).toEqual([
      'checkout',
    ]);
  });
});
