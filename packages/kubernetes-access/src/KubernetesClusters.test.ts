import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { CoreV1Api } from '@kubernetes/client-node';
import { KubernetesSandbox, startKubernetesServer } from '@callboard/sandbox';
import { KubernetesClusters } from './KubernetesClusters';
import { isClusterUnreachable } from './errors';

const postgresXrd = {
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'CompositeResourceDefinition',
  metadata: { name: 'xpostgresqlinstances.platform.callboard.dev' },
  spec: {
    group: 'platform.callboard.dev',
    names: { kind: 'XPostgreSQLInstance', plural: 'xpostgresqlinstances' },
    claimNames: { kind: 'PostgreSQLInstance', plural: 'postgresqlinstances' },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        referenceable: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  parameters: {
                    type: 'object',
                    properties: { storageGB: { type: 'integer' } },
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
};

describe('KubernetesClusters against two sandbox clusters', () => {
  let staging: KubernetesSandbox;
  let production: KubernetesSandbox;
  let dir: string;
  let requests: Array<{ cluster: string; method: string; url: string }>;
  let clusters: KubernetesClusters;

  const configFor = (extra: object[] = []) =>
    new ConfigReader({
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'staging',
                title: 'Staging',
                url: staging.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: staging.token,
                caFile: path.join(dir, 'staging-ca.pem'),
              },
              {
                name: 'production',
                url: production.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: production.token,
                caData: Buffer.from(production.caPem!).toString('base64'),
              },
              ...extra,
            ],
          },
          { type: 'catalog' },
        ],
      },
    });

  beforeAll(async () => {
    [staging, production] = await Promise.all([
      startKubernetesServer({ tls: true, reconcileDelayMs: 10 }),
      startKubernetesServer({ tls: true, reconcileDelayMs: 10 }),
    ]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubernetes-access-'));
    fs.writeFileSync(path.join(dir, 'staging-ca.pem'), staging.caPem!);
    staging.store.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'storefront', labels: { cluster: 'staging' } },
    });
    production.store.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'storefront', labels: { cluster: 'production' } },
    });
    production.store.apply(postgresXrd, { fieldManager: 'platform' });
  });

  beforeEach(() => {
    requests = [];
    clusters = KubernetesClusters.fromConfig(configFor(), {
      onRequest: request => requests.push(request),
    });
  });

  afterAll(async () => {
    await Promise.all([staging?.close(), production?.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the configured clusters without their credentials', () => {
    expect(clusters.list()).toEqual([
      {
        name: 'staging',
        title: 'Staging',
        url: staging.url,
        authProvider: 'serviceAccount',
      },
      {
        name: 'production',
        url: production.url,
        authProvider: 'serviceAccount',
      },
    ]);
    expect(JSON.stringify(clusters.list())).not.toContain(staging.token);
  });

  it('reaches each cluster over TLS with its CA from a file or inline data', async () => {
    const stagingCore = await clusters.apiClient('staging', CoreV1Api);
    const productionCore = await clusters.apiClient('production', CoreV1Api);
    const [a, b] = await Promise.all([
      stagingCore.readNamespace({ name: 'storefront' }),
      productionCore.readNamespace({ name: 'storefront' }),
    ]);
    expect(a.metadata?.labels?.cluster).toBe('staging');
    expect(b.metadata?.labels?.cluster).toBe('production');
    expect(requests.map(r => `${r.cluster} ${r.method}`)).toEqual([
      'staging GET',
      'production GET',
    ]);
  });

  it('finds plurals and scope through discovery, and caches them per client', async () => {
    const objects = await clusters.objects('production');
    await expect(
      objects.resourceFor(
        'platform.callboard.dev/v1alpha1',
        'PostgreSQLInstance',
      ),
    ).resolves.toEqual(
      expect.objectContaining({
        plural: 'postgresqlinstances',
        namespaced: true,
      }),
    );
    await expect(
      objects.resourceFor(
        'platform.callboard.dev/v1alpha1',
        'XPostgreSQLInstance',
      ),
    ).resolves.toEqual(
      expect.objectContaining({
        plural: 'xpostgresqlinstances',
        namespaced: false,
      }),
    );
    expect(requests).toHaveLength(1);
    expect(await clusters.objects('production')).toBe(objects);
    await expect(
      objects.preferredVersion('apiextensions.crossplane.io'),
    ).resolves.toMatch(/^v[12]$/);
    await expect(
      objects.preferredVersion('nothing.example.com'),
    ).resolves.toBeUndefined();
  });

  it('names the cluster and kind discovery cannot find', async () => {
    const objects = await clusters.objects('staging');
    await expect(
      objects.resourceFor(
        'platform.callboard.dev/v1alpha1',
        'PostgreSQLInstance',
      ),
    ).rejects.toThrow(
      "Cluster 'staging' does not serve kind 'PostgreSQLInstance' in 'platform.callboard.dev/v1alpha1'",
    );
  });

  it('refuses a cluster that is not configured, naming the configured ones', async () => {
    await expect(clusters.objects('kube-prod')).rejects.toThrow(NotFoundError);
    await expect(clusters.kubeConfig('kube-prod')).rejects.toThrow(
      "No cluster named 'kube-prod' in kubernetes.clusterLocatorMethods; configured: staging, production",
    );
  });

  it('sends fieldValidation on writes when asked', async () => {
    const objects = await clusters.objects('staging', {
      fieldValidation: 'Strict',
    });
    await objects.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'strict', namespace: 'storefront' },
      data: { a: 'b' },
    });
    await objects.read({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'strict', namespace: 'storefront' },
    });
    const writes = requests.filter(r => r.method === 'POST');
    expect(writes).toHaveLength(1);
    expect(writes[0].url).toContain('fieldValidation=Strict');
    expect(
      requests.filter(
        r => r.method === 'GET' && r.url.includes('configmaps/strict'),
      ),
    ).toEqual([
      expect.objectContaining({
        url: expect.not.stringContaining('fieldValidation'),
      }),
    ]);
  });

  it('tells an unreachable cluster apart from an answer', async () => {
    const withDown = KubernetesClusters.fromConfig(
      configFor([
        {
          name: 'down',
          url: 'https://127.0.0.1:1',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'x',
        },
      ]),
    );
    const down = await withDown.apiClient('down', CoreV1Api);
    const failure = await down.listNamespace().catch(error => error);
    expect(isClusterUnreachable(failure)).toBe(true);

    const up = await withDown.apiClient('staging', CoreV1Api);
    const notFound = await up.readNamespace({ name: 'missing' }).catch(e => e);
    expect(notFound.code).toBe(404);
    expect(isClusterUnreachable(notFound)).toBe(false);
  });

  it('reads the pod token when no serviceAccountToken is configured', async () => {
    const tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, `${staging.token}\n`);
    const inCluster = KubernetesClusters.fromConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'staging',
                  url: staging.url,
                  authProvider: 'serviceAccount',
                  caFile: path.join(dir, 'staging-ca.pem'),
                },
              ],
            },
          ],
        },
      }),
      { inClusterTokenFile: tokenFile },
    );
    const core = await inCluster.apiClient('staging', CoreV1Api);
    await expect(core.readNamespace({ name: 'storefront' })).resolves.toEqual(
      expect.objectContaining({ kind: 'Namespace' }),
    );

    const outside = KubernetesClusters.fromConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'staging',
                  url: staging.url,
                  authProvider: 'serviceAccount',
                },
              ],
            },
          ],
        },
      }),
      { inClusterTokenFile: path.join(dir, 'no-such-token') },
    );
    await expect(outside.kubeConfig('staging')).rejects.toThrow(
      "Cluster 'staging' has no serviceAccountToken and the backend does not run in a pod",
    );
  });

  it('refuses auth providers that act as the signed-in user, and unknown ones', async () => {
    const config = (authProvider: string) =>
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                { name: 'gke', url: 'https://10.0.0.1', authProvider },
              ],
            },
          ],
        },
      });
    await expect(
      KubernetesClusters.fromConfig(config('oidc')).kubeConfig('gke'),
    ).rejects.toThrow(
      "Cluster 'gke' uses authProvider 'oidc', which acts as the signed-in user",
    );
    await expect(
      KubernetesClusters.fromConfig(config('aws')).kubeConfig('gke'),
    ).rejects.toThrow(
      "Cluster 'gke' uses authProvider 'aws', for which no strategy is registered; known: serviceAccount, localKubectlProxy",
    );
    const withAws = KubernetesClusters.fromConfig(config('aws'), {
      authStrategies: {
        aws: {
          getCredential: async () => ({
            type: 'bearer token',
            token: 'signed',
          }),
          validateCluster: () => [],
          presentAuthMetadata: () => ({}),
        },
      },
    });
    const kubeConfig = await withAws.kubeConfig('gke');
    expect(kubeConfig.getCurrentUser()?.token).toBe('signed');
  });

  it('refuses duplicate cluster names and clusters without an auth provider', () => {
    const twice = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              { name: 'a', url: 'https://a', authProvider: 'serviceAccount' },
              { name: 'a', url: 'https://b', authProvider: 'serviceAccount' },
            ],
          },
        ],
      },
    });
    expect(() => KubernetesClusters.fromConfig(twice)).toThrow(
      "Duplicate cluster name 'a' in kubernetes.clusterLocatorMethods",
    );
    const noAuth = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'config', clusters: [{ name: 'a', url: 'https://a' }] },
        ],
      },
    });
    expect(() => KubernetesClusters.fromConfig(noAuth)).toThrow(
      "Cluster 'a' has no auth provider",
    );
  });
});
