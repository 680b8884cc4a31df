import { ChildProcess, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import { Octokit } from 'octokit';
import { CliIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runCli } from './main';

jest.setTimeout(600_000);

const CLI = path.resolve(__dirname, '..', 'cli.ts');

function recordingIo(): CliIo & { out: string[]; err: string[] } {
  const io = {
    out: [] as string[],
    err: [] as string[],
    stdout: (line: string) => io.out.push(line),
    stderr: (line: string) => io.err.push(line),
    onShutdown: () => {},
  };
  return io;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

async function occupiedPort(): Promise<{
  port: number;
  release(): Promise<void>;
}> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    release: () => new Promise(resolve => server.close(() => resolve())),
  };
}

interface RunningCli {
  child: ChildProcess;
  output: () => string;
  ready: Promise<{ ms: number; line: string }>;
  exited: Promise<number | null>;
}

const started: RunningCli[] = [];

afterAll(() =>
  Promise.all(
    started
      .filter(
        cli => cli.child.exitCode === null && cli.child.signalCode === null,
      )
      .map(cli => {
        cli.child.kill('SIGKILL');
        return cli.exited;
      }),
  ),
);

function startCli(args: string[]): RunningCli {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      CLI,
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const ready = new Promise<{ ms: number; line: string }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^sandbox ready in (\d+) ms .*$/m.exec(output);
      // The summary follows the ready line; it ends with the stop hint.
      if (match && output.includes('Press Ctrl+C to stop.')) {
        resolve({ ms: Number(match[1]), line: match[0] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', code =>
      reject(new Error(`CLI exited with ${code}:\n${output}`)),
    );
  });
  const exited = new Promise<number | null>(resolve =>
    child.on('exit', resolve),
  );
  const cli = { child, output: () => output, ready, exited };
  started.push(cli);
  return cli;
}

async function stop(cli: RunningCli): Promise<number | null> {
  cli.child.kill('SIGTERM');
  return cli.exited;
}

describe('callboard-sandbox CLI', () => {
  describe('bad input', () => {
    it.each([
      [['--bogus'], 'unknown flag --bogus'],
      [
        ['start', '--github-port', 'seventy'],
        "--github-port must be a port number between 0 and 65535, got 'seventy'",
      ],
      [['--kubernetes-port', '99999'], '--kubernetes-port'],
    ])('exits with 2 and names the flag for %j', async (argv, message) => {
      const io = recordingIo();
      expect(await runCli(argv, io)).toBe(EXIT_USAGE);
      expect(io.err[0]).toContain(message);
      expect(io.err.join('\n')).toContain('--help');
    });

    it('prints usage for --help', async () => {
      const io = recordingIo();
      expect(await runCli(['--help'], io)).toBe(EXIT_OK);
      expect(io.out.join('\n')).toMatch(
        /Usage: callboard-sandbox \[start\|seed\]/,
      );
      expect(io.out.join('\n')).toContain('--kubernetes-port <port>');
    });

    it.each([
      ['--github-port', 'github'],
      ['--kubernetes-port', 'kubernetes'],
    ])('fails with 1 and names the port when %s is taken', async flag => {
      const busy = await occupiedPort();
      const dataDir = await fs.mkdtemp(
        path.join(os.tmpdir(), 'sandbox-cli-busy-'),
      );
      const other =
        flag === '--github-port' ? '--kubernetes-port' : '--github-port';
      try {
        const io = recordingIo();
        const code = await runCli(
          [
            'start',
            '--data-dir',
            dataDir,
            flag,
            String(busy.port),
            other,
            String(await freePort()),
            '--production-kubernetes-port',
            '0',
          ],
          io,
        );
        expect(code).toBe(EXIT_FAILURE);
        expect(io.err.join('\n')).toContain(
          `port ${busy.port} on 127.0.0.1 is already in use`,
        );
        expect(io.err.join('\n')).toContain(flag);
      } finally {
        await busy.release();
        await fs.rm(dataDir, { recursive: true, force: true });
      }
    });
  });

  describe('start and restart', () => {
    let dataDir: string;

    beforeAll(async () => {
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sandbox-cli-'));
    });

    afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

    async function check(githubPort: number) {
      const octokit = new Octokit({
        auth: 'sandbox-token',
        baseUrl: `http://localhost:${githubPort}/api/v3`,
      });
      const { data: branch } = await octokit.rest.repos.getBranch({
        owner: 'tidewater',
        repo: 'orders-service',
        branch: 'main',
      });
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromFile(path.join(dataDir, 'kubeconfig.yaml'));
      const namespaces = await kubeConfig
        .makeApiClient(CoreV1Api)
        .listNamespace();
      expect(
        namespaces.items.map(namespace => namespace.metadata?.name),
      ).toContain('storefront');
      const databasesIn = async (file: string) => {
        const config = new KubeConfig();
        config.loadFromFile(path.join(dataDir, file));
        const objects = KubernetesObjectApi.makeApiClient(config);
        const list = async (kind: string) =>
          (
            await objects.list('platform.callboard.dev/v1alpha1', kind)
          ).items.map(item => item.metadata?.name);
        return [
          ...(await list('PostgreSQLInstance')),
          ...(await list('MySQLInstance')),
        ];
      };
      expect(await databasesIn('kubeconfig.yaml')).toEqual([]);
      expect(await databasesIn('kubeconfig-production.yaml')).toEqual(
        expect.arrayContaining(['orders-db', 'tracking-db']),
      );
      return branch.commit.sha;
    }

    it('seeds on first start, serves both APIs, and restarts without seeding again, faster', async () => {
      const ports = async () => [
        '--data-dir',
        dataDir,
        '--github-port',
        String(await freePort()),
        '--kubernetes-port',
        String(await freePort()),
        '--production-kubernetes-port',
        String(await freePort()),
      ];
      const firstArgs = await ports();
      const first = startCli([
        'start',
        ...firstArgs,
        '--now',
        '2025-06-02T12:00:00Z',
      ]);
      const cold = await first.ready;
      expect(first.output()).toMatch(
        /seeded github: tidewater with \d+ repositories/,
      );
      const firstSha = await check(Number(firstArgs[3]));
      const token = (
        await fs.readFile(path.join(dataDir, 'kubernetes', 'token'), 'utf8')
      ).trim();
      expect(
        (await fs.stat(path.join(dataDir, 'kubernetes', 'token'))).mode & 0o777,
      ).toBe(0o600);
      expect(await stop(first)).toBe(0);
      expect(first.output()).toContain('sandbox stopped');

      const secondArgs = await ports();
      const second = startCli(['start', ...secondArgs]);
      const warm = await second.ready;
      expect(second.output()).not.toContain('seeded github');
      expect(second.output()).toContain('github data:');
      expect(await check(Number(secondArgs[3]))).toBe(firstSha);
      expect(
        (
          await fs.readFile(path.join(dataDir, 'kubernetes', 'token'), 'utf8')
        ).trim(),
      ).toBe(token);
      const ca = await fs.readFile(path.join(dataDir, 'kubernetes', 'ca.pem'));
      const version = await new Promise<number>((resolve, reject) =>
        https
          .get(
            `https://127.0.0.1:${secondArgs[5]}/version`,
            { ca },
            response => {
              response.resume();
              resolve(response.statusCode ?? 0);
            },
          )
          .on('error', reject),
      );
      expect(version).toBe(200);
      expect(await stop(second)).toBe(0);

      expect(warm.ms).toBeLessThan(cold.ms);
      process.stdout.write(
        `CLI start: cold ${cold.ms} ms, warm ${warm.ms} ms\n`,
      );
    });
  });
});
