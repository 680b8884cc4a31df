// The DX ingest's cost and speed against the sandbox GitHub, read from its request counter.
// Seeds the demo organization plus synthetic services up to `repos` repositories (teams of 50)
// with 90 days of history, ingests into PostgreSQL, then measures: the backfill's requests and
// time against GitHub's hourly budget of 5,000, a poll with nothing new, webhook-to-figures
// latency, and the team endpoint's p95 for a 50-service team. Prints the demo's four keys for
// two teams. Usage: yarn bench:dx-ingest [repos=500] [--reuse]
//
// Seeding 500 repositories with real git history takes the sandbox's seeder most of an hour on a
// loaded 2-core machine, so the seeded sandbox is kept under .callboard/bench/dx-ingest-<repos>
// (DX_BENCH_DATA_DIR) and later runs start from it. `--reuse` also keeps the ingested database
// (dx_bench_<repos>) and skips the backfill, to measure the endpoints again after a change.
import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createMemoryConditionalRequestCache,
  GithubClientFactory,
} from '@callboard/github';
import {
  DX_FIGURE_KEYS,
  DxTeamFigures,
} from '@callboard/plugin-dx-metrics-common';
import {
  DEFAULT_SANDBOX_TOKEN,
  DEFAULT_SANDBOX_USER,
  SeedClock,
  seedDemoOrganization,
  startGitHubServer,
} from '@callboard/sandbox';
import express from 'express';
import knexFactory from 'knex';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Octokit } from 'octokit';
import { parseAllDocuments, stringify } from 'yaml';
import { readDxMetricsConfig } from '../src/config';
import { KnexDxStore } from '../src/database/KnexDxStore';
import { createRouter } from '../src/router';
import { AdoptionService } from '../src/services/Adoption/AdoptionService';
import { GithubIngester } from '../src/services/Ingest/GithubIngester';
import { DxMetricsService } from '../src/services/Metrics/DxMetricsService';
import { WebhookReceiver } from '../src/services/Webhooks/WebhookReceiver';

const args = process.argv.slice(2);
const REUSE = args.includes('--reuse');
const REPOS = Number(args.find(a => /^\d+$/.test(a)) ?? 500);
const POLLS = 3;
const TEAM_SIZE = 50;
const SECRET = 'bench-secret';
const PG = process.env.DX_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const DEMO_DIR = path.resolve(__dirname, '../../../catalog/demo');
const DEVLAKE_REQUESTS_PER_REPO = 30_000;
const DATA_DIR =
  process.env.DX_BENCH_DATA_DIR ??
  path.resolve(__dirname, `../../../.callboard/bench/dx-ingest-${REPOS}`);
const SEEDED_MARKER = path.join(DATA_DIR, 'seeded.json');

const out = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function show(key: string, value: number | null): string {
  if (value === null) {
    return '—';
  }
  if (key === 'changeFailureRate') {
    return `${Math.round(value * 100)} %`;
  }
  if (key === 'deploymentFrequency') {
    return `${value.toFixed(2)}/day`;
  }
  return `${value.toFixed(1)} h`;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

function readYaml(file: string): Entity[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(d => d.toJS())
    .filter(Boolean);
}

/** The demo catalog plus synthetic services up to REPOS repositories, owned by teams of 50. */
function benchCatalog(dir: string): Entity[] {
  const demoFiles = [
    'org.yaml',
    'domains.yaml',
    'systems.yaml',
    'resources.yaml',
    ...fs
      .readdirSync(path.join(DEMO_DIR, 'components'))
      .map(f => `components/${f}`),
  ].map(f => path.join(DEMO_DIR, f));
  const demo = demoFiles.flatMap(readYaml);
  const demoRepos = demo.filter(
    e =>
      e.kind === 'Component' &&
      e.metadata.annotations?.['github.com/project-slug'],
  ).length;
  const members = demo
    .filter(e => e.kind === 'User')
    .slice(0, 6)
    .map(u => u.metadata.name);
  const synthetic: Entity[] = [];
  const count = Math.max(0, REPOS - demoRepos);
  for (let team = 0; team * TEAM_SIZE < count; team += 1) {
    const teamName = `bench-team-${String(team + 1).padStart(2, '0')}`;
    synthetic.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: teamName },
      spec: { type: 'team', parent: 'engineering', children: [], members },
    });
    for (
      let i = team * TEAM_SIZE;
      i < Math.min(count, (team + 1) * TEAM_SIZE);
      i += 1
    ) {
      const name = `bench-svc-${String(i + 1).padStart(3, '0')}`;
      synthetic.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          description: 'A synthetic service for the DX ingest benchmark',
          annotations: { 'github.com/project-slug': `tidewater/${name}` },
        },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: `group:default/${teamName}`,
          system: 'fulfilment',
        },
      });
    }
  }
  fs.writeFileSync(
    path.join(dir, 'bench.yaml'),
    synthetic.map(e => stringify(e)).join('---\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'all.yaml'),
    stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Location',
      metadata: { name: 'dx-bench' },
      spec: { targets: [...demoFiles, path.join(dir, 'bench.yaml')] },
    }),
  );
  // What the catalog would hold after processing: ownership and org-tree relations.
  return [...demo, ...synthetic].map(entity => {
    const spec = (entity.spec ?? {}) as Record<string, any>;
    const relations = [];
    if (entity.kind === 'Component' && spec.owner) {
      const owner = String(spec.owner).replace(/^group:default\//, '');
      relations.push({ type: 'ownedBy', targetRef: `group:default/${owner}` });
    }
    if (entity.kind === 'Group' && spec.parent) {
      relations.push({
        type: 'childOf',
        targetRef: `group:default/${spec.parent}`,
      });
    }
    return {
      ...entity,
      metadata: { namespace: 'default', ...entity.metadata },
      relations,
    };
  });
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dx-bench-'));
  const entities = benchCatalog(dir);

  const seedStarted = performance.now();
  const clock = new SeedClock();
  if (!fs.existsSync(SEEDED_MARKER)) {
    // A seed interrupted part-way leaves an organization the seeder refuses to write over.
    fs.rmSync(path.join(DATA_DIR, 'github'), { recursive: true, force: true });
  }
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const github = await startGitHubServer({
    clock: clock.now,
    users: [DEFAULT_SANDBOX_USER],
    dataDir: path.join(DATA_DIR, 'github'),
  });
  if (fs.existsSync(SEEDED_MARKER)) {
    const marker = JSON.parse(fs.readFileSync(SEEDED_MARKER, 'utf8'));
    out(
      `reusing the sandbox seeded at ${marker.seededAt} (${DATA_DIR}): ${marker.summary}`,
    );
  } else {
    const seeded = await seedDemoOrganization({
      store: github.store,
      now: new Date(Date.now() - 3_600_000),
      months: 3,
      clock,
      catalogDir: dir,
      rootCatalogInfoFile: false,
    });
    const summary = `${seeded.counts.repositories} repositories, 90 days: ${seeded.counts.pullRequests} pull requests, ${seeded.counts.deployments} deployments, ${seeded.counts.incidents} incidents`;
    out(`seeded ${summary} in ${seconds(performance.now() - seedStarted)}`);
    await github.store.flush();
    fs.writeFileSync(
      SEEDED_MARKER,
      JSON.stringify({ seededAt: new Date().toISOString(), summary }),
    );
  }

  const database = REUSE ? `dx_bench_${REPOS}` : `dx_bench_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: `${PG}/postgres` });
  const existing = await admin.raw(
    'SELECT 1 FROM pg_database WHERE datname = ?',
    [database],
  );
  const reused = REUSE && existing.rows.length > 0;
  if (!reused) {
    await admin.raw(`CREATE DATABASE ${database}`);
  }
  const knex = knexFactory({
    client: 'pg',
    connection: `${PG}/${database}`,
    pool: { min: 0, max: 10 },
  });
  let server: ReturnType<express.Express['listen']> | undefined;
  try {
    const store = await KnexDxStore.create({
      getClient: async () => knex,
      migrations: { skip: false },
    });
    const config = new ConfigReader({
      integrations: {
        github: [
          {
            host: github.host,
            apiBaseUrl: github.apiBaseUrl,
            token: DEFAULT_SANDBOX_TOKEN,
          },
        ],
      },
      dxMetrics: { batchSize: 25, webhooks: { secret: SECRET } },
    });
    const dxConfig = readDxMetricsConfig(config);
    const logger = mockServices.rootLogger({ level: 'warn' });
    const ingester = new GithubIngester({
      store,
      factory: GithubClientFactory.fromConfig(config, {
        integrations: ScmIntegrations.fromConfig(config),
      }),
      config: dxConfig,
      logger,
      conditionalRequests: createMemoryConditionalRequestCache({
        maxEntries: 100_000,
      }),
    });
    const catalog = catalogServiceMock({ entities });
    const metrics = new DxMetricsService({
      store,
      catalog,
      cache: CacheManager.fromConfig(new ConfigReader({})).forPlugin(
        'dx-metrics',
      ),
      config: dxConfig,
      serviceCredentials: async () =>
        mockServices.auth().getOwnServiceCredentials(),
      host: github.host,
    });
    const targets = await metrics.ingestTargets();

    // Backfill (or, with --reuse, a catch-up pass that fills the in-memory ETag store).
    github.requestCount.reset();
    const backfill = await ingester.run(targets);
    const backfillRest = backfill.countedRequests - backfill.graphqlRequests;
    out(
      `\n${reused ? 'catch-up pass on the kept database' : 'backfill'} of ${
        targets.length
      } repositories: ${seconds(backfill.durationMs)}`,
    );
    out(
      `  REST ${backfillRest} counted requests (+${backfill.notModified} free 304s), GraphQL ${backfill.graphqlRequests} requests = ${backfill.graphqlRequests} points; sandbox counter ${github.requestCount.total}`,
    );
    out(
      `  wrote ${JSON.stringify(backfill.written)}; failures ${
        backfill.failures.length
      }${backfill.pausedUntil ? `; paused until ${backfill.pausedUntil}` : ''}`,
    );
    const perRepo = backfill.countedRequests / targets.length;
    out(
      `  ${perRepo.toFixed(
        1,
      )} counted requests per repository (Apache DevLake: ~${DEVLAKE_REQUESTS_PER_REPO.toLocaleString(
        'en',
      )} for one repository's Actions data, devlake#3642)`,
    );

    // Polls with nothing new: the counted requests of each, and the median time.
    const polls: Array<{ counted: number; free: number; ms: number }> = [];
    for (let i = 0; i < POLLS; i += 1) {
      github.requestCount.reset();
      const poll = await ingester.run(targets);
      polls.push({
        counted: poll.countedRequests,
        free: poll.notModified,
        ms: poll.durationMs,
      });
    }
    const poll = {
      countedRequests: Math.max(...polls.map(p => p.counted)),
      notModified: percentile(
        polls.map(p => p.free),
        50,
      ),
      durationMs: percentile(
        polls.map(p => p.ms),
        50,
      ),
    };
    out(
      `\n${POLLS} polls of ${
        targets.length
      } repositories with nothing new: counted requests ${polls
        .map(p => p.counted)
        .join(', ')}; median ${poll.notModified} free 304s, median ${seconds(
        poll.durationMs,
      )}`,
    );

    // Webhook until the change is in the figures, through the real router.
    const app = express();
    app.use(
      '/api/dx-metrics',
      await createRouter({
        httpAuth: mockServices.httpAuth(),
        permissions: {
          authorize: async (requests: unknown[]) =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        } as any,
        metrics,
        adoption: new AdoptionService({
          store,
          catalog,
          config: dxConfig,
          discovery: mockServices.discovery(),
          auth: mockServices.auth(),
          logger,
          backfillStart: () => Date.now() - 90 * 86_400_000,
        }),
        webhooks: new WebhookReceiver({
          store,
          ingester,
          secret: SECRET,
          logger,
          targets: () => metrics.ingestTargets(),
          host: github.host,
        }),
      }),
    );
    server = app.listen(0, '127.0.0.1');
    await new Promise(resolve => server!.once('listening', resolve));
    const base = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/dx-metrics`;
    const octokit = new Octokit({
      auth: DEFAULT_SANDBOX_TOKEN,
      baseUrl: github.apiBaseUrl,
    });
    // A kept sandbox still has the hooks of earlier runs, pointing at ports nobody listens on.
    const { data: oldHooks } = await octokit.rest.orgs.listWebhooks({
      org: 'tidewater',
    });
    for (const hook of oldHooks) {
      await octokit.rest.orgs.deleteWebhook({
        org: 'tidewater',
        hook_id: hook.id,
      });
    }
    await octokit.rest.orgs.createWebhook({
      org: 'tidewater',
      name: 'web',
      events: ['push', 'pull_request', 'deployment_status', 'workflow_run'],
      config: {
        url: `${base}/webhooks/github`,
        content_type: 'json',
        secret: SECRET,
      },
    });
    const figures = async (ref: string, window = 30) => {
      const [kind, rest] = ref.split(':');
      const response = await fetch(
        `${base}/entity/${kind}/${rest}/figures?window=${window}`,
        {
          headers: { authorization: 'Bearer mock-user-token' },
        },
      );
      return (await response.json()) as DxTeamFigures;
    };
    const latencies: number[] = [];
    for (let i = 1; i <= 5; i += 1) {
      const name = `bench-svc-${String(i).padStart(3, '0')}`;
      const before = (await figures(`component:default/${name}`, 7)).figures
        .deploymentFrequency.sampleSize;
      const { data: deployment } = await octokit.rest.repos.createDeployment({
        owner: 'tidewater',
        repo: name,
        ref: 'main',
        environment: 'production',
        required_contexts: [],
        auto_merge: false,
      });
      const started = performance.now();
      await octokit.rest.repos.createDeploymentStatus({
        owner: 'tidewater',
        repo: name,
        deployment_id: (deployment as { id: number }).id,
        state: 'success',
      });
      for (;;) {
        const after = (await figures(`component:default/${name}`, 7)).figures
          .deploymentFrequency.sampleSize;
        if (after > before) break;
        if (performance.now() - started > 30_000)
          throw new Error(`webhook for ${name} not in the figures after 30 s`);
        await new Promise(resolve => setTimeout(resolve, 20));
      }
      latencies.push(performance.now() - started);
    }
    out(
      `\nwebhook (deployment_status) until the figures change: median ${Math.round(
        percentile(latencies, 50),
      )} ms, max ${Math.round(Math.max(...latencies))} ms over ${
        latencies.length
      }`,
    );

    // The team endpoint for a 50-service team, on PostgreSQL.
    const team = 'group:default/bench-team-01';
    const warm: number[] = [];
    const cold: number[] = [];
    let teamServices = 0;
    for (let i = 0; i < 10; i += 1) {
      await store.bumpDataVersion();
      await new Promise(resolve => setTimeout(resolve, 2));
      let started = performance.now();
      const answer = await figures(team);
      cold.push(performance.now() - started);
      teamServices = answer.services.length;
      for (let j = 0; j < 5; j += 1) {
        started = performance.now();
        await figures(team);
        warm.push(performance.now() - started);
      }
    }
    out(
      `team endpoint, ${teamServices} services, PostgreSQL: p95 ${Math.round(
        percentile(warm, 95),
      )} ms cached per window (median ${Math.round(
        percentile(warm, 50),
      )} ms), p95 ${Math.round(
        percentile(cold, 95),
      )} ms right after new events (median ${Math.round(
        percentile(cold, 50),
      )} ms)`,
    );

    // The demo's four keys for two teams.
    out('\ndemo teams, last 30 days:');
    for (const ref of [
      'group:default/team-checkout',
      'group:default/team-fulfilment',
    ]) {
      const answer = await figures(ref);
      const keys = DX_FIGURE_KEYS.filter(k => k !== 'reworkRate').map(key => {
        const f = answer.figures[key];
        return `${key} ${show(key, f.value)} (${f.band ?? 'no band'})`;
      });
      out(`  ${ref} (${answer.services.length} services): ${keys.join('; ')}`);
    }

    out('\n| figure | measured | goal |');
    out('| --- | --- | --- |');
    out(
      `| backfill | ${
        reused
          ? 'not measured (--reuse)'
          : `${backfillRest} REST + ${
              backfill.graphqlRequests
            } GraphQL points, ${seconds(backfill.durationMs)}`
      } | within one hour's 5,000 |`,
    );
    out(
      `| poll, nothing new | ${poll.countedRequests} counted (${poll.notModified} free 304s) | ≤ 20 |`,
    );
    out(
      `| webhook → figures | median ${Math.round(
        percentile(latencies, 50),
      )} ms | ≤ 5 s |`,
    );
    out(
      `| team endpoint p95 (${teamServices} services, PostgreSQL) | ${Math.round(
        percentile(warm, 95),
      )} ms cached, ${Math.round(
        percentile(cold, 95),
      )} ms uncached | ≤ 100 ms |`,
    );
    out(
      `| requests per repository | ${
        reused ? 'not measured (--reuse)' : perRepo.toFixed(1)
      } | DevLake ~30,000 |`,
    );
  } finally {
    server?.close();
    await knex.destroy();
    if (!REUSE) {
      await admin.raw(`DROP DATABASE IF EXISTS ${database}`);
    }
    await admin.destroy();
    await github.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
