// Time from submit to a completed golden-path task against the sandbox GitHub, and the
// GitHub API requests each task makes. One sandbox and backend, several tasks, medians.
// Usage: yarn bench:scaffold [runs=5]
import {
  startScaffolderHarness,
  stopScaffolderHarness,
} from '../src/__testUtils__/scaffolderHarness';

const runs = Number(process.argv[2] ?? 5);

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

async function main() {
  const harness = await startScaffolderHarness();
  const durations: number[] = [];
  const requests: number[] = [];
  try {
    for (let i = 1; i <= runs; i++) {
      const name = `bench-service-${Date.now().toString(36)}`;
      harness.github.sandbox.requestCount.reset();
      const started = performance.now();
      const run = await harness.scaffolder.follow(
        await harness.scaffolder.submit({
          name,
          description: 'A service created by the scaffolding benchmark',
          owner: 'group:default/team-fulfilment',
          system: 'system:default/fulfilment',
          lifecycle: 'experimental',
          exposesApi: true,
          needsDatabase: true,
          databaseEnvironment: 'production',
          databaseStorageGB: 20,
        }),
      );
      const elapsed = performance.now() - started;
      if (run.status !== 'completed') {
        throw new Error(`Task for ${name} ended ${run.status}: ${run.failure}`);
      }
      const count = harness.github.sandbox.requestCount.total;
      durations.push(elapsed);
      requests.push(count);
      process.stdout.write(
        `run ${i}: ${Math.round(
          elapsed,
        )} ms from submit to completed, ${count} GitHub API requests\n`,
      );
    }
  } finally {
    await stopScaffolderHarness(harness);
  }
  process.stdout.write(
    `median of ${runs}: ${Math.round(median(durations))} ms, ${median(
      requests,
    )} GitHub API requests\n`,
  );
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
