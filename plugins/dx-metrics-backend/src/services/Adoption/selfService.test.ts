import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { KubernetesClusters } from '@callboard/kubernetes-access';
import { KubeObject, KubernetesSandbox } from '@callboard/sandbox';
import {
  sandboxClusterConfig,
  startCrossplaneCluster,
  unreachableClusterConfig,
} from '@callboard/sandbox/testUtils';
import { buildClaim } from '@callboard/plugin-infrastructure-node';
import { readDxMetricsConfig } from '../../config';
import { KnexDxStore } from '../../database/KnexDxStore';
import { AdoptionService } from './AdoptionService';

jest.setTimeout(120_000);

const API_VERSION = 'platform.callboard.dev/v1alpha1';

function database(
  kind: string,
  name: string,
  labels: Record<string, string> = {},
) {
  return {
    apiVersion: API_VERSION,
    kind,
    metadata: { name, namespace: 'payments', labels },
    spec: { parameters: { storageGB: 50 } },
  };
}

/** Exactly what `callboard:infrastructure:claim` applies for a request from the portal. */
function portalDatabase(kind: string, name: string) {
  return buildClaim(
    {
      environment: 'staging',
      kind,
      team: 'group:default/team-checkout',
      component: 'component:default/payments-service',
      namespace: 'payments',
      name,
      parameters: { storageGB: 50 },
    },
    {
      name: `x${kind.toLowerCase()}s.platform.callboard.dev`,
      title: kind,
      apiVersion: API_VERSION,
      kind,
      plural: `${kind.toLowerCase()}s`,
      claim: kind === 'PostgreSQLInstance',
      connectionSecretKeys: [],
      parametersSchema: {},
    },
    { requestedBy: 'user:default/ada.okafor' },
  );
}

const cluster = (manifests: string[]) =>
  startCrossplaneCluster({
    reconcileDelayMs: 60_000,
    manifests,
    namespaces: ['payments'],
  });

describe('self-service ratio from the clusters', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let staging: KubernetesSandbox;
  let production: KubernetesSandbox;
  let store: KnexDxStore;

  beforeAll(async () => {
    [staging, production] = await Promise.all([
      cluster(['definition.yaml', 'definition-mysql.yaml']),
      // Production has no MySQL XRD: it holds no MySQL databases, which is not an error.
      cluster(['definition.yaml']),
    ]);
    for (const object of [
      portalDatabase('PostgreSQLInstance', 'orders-db'),
      database('PostgreSQLInstance', 'legacy-db'),
      portalDatabase('MySQLInstance', 'reports-db'),
    ]) {
      staging.store.apply(object as KubeObject, { fieldManager: 'callboard' });
    }
    for (const object of [
      portalDatabase('PostgreSQLInstance', 'payments-db'),
      database('PostgreSQLInstance', 'ledger-db', {
        'callboard.dev/provisioned-by': 'terraform',
      }),
    ]) {
      production.store.apply(object as KubeObject, {
        fieldManager: 'callboard',
      });
    }
    const knex = await databases.init('SQLITE_3');
    store = await KnexDxStore.create({
      getClient: async () => knex,
      migrations: { skip: false },
    });
  });

  afterAll(async () => {
    await Promise.all([staging?.close(), production?.close()]);
  });

  function adoption(extra: { dxMetrics?: object; down?: boolean } = {}) {
    const config = new ConfigReader({
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              sandboxClusterConfig('staging', staging),
              sandboxClusterConfig('production', production),
              ...(extra.down ? [unreachableClusterConfig('down')] : []),
            ],
          },
        ],
      },
      dxMetrics: extra.dxMetrics ?? {},
    });
    return new AdoptionService({
      store,
      catalog: catalogServiceMock({ entities: [] }),
      config: readDxMetricsConfig(config),
      clusters: KubernetesClusters.fromConfig(config),
      discovery: mockServices.discovery(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      backfillStart: () => 0,
    });
  }

  const figures = async (service: AdoptionService) =>
    (await service.figures(mockCredentials.service())).selfService;

  it('counts claims labelled callboard.dev/provisioned-by: portal against every database claim', async () => {
    expect(await figures(adoption())).toEqual({
      viaPortal: 3,
      total: 5,
      ratio: 0.6,
      note: 'Counts PostgreSQLInstance, MySQLInstance in every configured cluster; portal claims carry the label callboard.dev/provisioned-by=portal.',
    });
  });

  it('counts only the configured database kinds', async () => {
    const service = adoption({
      dxMetrics: {
        adoption: {
          databaseKinds: [
            { apiVersion: API_VERSION, kind: 'PostgreSQLInstance' },
          ],
        },
      },
    });
    expect(await figures(service)).toMatchObject({
      viaPortal: 2,
      total: 4,
      ratio: 0.5,
    });
  });

  it('names a cluster it cannot reach and counts the others', async () => {
    expect(await figures(adoption({ down: true }))).toEqual({
      viaPortal: 3,
      total: 5,
      ratio: 0.6,
      note: 'Not counted: clusters down could not be asked; the ratio covers the others.',
    });
  });

  it('refuses a portal label that is not key=value, naming the key', () => {
    expect(() =>
      readDxMetricsConfig(
        new ConfigReader({
          dxMetrics: {
            adoption: { portalClaimLabel: 'callboard.dev/provisioned-by' },
          },
        }),
      ),
    ).toThrow(
      "Invalid config dxMetrics.adoption.portalClaimLabel 'callboard.dev/provisioned-by': expected key=value, e.g. callboard.dev/provisioned-by=portal",
    );
  });
});
