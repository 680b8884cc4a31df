import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  ADA,
  KWAME,
  ProvisioningHarness,
  startProvisioningHarness,
} from '../../__testUtils__/provisioningHarness';

jest.setTimeout(60_000);

const API = 'platform.callboard.dev/v1alpha1';

function orders(overrides: Record<string, unknown> = {}) {
  return {
    environment: 'staging',
    kind: 'PostgreSQLInstance',
    team: 'group:default/team-checkout',
    component: 'component:default/orders-service',
    namespace: 'storefront',
    name: 'orders-archive-db',
    parameters: { storageGB: 20 },
    ...overrides,
  };
}

describe('callboard:infrastructure:claim through the scaffolder task API', () => {
  let harness: ProvisioningHarness;

  beforeAll(async () => {
    harness = await startProvisioningHarness();
  });

  afterAll(() => harness?.stop());

  const claim = (
    name: string,
    namespace = 'storefront',
    kind = 'PostgreSQLInstance',
    sandbox = harness.staging,
  ) => sandbox.store.get(API, kind, name, namespace);

  it('applies a v1 claim with field manager callboard and waits for Synced and Ready, streaming the conditions', async () => {
    const run = await harness.run(ADA, orders());
    expect({ status: run.status, log: run.log }).toEqual({
      status: 'completed',
      log: expect.any(String),
    });
    expect(run.log).toMatch(/Synced=True/);
    expect(run.log).toMatch(/Ready=True/);
    const applied = claim('orders-archive-db')!;
    expect(applied.metadata.managedFields?.map(f => f.manager)).toContain(
      'callboard',
    );
    expect(applied.metadata.labels).toMatchObject({
      'callboard.dev/owner': 'team-checkout',
      'app.kubernetes.io/part-of': 'storefront',
      'callboard.dev/provisioned-by': 'portal',
    });
    expect(applied.metadata.annotations).toMatchObject({
      'callboard.dev/requested-by': ADA,
      'callboard.dev/task-id': expect.any(String),
      'callboard.dev/dependency-of': 'component:default/orders-service',
    });
    expect(harness.audits).toContainEqual(
      expect.objectContaining({
        eventId: 'infrastructure-claim',
        requestedBy: ADA,
        name: 'orders-archive-db',
        outcome: 'success',
        result: 'ready',
      }),
    );
  });

  it('kubectl sees the result', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-'));
    const kubeconfig = path.join(dir, 'config');
    fs.writeFileSync(kubeconfig, harness.staging.kubeconfig());
    try {
      const { stdout } = await promisify(execFile)('kubectl', [
        '--kubeconfig',
        kubeconfig,
        'get',
        'postgresqlinstance',
        'orders-archive-db',
        '-n',
        'storefront',
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
      ]);
      expect(stdout).toBe('True');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates a Crossplane v2 namespaced composite (no claim) to Ready', async () => {
    const run = await harness.run(KWAME, {
      environment: 'staging',
      kind: 'MySQLInstance',
      team: 'group:default/team-fulfilment',
      component: 'component:default/shipment-tracker',
      namespace: 'fulfilment',
      name: 'tracking-archive-db',
      parameters: { storageGB: 40 },
    });
    expect(run.status).toBe('completed');
    const composite = claim(
      'tracking-archive-db',
      'fulfilment',
      'MySQLInstance',
    )!;
    expect(composite.spec).toMatchObject({ parameters: { storageGB: 40 } });
    expect(composite.spec).not.toHaveProperty('writeConnectionSecretToRef');
  });

  it('resizes up, keeping the other parameters', async () => {
    const run = await harness.run(ADA, {
      ...orders({ parameters: { storageGB: 40 } }),
      operation: 'resize',
    });
    expect(run.status).toBe('completed');
    expect(claim('orders-archive-db')!.spec).toMatchObject({
      parameters: { storageGB: 40, version: '16', size: 'small' },
    });
  });

  it('in pull-request mode applies nothing and hands over the claim file', async () => {
    const run = await harness.run(
      ADA,
      orders({ environment: 'production', name: 'orders-reporting-db' }),
    );
    expect(run.status).toBe('completed');
    expect(
      claim(
        'orders-reporting-db',
        'storefront',
        'PostgreSQLInstance',
        harness.production,
      ),
    ).toBeUndefined();
    expect(run.log).toContain('claims/storefront/orders-reporting-db.yaml');
  });

  it('in pull-request mode ends with the link to an open pull request holding the claim', async () => {
    const run = await harness.run(
      ADA,
      orders({ environment: 'production', name: 'orders-ledger-db' }),
    );
    expect(run.status).toBe('completed');
    const links = (run.output.links ?? []) as Array<{
      title: string;
      url?: string;
    }>;
    const link = links.find(l => l.title === 'Pull request');
    expect(link?.url).toMatch(
      /\/tidewater\/platform-infrastructure\/pull\/\d+$/,
    );
    const number = Number(link!.url!.split('/').pop());
    const { data: pull } = await harness.githubAdmin.rest.pulls.get({
      owner: 'tidewater',
      repo: 'platform-infrastructure',
      pull_number: number,
    });
    expect(pull).toMatchObject({
      state: 'open',
      title:
        'Provision PostgreSQLInstance storefront/orders-ledger-db in production',
    });
    const { data: file } = await harness.githubAdmin.rest.repos.getContent({
      owner: 'tidewater',
      repo: 'platform-infrastructure',
      path: 'claims/storefront/orders-ledger-db.yaml',
      ref: pull.head.ref,
    });
    const content = Buffer.from(
      (file as { content: string }).content,
      'base64',
    ).toString('utf8');
    expect(content).toMatch(/kind: PostgreSQLInstance/);
    expect(content).toMatch(/callboard.dev\/provisioned-by: portal/);
    expect(content).toMatch(
      /callboard.dev\/requested-by: user:default\/ada.okafor/,
    );
  });

  describe.each([
    [
      'a namespace that is not the team’s',
      ADA,
      orders({ namespace: 'fulfilment', name: 'wrong-ns-db' }),
      /Namespace 'fulfilment' is not one of group:default\/team-checkout's namespaces/,
    ],
    [
      'kube-system, even when the Group lists it',
      ADA,
      orders({ namespace: 'kube-system', name: 'system-db' }),
      /Namespace 'kube-system' is reserved for the platform/,
    ],
    [
      'a team the user is not in',
      KWAME,
      orders({ name: 'not-my-team-db' }),
      /You are not a member of 'group:default\/team-checkout'/,
    ],
    [
      'a kind that is not self-service',
      ADA,
      orders({ kind: 'ClusterRoleBinding', name: 'admin-binding' }),
      /'ClusterRoleBinding' is not a self-service kind in cluster 'staging'; offered: 'MySQLInstance', 'PostgreSQLInstance'/,
    ],
    [
      'a schema violation',
      ADA,
      orders({ name: 'huge-db', parameters: { storageGB: 5000 } }),
      /spec\.parameters\.storageGB.*less than or equal to 1000; nothing was created/,
    ],
    [
      'an unknown field (fieldValidation=Strict)',
      ADA,
      orders({
        name: 'colour-db',
        parameters: { storageGB: 20, colour: 'blue' },
      }),
      /\.spec\.parameters\.colour: field not declared in schema; nothing was created/,
    ],
    [
      'an unreachable cluster',
      ADA,
      orders({ environment: 'down', name: 'down-db' }),
      /Cluster 'down' cannot be reached .*nothing was changed/,
    ],
    [
      'a resize down',
      ADA,
      { ...orders({ parameters: { storageGB: 10 } }), operation: 'resize' },
      /Resize down refused: storageGB 10 is below the current 40/,
    ],
    [
      'a delete without confirmation',
      ADA,
      { ...orders(), operation: 'delete' },
      /Deleting 'orders-archive-db' needs confirmName 'orders-archive-db'/,
    ],
    [
      'a delete by a non-owner',
      KWAME,
      {
        ...orders({ team: 'group:default/team-fulfilment' }),
        operation: 'delete',
        confirmName: 'orders-archive-db',
      },
      /Only the owning team 'group:default\/team-checkout' may delete 'orders-archive-db'/,
    ],
  ])('refuses %s', (_case, user, values, message) => {
    it('with a clear message, creating nothing', async () => {
      const before = JSON.stringify(
        harness.staging.store.list(API, 'PostgreSQLInstance'),
      );
      const run = await harness.run(user, values);
      expect(run.status).toBe('failed');
      expect(run.log).toMatch(message);
      expect(
        JSON.stringify(harness.staging.store.list(API, 'PostgreSQLInstance')),
      ).toBe(before);
    });
  });

  it('refuses a name another team holds, naming the team', async () => {
    harness.staging.store.apply(
      {
        apiVersion: API,
        kind: 'PostgreSQLInstance',
        metadata: {
          name: 'catalog-db',
          namespace: 'storefront',
          labels: { 'callboard.dev/owner': 'team-catalog' },
        },
        spec: { parameters: { storageGB: 50 } },
      },
      { fieldManager: 'callboard' },
    );
    await harness.staging.crossplane.whenIdle();
    const before = JSON.stringify(claim('catalog-db'));
    const run = await harness.run(
      ADA,
      orders({ name: 'catalog-db', parameters: { storageGB: 60 } }),
    );
    expect(run.status).toBe('failed');
    expect(run.log).toMatch(
      /PostgreSQLInstance 'catalog-db' in namespace 'storefront' on cluster 'staging' already belongs to team 'team-catalog'; choose another name/,
    );
    expect(JSON.stringify(claim('catalog-db'))).toBe(before);
  });

  it('fails at once on Synced=False with the ReconcileError message', async () => {
    harness.staging.crossplane.failNext(
      { kind: 'PostgreSQLInstance', name: 'doomed-db' },
      'quota exceeded for db.t3.small',
    );
    const run = await harness.run(ADA, orders({ name: 'doomed-db' }));
    expect(run.status).toBe('failed');
    expect(run.log).toMatch(
      /failed to reconcile on cluster 'staging': .*quota exceeded for db\.t3\.small.*Synced=False, ReconcileError/,
    );
  });

  it('times out naming the last conditions and the unready composed resources, never as success', async () => {
    harness.staging.crossplane.setReconcileDelay(60_000);
    try {
      const run = await harness.run(ADA, orders({ name: 'slow-db' }));
      expect(run.status).toBe('failed');
      expect(run.log).toMatch(
        /Timed out after 5 s waiting for PostgreSQLInstance 'storefront\/slow-db' to be Ready on cluster 'staging'; last conditions: Synced=Unknown/,
      );
    } finally {
      harness.staging.crossplane.setReconcileDelay(300);
    }
  });

  it('refuses an ownership conflict with another field manager, never forcing', async () => {
    harness.staging.store.apply(
      {
        apiVersion: API,
        kind: 'PostgreSQLInstance',
        metadata: {
          name: 'shared-db',
          namespace: 'storefront',
          labels: { 'callboard.dev/owner': 'team-checkout' },
        },
        spec: { parameters: { storageGB: 20 } },
      },
      { fieldManager: 'kubectl' },
    );
    const run = await harness.run(
      ADA,
      orders({ name: 'shared-db', parameters: { storageGB: 30 } }),
    );
    expect(run.status).toBe('failed');
    expect(run.log).toMatch(/conflict with "kubectl".*Callboard never forces/);
    expect(claim('shared-db')!.spec).toMatchObject({
      parameters: { storageGB: 20 },
    });
  });

  it('deletes with confirmation, by the owner', async () => {
    const run = await harness.run(ADA, {
      ...orders(),
      operation: 'delete',
      confirmName: 'orders-archive-db',
    });
    expect(run.status).toBe('completed');
    expect(claim('orders-archive-db')).toBeUndefined();
  });
});
