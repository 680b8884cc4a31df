import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import YAML from 'yaml';
import {
  KubernetesSandbox,
  startKubernetesServer,
} from '../startKubernetesServer';
import {
  postgresClaim,
  postgresComposition,
  postgresXrd,
} from '../testing/postgresFixtures';
import { KubeObject } from '../types';

jest.setTimeout(30_000);

interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

const installHint =
  "Install Debian's kubectl with `apt-get install -y kubernetes-client` (the Callboard set-up script installs it).";

/** Runs kubectl asynchronously: a synchronous child would block the in-process server it talks to. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'kubectl',
      args,
      { env, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(
            new Error(
              `kubectl could not be run (${error.message}). ${installHint}`,
            ),
          );
          return;
        }
        resolve({
          code: typeof error?.code === 'number' ? error.code : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

describe('kubectl against the sandbox', () => {
  let sandbox: KubernetesSandbox;
  let workDir: string;
  let env: NodeJS.ProcessEnv;
  let kubectlVersion: string;
  const children: ChildProcess[] = [];

  const kubectl = (...args: string[]) =>
    run(['--cache-dir', path.join(workDir, 'cache'), ...args], env);

  const writeManifest = (name: string, ...objects: KubeObject[]) => {
    const file = path.join(workDir, name);
    fs.writeFileSync(
      file,
      objects.map(object => YAML.stringify(object)).join('---\n'),
    );
    return file;
  };

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'callboard-kubectl-'));
    env = {
      PATH: process.env.PATH,
      HOME: workDir,
      KUBECONFIG: path.join(workDir, 'kubeconfig'),
    };
    const version = await run(['version', '--client', '-o', 'json'], env);
    if (version.code !== 0)
      throw new Error(
        `kubectl version failed: ${version.stderr}. ${installHint}`,
      );
    kubectlVersion = JSON.parse(version.stdout).clientVersion.gitVersion;

    sandbox = await startKubernetesServer({ tls: true, reconcileDelayMs: 40 });
    fs.writeFileSync(
      env.KUBECONFIG!,
      sandbox.kubeconfig({ namespace: 'team-a' }),
    );
    sandbox.store.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a' },
    });
  });

  afterAll(async () => {
    children.forEach(child => child.kill());
    await sandbox?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('runs a kubectl client from Debian', () => {
    expect(kubectlVersion).toMatch(/^v1\.\d+\.\d+/);
  });

  it('applies an XRD, a Composition and then a claim with --server-side', async () => {
    const platform = await kubectl(
      'apply',
      '--server-side',
      '-f',
      writeManifest('platform.yaml', postgresXrd, postgresComposition),
    );
    expect(platform.stderr).toBe('');
    expect(platform.stdout).toBe(
      [
        'compositeresourcedefinition.apiextensions.crossplane.io/xpostgresqlinstances.platform.callboard.dev serverside-applied',
        'composition.apiextensions.crossplane.io/xpostgresqlinstances.aws.platform.callboard.dev serverside-applied',
        '',
      ].join('\n'),
    );
    const established = await kubectl(
      'wait',
      '--for=condition=Offered',
      '--timeout=10s',
      'xrd/xpostgresqlinstances.platform.callboard.dev',
    );
    expect(established.stdout).toContain('condition met');

    const claim = await kubectl(
      'apply',
      '--server-side',
      '-f',
      writeManifest('claim.yaml', postgresClaim('orders-db', 'team-a')),
    );
    expect(claim).toEqual({
      code: 0,
      stdout:
        'postgresqlinstance.platform.callboard.dev/orders-db serverside-applied\n',
      stderr: '',
    });
  });

  it('gets the claim as YAML once the stand-in reconciled it', async () => {
    await sandbox.crossplane.whenIdle();
    const result = await kubectl(
      'get',
      'postgresqlinstance',
      'orders-db',
      '-o',
      'yaml',
    );
    expect(result.code).toBe(0);
    const claim = YAML.parse(result.stdout);
    expect(claim).toMatchObject({
      apiVersion: 'platform.callboard.dev/v1alpha1',
      kind: 'PostgreSQLInstance',
      metadata: { name: 'orders-db', namespace: 'team-a' },
      spec: {
        parameters: { storageGB: 20, version: '16' },
        writeConnectionSecretToRef: { name: 'orders-db-connection' },
      },
    });
    expect(
      claim.status.conditions.map(
        (condition: { type: string; status: string }) =>
          `${condition.type}=${condition.status}`,
      ),
    ).toEqual(['Synced=True', 'Ready=True']);
    const table = await kubectl('get', 'claim');
    expect(table.stdout.split('\n')[0].split(/\s+/)).toEqual([
      'NAME',
      'SYNCED',
      'READY',
      'CONNECTION-SECRET',
      'AGE',
    ]);
    expect(table.stdout.split('\n')[1]).toMatch(
      /^orders-db\s+True\s+True\s+orders-db-connection\s+\d+s$/,
    );
  });

  it('streams changes with get -w', async () => {
    const child = spawn(
      'kubectl',
      [
        '--cache-dir',
        path.join(workDir, 'cache'),
        'get',
        'postgresqlinstances',
        '-w',
      ],
      { env },
    );
    children.push(child);
    const received: string[] = [];
    const waiting: Array<(line: string) => void> = [];
    readline.createInterface({ input: child.stdout! }).on('line', line => {
      received.push(line);
      waiting.shift()?.(line);
    });
    let consumed = 0;
    const nextLine = () =>
      new Promise<string>((resolve, reject) => {
        const index = consumed++;
        if (index < received.length) {
          resolve(received[index]);
          return;
        }
        waiting.push(resolve);
        child.once('error', error =>
          reject(
            new Error(
              `kubectl could not be run (${error.message}). ${installHint}`,
            ),
          ),
        );
        child.once('exit', code =>
          reject(
            new Error(
              `kubectl get -w exited with ${code}; saw ${received.join(' | ')}`,
            ),
          ),
        );
      });

    expect(await nextLine()).toMatch(
      /^NAME\s+SYNCED\s+READY\s+CONNECTION-SECRET\s+AGE$/,
    );
    expect(await nextLine()).toMatch(/^orders-db\s+True\s+True/);
    const modified = nextLine();
    sandbox.store.apply(
      {
        apiVersion: 'platform.callboard.dev/v1alpha1',
        kind: 'PostgreSQLInstance',
        metadata: {
          name: 'orders-db',
          namespace: 'team-a',
          labels: { watched: 'yes' },
        },
      },
      { fieldManager: 'labeller' },
    );
    expect(await modified).toMatch(/^orders-db\s+True\s+True/);
    child.kill();
  });

  it('reports a server-side apply conflict and resolves it with --force-conflicts', async () => {
    const bigger = writeManifest(
      'bigger.yaml',
      postgresClaim('orders-db', 'team-a', { storageGB: 40 }),
    );
    const conflict = await kubectl(
      'apply',
      '--server-side',
      '--field-manager',
      'other-manager',
      '-f',
      bigger,
    );
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl": .spec.parameters.storageGB',
    );
    const forced = await kubectl(
      'apply',
      '--server-side',
      '--field-manager',
      'other-manager',
      '--force-conflicts',
      '-f',
      bigger,
    );
    expect(forced.code).toBe(0);
    expect(
      sandbox.store.get(
        'platform.callboard.dev/v1alpha1',
        'PostgreSQLInstance',
        'orders-db',
        'team-a',
      )?.spec,
    ).toMatchObject({
      parameters: { storageGB: 40 },
    });
  });

  it('shows the schema violations of an invalid claim', async () => {
    const result = await kubectl(
      'apply',
      '--server-side',
      '-f',
      writeManifest(
        'invalid.yaml',
        postgresClaim('huge-db', 'team-a', { storageGB: 5000 }),
      ),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'The PostgreSQLInstance "huge-db" is invalid',
    );
    expect(result.stderr).toContain(
      'spec.parameters.storageGB: Invalid value: 5000: spec.parameters.storageGB in body should be less than or equal to 1000',
    );
  });

  it('deletes the claim and everything composed for it', async () => {
    const result = await kubectl('delete', 'postgresqlinstance', 'orders-db');
    expect(result).toMatchObject({
      code: 0,
      stdout: 'postgresqlinstance.platform.callboard.dev "orders-db" deleted\n',
    });
    const missing = await kubectl('get', 'postgresqlinstance', 'orders-db');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'Error from server (NotFound): postgresqlinstances.platform.callboard.dev "orders-db" not found',
    );
    const leftovers = await kubectl(
      'get',
      'composite,managed,secrets',
      '-A',
      '-o',
      'name',
    );
    expect(leftovers.stdout).toBe('');
  });
});
