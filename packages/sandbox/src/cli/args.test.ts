import path from 'node:path';
import {
  DEFAULT_GITHUB_PORT,
  DEFAULT_KUBERNETES_PORT,
  parseArgs,
  UsageError,
} from './args';

describe('parseArgs', () => {
  const cwd = '/work';

  it('starts with defaults when given nothing', () => {
    expect(parseArgs([], cwd)).toMatchObject({
      command: 'start',
      githubPort: DEFAULT_GITHUB_PORT,
      kubernetesPort: DEFAULT_KUBERNETES_PORT,
      host: '127.0.0.1',
      seed: 'callboard',
      months: 6,
      now: undefined,
      reset: false,
      dataDir: expect.stringMatching(/\.callboard\/sandbox$/),
    });
  });

  it.each([
    [
      ['start', '--github-port', '9000'],
      { command: 'start', githubPort: 9000 },
    ],
    [
      ['seed', '--kubernetes-port=9001'],
      { command: 'seed', kubernetesPort: 9001 },
    ],
    [['--data-dir', 'state'], { dataDir: path.join(cwd, 'state') }],
    [['--data-dir=/abs'], { dataDir: '/abs' }],
    [['--seed', 'demo', '--months', '3'], { seed: 'demo', months: 3 }],
    [['--reset', '--host', '0.0.0.0'], { reset: true, host: '0.0.0.0' }],
    [
      ['--now', '2025-01-31T10:00:00Z'],
      { now: new Date('2025-01-31T10:00:00Z') },
    ],
    [['--help'], { command: 'help' }],
    [['seed', '-h'], { command: 'help' }],
  ])('parses %j', (argv, expected) => {
    expect(parseArgs(argv, cwd)).toMatchObject(expected);
  });

  it.each([
    [['--verbose'], 'unknown flag --verbose'],
    [
      ['--github-port', 'abc'],
      "--github-port must be a port number between 0 and 65535, got 'abc'",
    ],
    [
      ['--kubernetes-port=70000'],
      "--kubernetes-port must be a port number between 0 and 65535, got '70000'",
    ],
    [
      ['--github-port', '-1'],
      "--github-port must be a port number between 0 and 65535, got '-1'",
    ],
    [['--data-dir'], '--data-dir needs a value'],
    [
      ['--months', '0'],
      "--months must be a whole number from 1 to 24, got '0'",
    ],
    [['--now', 'yesterday'], "--now must be an ISO 8601 time, got 'yesterday'"],
    [['deploy'], "unknown command 'deploy'"],
    [['start', 'seed'], "unexpected argument 'seed'"],
    [
      ['--github-port', '7000', '--kubernetes-port', '7000'],
      '--github-port and --kubernetes-port must differ, both are 7000',
    ],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv, cwd)).toThrow(new UsageError(message));
  });
});
