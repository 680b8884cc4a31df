import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadPolicySet, PolicySet } from '@callboard/policies';
import {
  CollectedFacts,
  FactCollectionResult,
} from '@callboard/plugin-scorecards-node';
import { ConfigReader } from '@backstage/config';
import { KubernetesClusters } from '@callboard/kubernetes-access';
import { KubernetesSandbox } from '@callboard/sandbox';
import {
  budget,
  closedUrl,
  clustersFor,
  deployment,
  namespaceObject,
  service,
  startCluster,
} from './__testUtils__/clusters';
import {
  factNameOfPolicy,
  KubernetesFactCollector,
} from './KubernetesFactCollector';

jest.setTimeout(60_000);

function factsOf(results: FactCollectionResult[], name: string) {
  const result = results.find(
    r => r.entityRef === `component:default/${name}`,
  ) as CollectedFacts;
  expect(result).toBeDefined();
  return result;
}

describe('KubernetesFactCollector against sandbox clusters', () => {
  let staging: KubernetesSandbox;
  let production: KubernetesSandbox;
  let policies: PolicySet;

  beforeAll(async () => {
    [staging, production, policies] = await Promise.all([
      startCluster(),
      startCluster(),
      loadPolicySet(),
    ]);
    for (const cluster of [staging, production]) {
      cluster.store.create(namespaceObject('shop'));
      cluster.store.create(namespaceObject('legacy', false));
    }
    // cart meets the standards in both clusters; its budget carries no entity label.
    for (const cluster of [staging, production]) {
      cluster.store.create(deployment('cart', 'shop'));
      cluster.store.create(budget('cart', 'shop'));
    }
    // ledger runs as root from Docker Hub in production only, in a namespace without cost centre.
    production.store.create(
      deployment('ledger', 'legacy', {
        image: 'docker.io/library/ledger:2.1',
        runAsNonRoot: false,
        replicas: 1,
      }),
    );
    // search is found by its label selector, not its kubernetes-id.
    staging.store.create({
      ...deployment('search-v2', 'shop'),
      metadata: {
        name: 'search-v2',
        namespace: 'shop',
        labels: {
          ...deployment('search-v2', 'shop').metadata.labels,
          team: 'search',
        },
      },
    });
  });

  afterAll(async () => {
    await Promise.all([staging?.close(), production?.close()]);
  });

  const collector = () =>
    new KubernetesFactCollector({
      clusters: clustersFor([
        { name: 'staging', sandbox: staging },
        { name: 'production', sandbox: production },
      ]),
      policies,
    });

  it('publishes one fact per workload standard, named after the policy', () => {
    const facts = collector().facts;
    expect(Object.keys(facts)).toEqual(
      expect.arrayContaining([
        'workloads',
        'clusters',
        'nonRoot',
        'memoryLimits',
        'approvedRegistry',
        'podDisruptionBudget',
        'minReplicas',
        'namespaceCostCenter',
      ]),
    );
    expect(Object.keys(facts)).toHaveLength(policies.policies.length + 2);
    expect(facts.nonRoot).toMatchObject({ type: 'map' });
  });

  it('publishes every fact the demo checks read', () => {
    const demo = parse(
      readFileSync(
        join(
          __dirname,
          '../../../catalog/demo/scorecards/kubernetes-checks.yaml',
        ),
        'utf8',
      ),
    ) as { checks: Array<{ facts: string[] }> };
    const read = demo.checks.flatMap(c => c.facts);
    expect(read).toHaveLength(7);
    const published = Object.keys(collector().facts).map(
      f => `kubernetes.${f}`,
    );
    expect(published).toEqual(expect.arrayContaining(read));
  });

  it.each([
    ['callboard-non-root', 'nonRoot'],
    ['callboard-pod-disruption-budget', 'podDisruptionBudget'],
    ['team-x-no-latest', 'teamXNoLatest'],
  ])('names policy %s fact %s', (policy, fact) => {
    expect(factNameOfPolicy(policy)).toBe(fact);
  });

  it('judges an entity that meets the standards in both clusters as passing', async () => {
    const results = await collector().collect([service('cart')]);
    const cart = factsOf(results, 'cart');
    expect(cart.missing).toEqual({});
    expect(cart.facts).toMatchObject({
      workloads: 2,
      clusters: ['production', 'staging'],
      nonRoot: { outcome: 'pass', objects: 2, failures: [] },
      approvedRegistry: { outcome: 'pass' },
      podDisruptionBudget: { outcome: 'pass', objects: 2 },
      namespaceCostCenter: { outcome: 'pass' },
      minReplicas: { outcome: 'pass' },
    });
  });

  it.each([
    [
      'nonRoot',
      "production: Deployment legacy/ledger: containers 'app' may run as root",
    ],
    [
      'approvedRegistry',
      "production: Deployment legacy/ledger: container 'app' image 'docker.io/library/ledger:2.1'",
    ],
    [
      'podDisruptionBudget',
      'production: Deployment legacy/ledger: no PodDisruptionBudget selects its pods',
    ],
    ['minReplicas', 'production: Deployment legacy/ledger: runs 1 replica(s)'],
    ['namespaceCostCenter', 'production: Deployment legacy/ledger'],
  ])(
    'fails %s for an entity that breaks it, naming cluster, object and message',
    async (fact, failure) => {
      const results = await collector().collect([service('ledger')]);
      const ledger = factsOf(results, 'ledger');
      expect(ledger.facts.clusters).toEqual(['production']);
      expect(ledger.facts[fact]).toMatchObject({
        outcome: 'fail',
        failures: [expect.stringContaining(failure)],
      });
    },
  );

  it('finds objects by backstage.io/kubernetes-label-selector', async () => {
    const results = await collector().collect([
      service('search', {
        'backstage.io/kubernetes-label-selector': 'team=search',
      }),
    ]);
    expect(factsOf(results, 'search').facts).toMatchObject({
      workloads: 1,
      clusters: ['staging'],
    });
  });

  it('reads a whole batch with a few list requests per cluster', async () => {
    const requests: string[] = [];
    const counted = clustersFor([{ name: 'staging', sandbox: staging }]);
    const objects = counted.objects.bind(counted);
    const results = await new KubernetesFactCollector({
      clusters: {
        list: () => counted.list(),
        objects: async name => {
          const client = await objects(name);
          const list = client.list.bind(client);
          client.list = ((...args: Parameters<typeof list>) => {
            requests.push(args[1]);
            return list(...args);
          }) as typeof list;
          return client;
        },
      },
      policies,
    }).collect(['cart', 'ledger', 'orders', 'payments'].map(n => service(n)));
    expect(results).toHaveLength(4);
    expect(requests.length).toBeLessThanOrEqual(10);
  });

  it('makes policy facts unknown, with the reason, for an entity without workloads', async () => {
    const results = await collector().collect([service('ghost')]);
    const ghost = factsOf(results, 'ghost');
    expect(ghost.facts).toEqual({ workloads: 0, clusters: [] });
    expect(ghost.missing?.nonRoot).toBe(
      "no Deployment, StatefulSet or DaemonSet matches backstage.io/kubernetes-id=ghost in 'staging', 'production'",
    );
  });

  it('skips entities that name no workloads, with the reason', () => {
    expect(collector().skipReason(service('docs', {}))).toBe(
      'no backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector annotation',
    );
  });

  it('makes every fact unknown, naming the unreachable cluster, without failing the batch', async () => {
    const results = await new KubernetesFactCollector({
      clusters: clustersFor([
        { name: 'staging', sandbox: staging },
        { name: 'eu-west', url: await closedUrl() },
      ]),
      policies,
    }).collect([service('cart'), service('ledger')]);
    expect(results).toHaveLength(2);
    for (const result of results as CollectedFacts[]) {
      expect(result.facts).toEqual({});
      expect(result.missing?.nonRoot).toBe(
        "cluster 'eu-west' could not be reached (ECONNREFUSED)",
      );
      expect(result.missing?.workloads).toBe(result.missing?.nonRoot);
    }
  });

  it('names a cluster whose CA file cannot be read without naming the file', async () => {
    const results = await new KubernetesFactCollector({
      clusters: KubernetesClusters.fromConfig(
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
                    serviceAccountToken: staging.token,
                    caFile: '/nonexistent/secret-dir/ca.pem',
                  },
                ],
              },
            ],
          },
        }),
      ),
      policies,
    }).collect([service('cart')]);
    const reason = (results[0] as CollectedFacts).missing?.nonRoot;
    expect(reason).toMatch(/^cluster 'staging' could not be (read|reached)/);
    expect(reason).not.toContain('secret-dir');
  });

  it('says so when no cluster is configured', async () => {
    const results = await new KubernetesFactCollector({
      clusters: clustersFor([]),
      policies,
    }).collect([service('cart')]);
    expect((results[0] as CollectedFacts).missing?.clusters).toBe(
      'no clusters are configured (kubernetes.clusterLocatorMethods)',
    );
  });
});
