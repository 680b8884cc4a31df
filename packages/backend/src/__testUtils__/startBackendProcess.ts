import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

const BACKEND_DIR = path.resolve(__dirname, '../..');
const REPO_ROOT = path.resolve(BACKEND_DIR, '../..');

export type BackendProcessOptions = {
  /** Config files relative to the repository root, before the overrides. */
  configFiles?: string[];
  /** Config merged last; `backend.baseUrl` and `backend.listen` are set for you. */
  overrides?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  nodeEnv?: 'development' | 'production';
  port?: number;
  startTimeoutMs?: number;
  /** The script to run, relative to packages/backend; the portal's own entry by default. */
  entry?: string;
};

export type BackendProcess = {
  baseUrl: string;
  /** Everything the process printed so far, for assertions and failure messages. */
  output(): string;
  stop(): Promise<void>;
};

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts packages/backend/src/index.ts as its own process, the way `backstage-cli package start`
 * does but without the file watcher, and resolves once the backend reports ready.
 */
export async function startBackendProcess(
  options: BackendProcessOptions = {},
): Promise<BackendProcess> {
  const port = options.port ?? (await findFreePort());
  const baseUrl = `http://localhost:${port}`;
  const overrides = {
    ...options.overrides,
    backend: {
      ...(options.overrides?.backend as object | undefined),
      baseUrl,
      listen: { port, host: '127.0.0.1' },
    },
  };
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'callboard-backend-'));
  const overridesFile = path.join(tmpDir, 'app-config.test.yaml');
  fs.writeFileSync(overridesFile, stringify(overrides));

  const configArgs = [
    ...(options.configFiles ?? ['app-config.yaml']).map(file =>
      path.join(REPO_ROOT, file),
    ),
    overridesFile,
  ].flatMap(file => ['--config', file]);

  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      options.entry ?? 'src/index.ts',
      ...configArgs,
    ],
    {
      cwd: BACKEND_DIR,
      env: {
        ...process.env,
        NODE_ENV: options.nodeEnv ?? 'development',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );

  let output = '';
  child.stdout?.on('data', chunk => (output += chunk));
  child.stderr?.on('data', chunk => (output += chunk));

  const stop = async () => {
    await terminate(child);
    fs.rmSync(tmpDir, { recursive: true, force: true });
  };

  try {
    await waitForReadiness(
      baseUrl,
      child,
      options.startTimeoutMs ?? 90_000,
      () => output,
    );
  } catch (error) {
    await stop();
    throw error;
  }

  return { baseUrl, output: () => output, stop };
}

async function waitForReadiness(
  baseUrl: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `Backend exited with code ${
          child.exitCode
        } before it was ready:\n${output()}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(
    `Backend was not ready within ${timeoutMs} ms:\n${output().slice(-4000)}`,
  );
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
