import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import type {
  DeferredEntity,
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { KubernetesClusters } from '@callboard/kubernetes-access';
import { readInfrastructureConfig } from '@callboard/plugin-infrastructure-node';
import { KubernetesSandbox } from '@callboard/sandbox';
import {
  claimApiVersion,
  databaseClaim as claim,
  kubernetesConfig,
  sandboxClusterConfig,
  stagingAndProductionEnvironments,
  startCrossplaneCluster,
} from '@callboard/sandbox/testUtils';
import { InfrastructureEntityProvider } from './InfrastructureEntityProvider';

jest.setTimeout(30_000);

const cluster = () =>
  startCrossplaneCluster({
    reconcileDelayMs: 50,
    namespaces: ['storefront', 'fulfilment'],
  });

/** Records the provider's mutations, as the catalog's engine would receive them. */
class RecordingConnection implements EntityProviderConnection {
  readonly mutations: EntityProviderMutation[] = [];

  async applyMutation(mutation: EntityProviderMutation) {
    this.mutations.push(mutation);
  }

  async refresh() {}

  /** The entities of the last full mutation, by name. */
  last(): Map<string, Entity> {
    const mutation = this.mutations[this.mutations.length - 1];
    if (mutation?.type !== 'full') throw new Error('no full mutation yet');
    return new Map(
      mutation.entities.map(({ entity }: DeferredEntity) => [
        entity.metadata.name,
        entity,
      ]),
    );
  }
}

describe('InfrastructureEntityProvider', () => {
  let staging: KubernetesSandbox;
  let production: KubernetesSandbox;

  const providerWith = async (catalogEntities: Entity[] = []) => {
    const config = new ConfigReader({
      kubernetes: kubernetesConfig([
        sandboxClusterConfig('staging', staging),
        sandboxClusterConfig('production', production),
      ]),
      infrastructure: { environments: stagingAndProductionEnvironments() },
    });
    const provider = new InfrastructureEntityProvider({
      config: readInfrastructureConfig(config),
      clusters: KubernetesClusters.fromConfig(config),
      catalog: catalogServiceMock({ entities: catalogEntities }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    const connection = new RecordingConnection();
    await provider.connect(connection);
    return { provider, connection };
  };

  beforeAll(async () => {
    staging = await cluster();
    production = await cluster();
    staging.store.apply(
      claim(
        'PostgreSQLInstance',
        'orders-archive-db',
        'storefront',
        {
          'callboard.dev/owner': 'team-checkout',
          'app.kubernetes.io/part-of': 'storefront',
          'callboard.dev/provisioned-by': 'portal',
        },
        {
          'callboard.dev/title': 'Orders archive',
          'callboard.dev/dependency-of': 'component:default/orders-service',
          'callboard.dev/requested-by': 'user:default/ada.okafor',
        },
      ),
      { fieldManager: 'callboard' },
    );
    staging.store.apply(
      claim('PostgreSQLInstance', 'unowned-db', 'storefront', {}),
      { fieldManager: 'kubectl' },
    );
    production.store.apply(
      claim(
        'PostgreSQLInstance',
        'orders-db',
        'storefront',
        { 'callboard.dev/owner': 'team-checkout' },
        {
          'callboard.dev/title': 'Orders database',
          'callboard.dev/dependency-of':
            'component:orders-service,component:legacy-invoicing',
        },
      ),
      { fieldManager: 'callboard-platform' },
    );
    production.store.apply(
      claim('MySQLInstance', 'tracking-db', 'fulfilment', {
        'callboard.dev/owner': 'team-fulfilment',
      }),
      { fieldManager: 'callboard-platform' },
    );
  });

  afterAll(async () => {
    await staging?.close();
    await production?.close();
  });

  it('emits a database Resource per owned claim and v2 composite of every cluster', async () => {
    const { provider, connection } = await providerWith();
    const summary = await provider.run();
    expect(summary).toEqual({
      entities: { staging: 1, production: 2 },
      staleClusters: [],
    });
    const entities = connection.last();
    expect([...entities.keys()].sort()).toEqual([
      'orders-archive-db',
      'orders-db',
      'tracking-db',
    ]);
    expect(entities.get('orders-db')).toMatchObject({
      kind: 'Resource',
      metadata: {
        title: 'Orders database',
        annotations: {
          'callboard.dev/cluster': 'production',
          'callboard.dev/environment': 'production',
          'callboard.dev/claim-kind': 'PostgreSQLInstance',
          'callboard.dev/claim-namespace': 'storefront',
          'callboard.dev/stale': 'false',
        },
      },
      spec: {
        type: 'database',
        owner: 'group:default/team-checkout',
        dependencyOf: [
          'component:orders-service',
          'component:legacy-invoicing',
        ],
      },
    });
    expect(entities.get('orders-archive-db')).toMatchObject({
      metadata: {
        annotations: {
          'callboard.dev/requested-by': 'user:default/ada.okafor',
        },
      },
      spec: { system: 'storefront', owner: 'group:default/team-checkout' },
    });
    expect(entities.get('tracking-db')).toMatchObject({
      metadata: {
        annotations: { 'callboard.dev/claim-kind': 'MySQLInstance' },
      },
      spec: { owner: 'group:default/team-fulfilment' },
    });
  });

  it('drops a claim deleted from its cluster from the catalog', async () => {
    const { provider, connection } = await providerWith();
    staging.store.apply(
      claim('PostgreSQLInstance', 'short-lived-db', 'storefront', {
        'callboard.dev/owner': 'team-checkout',
      }),
      { fieldManager: 'callboard' },
    );
    await provider.run();
    expect(connection.last().has('short-lived-db')).toBe(true);

    staging.store.delete(
      claimApiVersion,
      'PostgreSQLInstance',
      'short-lived-db',
      'storefront',
    );
    await staging.crossplane.whenIdle();
    await provider.run();
    expect(connection.last().has('short-lived-db')).toBe(false);
    expect(connection.last().has('orders-archive-db')).toBe(true);
  });

  it('keeps an unreachable cluster’s databases, marked stale, and deletes nothing', async () => {
    const first = await providerWith();
    await first.provider.run();
    const emitted = [...first.connection.last().values()];
    // What the catalog holds after the first run: the emitted entities, processed.
    const stored = emitted.map(entity => ({
      ...entity,
      metadata: { ...entity.metadata, uid: `uid-${entity.metadata.name}` },
      relations: [],
    }));

    const { provider, connection } = await providerWith(stored);
    await production.close();
    const summary = await provider.run();
    expect(summary.staleClusters).toEqual(['production']);
    const entities = connection.last();
    expect([...entities.keys()].sort()).toEqual([
      'orders-archive-db',
      'orders-db',
      'tracking-db',
    ]);
    const ordersDb = entities.get('orders-db')!;
    expect(ordersDb.metadata.annotations).toMatchObject({
      'callboard.dev/stale': 'true',
      'callboard.dev/last-seen': emitted.find(
        e => e.metadata.name === 'orders-db',
      )!.metadata.annotations!['callboard.dev/last-seen'],
    });
    expect(ordersDb.metadata).not.toHaveProperty('uid');
    expect(ordersDb).not.toHaveProperty('relations');
    expect(
      entities.get('orders-archive-db')!.metadata.annotations![
        'callboard.dev/stale'
      ],
    ).toBe('false');
  });
});
