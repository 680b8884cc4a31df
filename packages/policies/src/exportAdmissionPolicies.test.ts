import { KubernetesSandbox, startKubernetesServer } from '@callboard/sandbox';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runExportCli } from './cli';
import {
  exportAdmissionPolicies,
  stringifyManifests,
} from './exportAdmissionPolicies';
import { loadPolicySet } from './loadPolicies';
import { PolicySet } from './PolicySet';

jest.setTimeout(60_000);

const installHint =
  "Install Debian's kubectl with `apt-get install -y kubernetes-client` (the Callboard set-up script installs it).";

type KubectlResult = { code: number; stdout: string; stderr: string };

// Asynchronous on purpose: a synchronous child would block the in-process
// sandbox server it talks to.
function kubectl(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<KubectlResult> {
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

let policies: PolicySet;

beforeAll(async () => {
  policies = await loadPolicySet();
});

describe('exportAdmissionPolicies', () => {
  it('exports every object-scoped policy with a binding, and skips the object-set ones with why', () => {
    const exported = exportAdmissionPolicies(policies);
    const kinds = exported.documents.map(d => `${d.kind}/${d.metadata.name}`);
    expect(kinds.slice(0, 2)).toEqual([
      'Namespace/callboard-policies',
      'ConfigMap/callboard-workload-standards',
    ]);
    const objectScoped = policies.policies.filter(p => p.scope === 'object');
    for (const policy of objectScoped) {
      expect(kinds).toContain(`ValidatingAdmissionPolicy/${policy.name}`);
      expect(kinds).toContain(
        `ValidatingAdmissionPolicyBinding/${policy.name}`,
      );
    }
    expect(exported.skipped.map(s => s.policy).sort()).toEqual([
      'callboard-autoscaler',
      'callboard-min-replicas',
      'callboard-pod-disruption-budget',
    ]);
    expect(exported.skipped[0].reason).toContain(
      'admission of one object cannot see',
    );
  });

  it('binds policies with params to the params ConfigMap, denying when it is missing', () => {
    const binding = exportAdmissionPolicies(policies).documents.find(
      d =>
        d.kind === 'ValidatingAdmissionPolicyBinding' &&
        d.metadata.name === 'callboard-approved-registry',
    );
    expect(binding?.spec).toEqual({
      policyName: 'callboard-approved-registry',
      validationActions: ['Deny'],
      paramRef: {
        name: 'callboard-workload-standards',
        namespace: 'callboard-policies',
        parameterNotFoundAction: 'Deny',
      },
      matchResources: {
        namespaceSelector: {
          matchExpressions: [
            {
              key: 'kubernetes.io/metadata.name',
              operator: 'NotIn',
              values: ['kube-system', 'kube-public', 'kube-node-lease'],
            },
          ],
        },
      },
    });
  });

  it('writes the same manifests through the CLI, and names what it skipped', async () => {
    let stdout = '';
    let stderr = '';
    const code = await runExportCli([], {
      stdout: text => (stdout += text),
      stderr: text => (stderr += text),
    });
    expect(code).toBe(0);
    expect(stdout).toBe(
      stringifyManifests(exportAdmissionPolicies(policies).documents),
    );
    expect(stderr).toContain('not exported: callboard-pod-disruption-budget:');
  });

  it('refuses to export when a policy file does not load', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callboard-policies-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'broken.yaml'),
        [
          'apiVersion: admissionregistration.k8s.io/v1',
          'kind: ValidatingAdmissionPolicy',
          'metadata: {name: broken}',
          'spec:',
          '  matchConstraints: {resourceRules: [{apiGroups: [apps], apiVersions: [v1], resources: [deployments], operations: [CREATE]}]}',
          "  validations: [{expression: 'object.spec.replicas >'}]",
        ].join('\n'),
      );
      let stderr = '';
      const code = await runExportCli(['--policies', dir], {
        stdout: () => {},
        stderr: text => (stderr += text),
      });
      expect(code).toBe(1);
      expect(stderr).toContain(
        'broken.yaml (broken): spec.validations[0].expression: Unexpected token: EOF',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown flag with usage', async () => {
    let stderr = '';
    const code = await runExportCli(['--nope'], {
      stdout: () => {},
      stderr: text => (stderr += text),
    });
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: yarn policies:export');
  });
});

describe('the export applied with kubectl against the sandbox', () => {
  let sandbox: KubernetesSandbox;
  let workDir: string;
  let env: NodeJS.ProcessEnv;
  const run = (...args: string[]) =>
    kubectl(['--cache-dir', path.join(workDir, 'cache'), ...args], env);

  beforeAll(async () => {
    workDir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'callboard-policies-kubectl-'),
    );
    env = {
      PATH: process.env.PATH,
      HOME: workDir,
      KUBECONFIG: path.join(workDir, 'kubeconfig'),
    };
    sandbox = await startKubernetesServer({ tls: true });
    fs.writeFileSync(env.KUBECONFIG!, sandbox.kubeconfig());
  });

  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('is accepted by a server-side dry run, then applied', async () => {
    const file = path.join(workDir, 'policies.yaml');
    const code = await runExportCli(['--out', file], {
      stdout: () => {},
      stderr: () => {},
    });
    expect(code).toBe(0);
    const documents = parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d =>
      d.toJS(),
    );

    // A dry run creates nothing, so the params' Namespace must exist before
    // the ConfigMap in it can be dry-run, as on a real cluster.
    const namespaceFile = path.join(workDir, 'namespace.yaml');
    fs.writeFileSync(
      namespaceFile,
      stringifyManifests(documents.filter(d => d.kind === 'Namespace')),
    );
    const namespace = await run('apply', '--server-side', '-f', namespaceFile);
    expect(namespace).toMatchObject({ code: 0, stderr: '' });
    const dryRun = await run(
      'apply',
      '--server-side',
      '--dry-run=server',
      '-f',
      file,
    );
    expect(dryRun.stderr).toBe('');
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout.trim().split('\n')).toHaveLength(documents.length);
    expect(dryRun.stdout).toContain(
      'validatingadmissionpolicy.admissionregistration.k8s.io/callboard-non-root serverside-applied (server dry run)',
    );

    const applied = await run('apply', '--server-side', '-f', file);
    expect(applied.stderr).toBe('');
    expect(applied.stdout.trim().split('\n')).toHaveLength(documents.length);

    const listed = await run(
      'get',
      'validatingadmissionpolicies,validatingadmissionpolicybindings',
      '-o',
      'name',
    );
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split('\n').sort()).toEqual(
      documents
        .filter(d => d.kind.startsWith('ValidatingAdmissionPolicy'))
        .map(
          d =>
            `${
              d.kind === 'ValidatingAdmissionPolicy'
                ? 'validatingadmissionpolicy'
                : 'validatingadmissionpolicybinding'
            }.admissionregistration.k8s.io/${d.metadata.name}`,
        )
        .sort(),
    );
  });

  it('is refused when a binding lacks what the API requires', async () => {
    const file = path.join(workDir, 'bad-binding.yaml');
    fs.writeFileSync(
      file,
      stringifyManifests([
        {
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'ValidatingAdmissionPolicyBinding',
          metadata: { name: 'no-actions' },
          spec: {
            policyName: 'callboard-non-root',
            validationActions: ['Reject'],
          },
        },
      ]),
    );
    const result = await run(
      'apply',
      '--server-side',
      '--dry-run=server',
      '-f',
      file,
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('spec.validationActions[0]');
  });
});
