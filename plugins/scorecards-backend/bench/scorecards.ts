/* eslint-disable no-console */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import knexFactory from 'knex';
import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { FactCollector } from '@callboard/plugin-scorecards-node';
import { ScorecardsStore } from '../src/database/ScorecardsStore';
import { compileDefinitions } from '../src/definitions/loadDefinitions';
import { factCatalogOf } from '../src/definitions/celEnvironment';
import { ScorecardsEngine } from '../src/services/evaluation/ScorecardsEngine';
import { ScorecardsReader } from '../src/services/rollups/ScorecardsReader';

// yarn bench:scorecards — 10,000 components and 20 checks on PostgreSQL (POSTGRES_* env,
// default postgres@127.0.0.1:5432). Prints medians and p95s; asserts nothing.

const COMPONENTS = Number(process.env.BENCH_COMPONENTS ?? 10_000);
const TEAMS = 100;
const DEPARTMENTS = 10;
const SYSTEMS = 200;
const DOMAINS = 20;
const TECH_INSIGHTS_MS_PER_ENTITY = 25;

const connection = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
  password: process.env.POSTGRES_PASSWORD,
};

function entities(): Entity[] {
  const all: Entity[] = [];
  for (let d = 0; d < DEPARTMENTS; d++) {
    all.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `dept-${d}`, namespace: 'default' },
      spec: { type: 'department', children: [] },
    });
  }
  for (let t = 0; t < TEAMS; t++) {
    all.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `team-${t}`, namespace: 'default' },
      spec: { type: 'team', parent: `dept-${t % DEPARTMENTS}`, children: [] },
    });
  }
  for (let s = 0; s < SYSTEMS; s++) {
    all.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: `system-${s}`, namespace: 'default' },
      spec: { owner: `team-${s % TEAMS}`, domain: `domain-${s % DOMAINS}` },
    });
  }
  for (let i = 0; i < COMPONENTS; i++) {
    all.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `service-${i}`,
        namespace: 'default',
        tags: i % 3 ? ['java'] : ['node'],
      },
      spec: {
        type: 'service',
        lifecycle: i % 5 ? 'production' : 'experimental',
        owner: `team-${i % TEAMS}`,
        system: `system-${i % SYSTEMS}`,
      },
      relations: [
        { type: 'ownedBy', targetRef: `group:default/team-${i % TEAMS}` },
      ],
    });
  }
  return all;
}

const FACTS = 20;
/** Deterministic facts: booleans pass for most entities, so levels spread out. */
const collector: FactCollector = {
  id: 'bench',
  title: 'Benchmark',
  ttl: { days: 1 },
  batchSize: 1000,
  facts: Object.fromEntries(
    Array.from({ length: FACTS }, (_, f) => [
      `fact${f}`,
      {
        type: f < 15 ? ('bool' as const) : ('int' as const),
        description: `fact ${f}`,
      },
    ]),
  ),
  async collect(batch) {
    return batch.map(entity => {
      const i = Number(entity.metadata.name.split('-')[1]);
      return {
        entityRef: `component:default/${entity.metadata.name}`,
        facts: Object.fromEntries(
          Array.from({ length: FACTS }, (_, f) => [
            `fact${f}`,
            f < 15 ? (i + f) % (f + 7) !== 0 : (i * (f + 1)) % 10,
          ]),
        ),
      };
    });
  },
};

function definitions() {
  const checks = Array.from({ length: 20 }, (_, c) => ({
    id: `check-${c}`,
    title: `Check ${c}`,
    description: 'Benchmark check',
    howToFix: 'Fix it.',
    filter: {
      kind: ['Component'],
      ...(c % 4 === 3 ? { lifecycle: ['production'] } : {}),
    },
    facts: [`bench.fact${c}`],
    expression: c < 15 ? `bench.fact${c}` : `bench.fact${c} * 10`,
    ...(c < 15 ? {} : { thresholds: { min: 20 } }),
  }));
  const scorecards = [
    {
      id: 'readiness',
      title: 'Readiness',
      description: 'Benchmark scorecard',
      filter: { kind: ['Component'] },
      levels: [
        { name: 'Bronze', checks: checks.slice(0, 7).map(c => c.id) },
        { name: 'Silver', checks: checks.slice(7, 14).map(c => c.id) },
        {
          name: 'Gold',
          checks: checks.slice(14).map(c => ({ check: c.id, weight: 2 })),
        },
      ],
    },
  ];
  return compileDefinitions(
    [{ url: 'bench.yaml', content: JSON.stringify({ checks, scorecards }) }],
    factCatalogOf([collector]),
  );
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

async function sample(runs: number, fn: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await time(fn))[0]);
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)],
    p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)],
  };
}

const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silentLogger,
};

const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main() {
  const database = `callboard_bench_scorecards_${randomBytes(4).toString(
    'hex',
  )}`;
  const admin = knexFactory({
    client: 'pg',
    connection: { ...connection, database: 'postgres' },
  });
  await admin.raw(`create database "${database}"`);
  const knex = knexFactory({
    client: 'pg',
    connection: { ...connection, database },
    pool: { min: 1, max: 10 },
  });
  try {
    const store = await ScorecardsStore.create(knex);
    const catalog = catalogServiceMock({ entities: entities() });
    const engine = new ScorecardsEngine({
      store,
      catalog,
      auth: mockServices.auth(),
      logger: silentLogger,
      // Definitions are set directly; nothing is read.
      reader: {} as UrlReaderService,
      collectors: [collector],
      definitionLocations: [],
      retention: { days: 400 },
    });
    engine.useDefinitions(definitions());
    const reader = new ScorecardsReader({ store, catalog, engine });
    const credentials = mockCredentials.user('user:default/bench');

    // Other processes share the machine (and the database server's CPU):
    // the load says how far the wall-clock figures are from an idle one.
    const load = () =>
      loadavg()
        .map(l => l.toFixed(1))
        .join(' ');
    console.log(
      `scorecards benchmark: ${COMPONENTS} components, 20 checks, 1 scorecard, PostgreSQL; load average ${load()}`,
    );
    const [collectMs, collected] = await time(() =>
      engine.collect(collector, { trigger: 'schedule' }),
    );
    console.log(
      `  collection (not part of the goals): ${ms(collectMs)}, ${
        collected.factsWritten
      } facts written`,
    );

    global.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 5);
    const cpuBefore = process.cpuUsage();
    const [firstMs, first] = await time(() => engine.evaluate());
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    console.log(
      `  first full evaluation:            ${ms(firstMs)} (goal ≤ 10 s); ${
        first.checksEvaluated
      } checks, ${first.resultsWritten} results written`,
    );
    console.log(
      `  of which the backend's own CPU:    ${ms(
        (cpu.user + cpu.system) / 1000,
      )} (the rest waits for PostgreSQL or for a core)`,
    );
    console.log(
      `  added peak memory during the pass: rss +${mb(
        peakRss - baseline.rss,
      )}, heap +${mb(peakHeap - baseline.heapUsed)}`,
    );

    const repass = await sample(3, async () => {
      const summary = await engine.evaluate();
      if (summary.resultsWritten !== 0)
        throw new Error(`a re-pass wrote ${summary.resultsWritten} results`);
    });
    console.log(
      `  re-pass, nothing changed:         median ${ms(
        repass.median,
      )} (goal ≤ 2 s), 0 rows written`,
    );

    const one = await sample(20, () =>
      engine.evaluate({
        entityRefs: [
          `component:default/service-${Math.floor(Math.random() * COMPONENTS)}`,
        ],
      }),
    );
    console.log(
      `  one entity re-evaluated:          median ${ms(one.median)}, p95 ${ms(
        one.p95,
      )} (goal ≤ 200 ms)`,
    );

    // A caller's first rollup asks the catalog for their view (kept a minute)
    // and loads the pass's standings; every later one reuses both.
    const [teamFirstMs] = await time(() =>
      new ScorecardsReader({ store, catalog, engine }).team(
        'group:default/team-0',
        90,
        credentials,
      ),
    );
    console.log(
      `  team rollup, a caller's first:     ${ms(
        teamFirstMs,
      )} (the caller's catalog view and the standings loaded)`,
    );
    const team = await sample(50, () =>
      reader.team(
        `group:default/team-${Math.floor(Math.random() * TEAMS)}`,
        90,
        credentials,
      ),
    );
    console.log(
      `  team rollup (90 days):            median ${ms(team.median)}, p95 ${ms(
        team.p95,
      )} (goal ≤ 100 ms)`,
    );

    const [orgFirstMs] = await time(() =>
      new ScorecardsReader({ store, catalog, engine }).overview(
        { groupBy: 'department' },
        credentials,
      ),
    );
    console.log(
      `  org overview, a caller's first:    ${ms(
        orgFirstMs,
      )} (the caller's catalog view and the standings loaded)`,
    );
    const org = await sample(20, () =>
      reader.overview({ groupBy: 'department' }, credentials),
    );
    console.log(
      `  org overview (by department):     median ${ms(org.median)}, p95 ${ms(
        org.p95,
      )} (goal ≤ 100 ms)`,
    );

    const perEntity = firstMs / COMPONENTS;
    console.log(
      `  per entity, first pass:           ${perEntity.toFixed(
        3,
      )} ms; Tech Insights' ${TECH_INSIGHTS_MS_PER_ENTITY} ms/entity is ${(
        TECH_INSIGHTS_MS_PER_ENTITY / perEntity
      ).toFixed(0)}× that`,
    );
    console.log(`  load average at the end:           ${load()}`);
  } finally {
    await knex.destroy();
    await admin.raw(`drop database if exists "${database}" with (force)`);
    await admin.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
