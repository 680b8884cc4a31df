import path from 'node:path';
import { DEFAULT_SEED } from '../seed/seedDemoOrganization';
import { findRepositoryRoot } from '../seed/paths';

export type CliCommand = 'start' | 'seed' | 'help';

export interface CliOptions {
  command: CliCommand;
  dataDir: string;
  githubPort: number;
  /** The `staging` cluster. */
  kubernetesPort: number;
  /** The `production` cluster. */
  productionKubernetesPort: number;
  host: string;
  seed: string;
  months: number;
  /** End of the seeded history; the current time when omitted. */
  now: Date | undefined;
  reset: boolean;
}

/** Bad command-line input; the CLI prints the message and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const DEFAULT_GITHUB_PORT = 7010;
export const DEFAULT_KUBERNETES_PORT = 7011;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MONTHS = 6;

export function defaultDataDir(): string {
  return path.join(findRepositoryRoot(), '.callboard', 'sandbox');
}

export const USAGE = `Usage: callboard-sandbox [start|seed] [options]

Local GitHub and Kubernetes/Crossplane sandboxes with the Tidewater demo
organization, for developing Callboard offline.

Commands:
  start    Start both sandboxes; seed the data dir on first use (default)
  seed     Seed the data dir if it is not seeded yet, then exit

Options:
  --data-dir <path>          Persistent state (default: <repo>/.callboard/sandbox)
  --github-port <port>       GitHub sandbox port (default: ${DEFAULT_GITHUB_PORT})
  --kubernetes-port <port>   The staging cluster's port, HTTPS (default: ${DEFAULT_KUBERNETES_PORT})
  --production-kubernetes-port <port>
                             The production cluster's port, HTTPS (default: the
                             staging port + 1, or 0 when that is 0)
  --host <address>           Interface both servers bind (default: ${DEFAULT_HOST})
  --seed <text>              Seed of the generated history (default: ${DEFAULT_SEED})
  --months <n>               Months of history to generate, 1-24 (default: ${DEFAULT_MONTHS})
  --now <iso-time>           End of the generated history (default: now)
  --reset                    Delete the data dir before starting
  -h, --help                 Show this help
`;

type ValueFlag =
  | '--data-dir'
  | '--github-port'
  | '--kubernetes-port'
  | '--production-kubernetes-port'
  | '--host'
  | '--seed'
  | '--months'
  | '--now';

const VALUE_FLAGS: readonly ValueFlag[] = [
  '--data-dir',
  '--github-port',
  '--kubernetes-port',
  '--production-kubernetes-port',
  '--host',
  '--seed',
  '--months',
  '--now',
];

function parsePort(flag: string, value: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port > 65535) {
    throw new UsageError(
      `${flag} must be a port number between 0 and 65535, got '${value}'`,
    );
  }
  return port;
}

function parseMonths(value: string): number {
  const months = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(months) || months < 1 || months > 24) {
    throw new UsageError(
      `--months must be a whole number from 1 to 24, got '${value}'`,
    );
  }
  return months;
}

function parseNow(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(`--now must be an ISO 8601 time, got '${value}'`);
  }
  return date;
}

/** Parses `argv` (without `node` and the script); throws {@link UsageError} on bad input. */
export function parseArgs(
  argv: readonly string[],
  cwd: string = process.cwd(),
): CliOptions {
  const values = new Map<ValueFlag, string>();
  let command: CliCommand | undefined;
  let reset = false;
  let help = false;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '-h' || argument === '--help') {
      help = true;
      continue;
    }
    if (argument === '--reset') {
      reset = true;
      continue;
    }
    if (argument.startsWith('-')) {
      const [flag, inline] = argument.includes('=')
        ? [
            argument.slice(0, argument.indexOf('=')),
            argument.slice(argument.indexOf('=') + 1),
          ]
        : [argument, undefined];
      if (!VALUE_FLAGS.includes(flag as ValueFlag)) {
        throw new UsageError(`unknown flag ${flag}`);
      }
      const value = inline ?? argv[++index];
      if (
        value === undefined ||
        (inline === undefined && value.startsWith('--'))
      ) {
        throw new UsageError(`${flag} needs a value`);
      }
      values.set(flag as ValueFlag, value);
      continue;
    }
    if (command !== undefined) {
      throw new UsageError(`unexpected argument '${argument}'`);
    }
    if (argument !== 'start' && argument !== 'seed') {
      throw new UsageError(`unknown command '${argument}'`);
    }
    command = argument;
  }
  const dataDir = values.get('--data-dir');
  const githubPort = values.get('--github-port');
  const kubernetesPort = values.get('--kubernetes-port');
  const productionPort = values.get('--production-kubernetes-port');
  const months = values.get('--months');
  const now = values.get('--now');
  const stagingPort = kubernetesPort
    ? parsePort('--kubernetes-port', kubernetesPort)
    : DEFAULT_KUBERNETES_PORT;
  const options: CliOptions = {
    command: help ? 'help' : command ?? 'start',
    dataDir: dataDir ? path.resolve(cwd, dataDir) : defaultDataDir(),
    githubPort: githubPort
      ? parsePort('--github-port', githubPort)
      : DEFAULT_GITHUB_PORT,
    kubernetesPort: stagingPort,
    productionKubernetesPort: productionPort
      ? parsePort('--production-kubernetes-port', productionPort)
      : stagingPort && stagingPort + 1,
    host: values.get('--host') ?? DEFAULT_HOST,
    seed: values.get('--seed') ?? DEFAULT_SEED,
    months: months ? parseMonths(months) : DEFAULT_MONTHS,
    now: now ? parseNow(now) : undefined,
    reset,
  };
  if (
    options.githubPort !== 0 &&
    options.githubPort === options.kubernetesPort
  ) {
    throw new UsageError(
      `--github-port and --kubernetes-port must differ, both are ${options.githubPort}`,
    );
  }
  const taken = [options.githubPort, options.kubernetesPort];
  if (
    options.productionKubernetesPort !== 0 &&
    taken.includes(options.productionKubernetesPort)
  ) {
    throw new UsageError(
      `--production-kubernetes-port must differ from the other ports, got ${options.productionKubernetesPort}`,
    );
  }
  if (options.host.trim() === '') {
    throw new UsageError('--host must not be empty');
  }
  return options;
}
