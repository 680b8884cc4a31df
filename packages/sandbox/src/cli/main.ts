import type { CliOptions } from './args';
import { parseArgs, UsageError, USAGE } from './args';
import { PortInUseError, startSandbox } from './startSandbox';
import type { RunningSandbox } from './startSandbox';
import { readyLine, summaryLines } from './summary';

export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Calls `handler` once on SIGINT or SIGTERM. */
  onShutdown(handler: () => void): void;
}

export const processIo: CliIo = {
  stdout: line => process.stdout.write(`${line}\n`),
  stderr: line => process.stderr.write(`${line}\n`),
  onShutdown: handler => {
    let called = false;
    const once = () => {
      if (!called) {
        called = true;
        handler();
      }
    };
    process.once('SIGINT', once);
    process.once('SIGTERM', once);
  },
};

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

async function start(options: CliOptions, io: CliIo): Promise<number> {
  let shutdownRequested = false;
  let wake: () => void = () => {};
  io.onShutdown(() => {
    shutdownRequested = true;
    wake();
  });
  const sandbox: RunningSandbox = await startSandbox(options);
  io.stdout(readyLine(sandbox));
  for (const line of summaryLines(sandbox)) {
    io.stdout(line);
  }
  io.stdout('Press Ctrl+C to stop.');
  if (!shutdownRequested) {
    await new Promise<void>(resolve => {
      wake = resolve;
    });
  }
  await sandbox.close();
  io.stdout('sandbox stopped');
  return EXIT_OK;
}

async function seed(options: CliOptions, io: CliIo): Promise<number> {
  // Ephemeral ports: seeding needs the servers' stores, not their ports.
  const sandbox = await startSandbox({
    ...options,
    githubPort: 0,
    kubernetesPort: 0,
    productionKubernetesPort: 0,
  });
  const seeded = Boolean(sandbox.seededGitHub || sandbox.seededCluster);
  for (const line of summaryLines(sandbox)) {
    io.stdout(line);
  }
  io.stdout(seeded ? 'seeded' : `already seeded: ${sandbox.layout.root}`);
  await sandbox.close();
  return EXIT_OK;
}

/** Runs the CLI; resolves with the exit code once the sandbox has stopped. */
export async function runCli(
  argv: readonly string[],
  io: CliIo = processIo,
): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`callboard-sandbox: ${error.message}`);
      io.stderr("Run 'callboard-sandbox --help' for usage.");
      return EXIT_USAGE;
    }
    throw error;
  }
  if (options.command === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  try {
    return options.command === 'seed'
      ? await seed(options, io)
      : await start(options, io);
  } catch (error) {
    if (error instanceof PortInUseError) {
      io.stderr(`callboard-sandbox: ${error.message}`);
      return EXIT_FAILURE;
    }
    io.stderr(
      `callboard-sandbox: ${
        error instanceof Error ? error.stack : String(error)
      }`,
    );
    return EXIT_FAILURE;
  }
}
