import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  KubernetesClusters,
  kubernetesClustersServiceRef,
} from '@callboard/kubernetes-access';
import { KubernetesSandbox, startKubernetesServer } from '@callboard/sandbox';
import {
  kubernetesConfig,
  sandboxClusterConfig,
} from '@callboard/sandbox/testUtils';
import scorecardsPlugin from '@callboard/plugin-scorecards-backend';
import scorecardsModuleKubernetes from '@callboard/plugin-scorecards-backend-module-kubernetes';

jest.setTimeout(60_000);

const definitions = JSON.stringify({
  checks: [
    {
      id: 'runs-as-non-root',
      title: 'Runs as non-root',
      description: 'No container of the service runs as root.',
      howToFix: 'Set `securityContext.runAsNonRoot: true`.',
      filter: { kind: ['Component'] },
      facts: ['kubernetes.nonRoot'],
      expression: 'kubernetes.nonRoot.outcome == "pass"',
    },
  ],
  scorecards: [],
});

const cart = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'cart',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'cart' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
};

/** cart's Deployment, without runAsNonRoot. */
const rootDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'cart',
    namespace: 'shop',
    labels: { 'backstage.io/kubernetes-id': 'cart' },
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'cart' } },
    template: {
      metadata: { labels: { app: 'cart' } },
      spec: {
        containers: [{ name: 'app', image: 'ghcr.io/tidewater/cart:1.0.0' }],
      },
    },
  },
};

describe('scorecards with the kubernetes module, against a sandbox cluster', () => {
  let cluster: KubernetesSandbox;

  beforeAll(async () => {
    cluster = await startKubernetesServer({ tls: true, port: 0 });
    cluster.store.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop' },
    });
    cluster.store.create(rootDeployment);
  });

  afterAll(async () => {
    await cluster?.close();
  });

  it('fails a check on live workloads, then shows it unknown with the reason while the cluster is unreachable, keeping the last values', async () => {
    const { server } = await startTestBackend({
      features: [
        scorecardsPlugin,
        scorecardsModuleKubernetes,
        catalogServiceMock.factory({ entities: [cart] }),
        mockServices.permissions.factory(),
        mockServices.scheduler.mock().factory,
        mockServices.urlReader.mock({
          readUrl: async () =>
            ({ buffer: async () => Buffer.from(definitions) } as never),
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            scorecards: {
              definitions: { locations: ['https://example.com/checks.yaml'] },
            },
          },
        }),
        createServiceFactory({
          service: kubernetesClustersServiceRef,
          deps: {},
          factory: () =>
            KubernetesClusters.fromConfig(
              new ConfigReader({
                kubernetes: kubernetesConfig([
                  sandboxClusterConfig('production', cluster),
                ]),
              }),
            ),
        }),
      ],
    });
    const refresh = async () => {
      const response = await fetch(
        `http://localhost:${server.port()}/api/scorecards/entities/component/default/cart/refresh`,
        {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${mockCredentials.user.token(
              'user:default/olive',
            )}`,
          },
        },
      );
      expect(response.status).toBe(200);
      return (await response.json()).checks[0].result;
    };

    expect(await refresh()).toMatchObject({
      status: 'fail',
      facts: [
        {
          id: 'kubernetes.nonRoot',
          value: {
            outcome: 'fail',
            objects: 1,
            failures: [
              expect.stringContaining(
                "production: Deployment shop/cart: containers 'app' may run as root",
              ),
            ],
          },
        },
      ],
    });

    await cluster.close();
    const unreachable = await refresh();
    expect(unreachable.status).toBe('unknown');
    expect(unreachable.reason).toMatch(
      /^kubernetes\.nonRoot could not be determined: cluster 'production' could not be reached \(ECONN(REFUSED|RESET)\)$/,
    );
    expect(unreachable.facts[0].value).toMatchObject({ outcome: 'fail' });
  });
});
