// Self-service provisioning, measured against sandbox clusters behind a request-counting proxy:
// the form's schema load (GET /schema, read live from the cluster), submit to Ready through the
// scaffolder task API in direct mode minus the sandbox's reconcile delay, API-server requests
// per provisioning, and the entity provider's ingest of 1,000 claims across two clusters.
// Medians of several runs. Usage: yarn bench:provision [runs=5]
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { InfrastructureEntityProvider } from '@callboard/plugin-catalog-backend-module-infrastructure';
import { readInfrastructureConfig } from '@callboard/plugin-infrastructure-node';
import scaffolderModuleInfrastructure from '@callboard/plugin-scaffolder-backend-module-infrastructure';
import { KubernetesClusters } from '@callboard/kubernetes-access';
import { KubernetesSandbox } from '@callboard/sandbox';
import {
  databaseClaim,
  demoTeamsOf,
  demoUsers,
  kubernetesConfig,
  loadTemplate,
  sandboxClusterConfig,
  serviceEntity,
  stagingAndProductionEnvironments,
  startCrossplaneCluster,
  teamEntity,
} from '@callboard/sandbox/testUtils';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { infrastructurePlugin } from '../src/plugin';

const RUNS = Number(process.argv[2] ?? 5);
/** The sandbox's default: what `./callboard start` runs with. */
const RECONCILE_DELAY_MS = 2000;
const CLAIMS_PER_CLUSTER = 500;
const ADA = demoUsers.ada;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A plain-HTTP sandbox cluster behind a proxy that counts what reaches the API server. */
async function countedCluster(reconcileDelayMs: number): Promise<{
  sandbox: KubernetesSandbox;
  url: string;
  requests(): number;
  reset(): void;
  close(): Promise<void>;
}> {
  const sandbox = await startCrossplaneCluster({
    reconcileDelayMs,
    tls: false,
  });
  const target = new URL(sandbox.url);
  let count = 0;
  const proxy = http.createServer((req, res) => {
    count += 1;
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    sandbox,
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    reset: () => {
      count = 0;
    },
    close: async () => {
      proxy.closeAllConnections();
      await new Promise(resolve => proxy.close(resolve));
      await sandbox.close();
    },
  };
}

async function main() {
  const staging = await countedCluster(RECONCILE_DELAY_MS);
  const production = await countedCluster(RECONCILE_DELAY_MS);
  const configData = {
    // Plain HTTP through the counting proxies.
    kubernetes: kubernetesConfig([
      sandboxClusterConfig('staging', staging.sandbox, { url: staging.url }),
      sandboxClusterConfig('production', production.sandbox, {
        url: production.url,
      }),
    ]),
    infrastructure: { environments: stagingAndProductionEnvironments() },
  };
  const template = loadTemplate('provision-database') as Entity;
  // Direct mode only: the pull-request step never runs, and its action is another module's.
  (template.spec as { steps: unknown[] }).steps.splice(1);
  const entities: Entity[] = [
    template,
    teamEntity('team-checkout', 'storefront'),
    serviceEntity(
      'orders-service',
      'group:default/team-checkout',
      'storefront',
    ),
  ];
  const backend = await startTestBackend({
    features: [
      infrastructurePlugin,
      scaffolderPlugin,
      scaffolderModuleInfrastructure,
      catalogServiceMock.factory({ entities }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          getUserInfo: async () => ({
            userEntityRef: ADA,
            ownershipEntityRefs: [ADA, ...demoTeamsOf(ADA)],
          }),
        }),
      }),
      createServiceFactory({
        service: coreServices.permissions,
        deps: {},
        factory: () => ({
          authorize: async (requests: unknown[]) =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW as const })),
          authorizeConditional: async (requests: unknown[]) =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW as const })),
        }),
      }) as any,
      mockServices.rootConfig.factory({ data: configData }),
    ],
  });
  const header = mockCredentials.user.header(ADA);

  try {
    // The form's schema: every load reads the XRDs live, nothing is cached.
    const schemaMs: number[] = [];
    const schemaRequests: number[] = [];
    for (let i = 0; i < RUNS * 2; i++) {
      staging.reset();
      const started = performance.now();
      const response = await request(backend.server)
        .get(
          '/api/infrastructure/schema?environment=staging&kind=PostgreSQLInstance',
        )
        .set('Authorization', header);
      if (response.status !== 200) throw new Error(response.text);
      schemaMs.push(performance.now() - started);
      schemaRequests.push(staging.requests());
    }

    const readyMs: number[] = [];
    const provisionRequests: number[] = [];
    for (let i = 1; i <= RUNS; i++) {
      staging.reset();
      const started = performance.now();
      const created = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', header)
        .send({
          templateRef: 'template:default/provision-database',
          values: {
            environment: 'staging',
            kind: 'PostgreSQLInstance',
            team: 'group:default/team-checkout',
            component: 'component:default/orders-service',
            namespace: 'storefront',
            name: `bench-db-${i}-${Date.now().toString(36)}`,
            parameters: { storageGB: 20 },
          },
        });
      if (created.status !== 201) throw new Error(created.text);
      let status = '';
      while (!['completed', 'failed', 'cancelled'].includes(status)) {
        await new Promise(resolve => setTimeout(resolve, 20));
        status = (
          await request(backend.server)
            .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
            .set('Authorization', header)
        ).body.status;
      }
      const elapsed = performance.now() - started;
      if (status !== 'completed')
        throw new Error(`Task ${created.body.id} ${status}`);
      readyMs.push(elapsed - RECONCILE_DELAY_MS);
      provisionRequests.push(staging.requests());
      process.stdout.write(
        `provision ${i}: ${Math.round(
          elapsed,
        )} ms submit to Ready (${Math.round(
          elapsed - RECONCILE_DELAY_MS,
        )} ms beyond the ${RECONCILE_DELAY_MS} ms reconcile delay), ${staging.requests()} API-server requests\n`,
      );
    }

    // 1,000 claims across the two clusters; Crossplane stays idle so only listing is timed.
    for (const [clusterName, cluster] of [
      ['staging', staging],
      ['production', production],
    ] as const) {
      cluster.sandbox.crossplane.setReconcileDelay(3_600_000);
      for (let i = 0; i < CLAIMS_PER_CLUSTER; i++) {
        cluster.sandbox.store.apply(
          databaseClaim(
            i % 5 === 0 ? 'MySQLInstance' : 'PostgreSQLInstance',
            `ingest-${clusterName}-${i}`,
            'storefront',
            { 'callboard.dev/owner': 'team-checkout' },
            {
              'callboard.dev/dependency-of': 'component:default/orders-service',
            },
          ),
          { fieldManager: 'callboard-platform' },
        );
      }
    }
    const config = new ConfigReader(configData);
    const ingestMs: number[] = [];
    const ingestRequests: number[] = [];
    const emitted: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const provider = new InfrastructureEntityProvider({
        config: readInfrastructureConfig(config),
        clusters: KubernetesClusters.fromConfig(config),
        catalog: catalogServiceMock(),
        auth: mockServices.auth(),
        logger: mockServices.rootLogger({ level: 'error' }),
      });
      const connection: EntityProviderConnection = {
        applyMutation: async mutation => {
          if (mutation.type === 'full') emitted.push(mutation.entities.length);
        },
        refresh: async () => {},
      };
      await provider.connect(connection);
      staging.reset();
      production.reset();
      const started = performance.now();
      await provider.run();
      ingestMs.push(performance.now() - started);
      ingestRequests.push(staging.requests() + production.requests());
    }

    process.stdout.write(
      [
        `schema load (GET /schema, live from the cluster): median ${median(
          schemaMs,
        ).toFixed(1)} ms of ${schemaMs.length}, ${median(
          schemaRequests,
        )} API-server requests each`,
        `submit to Ready, direct mode, minus the ${RECONCILE_DELAY_MS} ms reconcile delay: median ${Math.round(
          median(readyMs),
        )} ms of ${RUNS} (the claim action polls every 2 s by default)`,
        `API-server requests per provisioning: median ${median(
          provisionRequests,
        )}`,
        `provider ingest of ${median(
          emitted,
        )} claims across two clusters: median ${Math.round(
          median(ingestMs),
        )} ms of ${RUNS}, ${median(ingestRequests)} API-server requests`,
        '',
      ].join('\n'),
    );
  } finally {
    await backend.stop();
    await staging.close();
    await production.close();
  }
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
    process.exit(1);
  },
);
