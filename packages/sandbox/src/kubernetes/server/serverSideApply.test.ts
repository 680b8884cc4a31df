import YAML from 'yaml';
import {
  KubernetesSandbox,
  startKubernetesServer,
} from '../startKubernetesServer';
import { apiClient } from '../testing/apiRequests';

const applyContentType = 'application/apply-patch+yaml';

const deployment = (replicas: number, image = 'nginx:1') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'default', labels: { app: 'api' } },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'api' } },
    template: {
      metadata: { labels: { app: 'api' } },
      spec: { containers: [{ name: 'api', image }] },
    },
  },
});

describe('server-side apply over HTTP', () => {
  let sandbox: KubernetesSandbox;
  let request: ReturnType<typeof apiClient>;
  const path = '/apis/apps/v1/namespaces/default/deployments/api';

  beforeAll(async () => {
    sandbox = await startKubernetesServer({
      token: 'test-token',
      reconcileDelayMs: 10,
    });
    request = apiClient(sandbox);
  });

  afterAll(() => sandbox.close());

  it('creates with 201 from a YAML body, then updates with 200', async () => {
    const created = await request('PATCH', `${path}?fieldManager=deployer`, {
      rawBody: YAML.stringify(deployment(2)),
      contentType: applyContentType,
    });
    expect(created.status).toBe(201);
    expect(created.body.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'deployer',
        operation: 'Apply',
        fieldsV1: expect.objectContaining({
          'f:spec': expect.objectContaining({
            'f:replicas': {},
            'f:selector': {},
          }),
        }),
      }),
    ]);
    const updated = await request('PATCH', `${path}?fieldManager=deployer`, {
      body: deployment(2, 'nginx:2'),
      contentType: applyContentType,
    });
    expect(updated.status).toBe(200);
    expect(updated.body.spec.template.spec.containers[0].image).toBe('nginx:2');
    expect(updated.body.metadata.generation).toBe(2);
  });

  it('returns the API server conflict Status, and takes ownership with force=true', async () => {
    await request('PATCH', `${path}?fieldManager=other-manager`, {
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api' },
        spec: { replicas: 2 },
      },
      contentType: applyContentType,
    });
    const conflict = await request('PATCH', `${path}?fieldManager=deployer`, {
      body: deployment(3),
      contentType: applyContentType,
    });
    expect(conflict.status).toBe(409);
    expect(conflict.text).toBe(
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'Apply failed with 1 conflict: conflict with "other-manager": .spec.replicas',
        reason: 'Conflict',
        details: {
          causes: [
            {
              reason: 'FieldManagerConflict',
              message: 'conflict with "other-manager"',
              field: '.spec.replicas',
            },
          ],
        },
        code: 409,
      }),
    );
    const forced = await request(
      'PATCH',
      `${path}?fieldManager=deployer&force=true`,
      { body: deployment(3), contentType: applyContentType },
    );
    expect(forced.status).toBe(200);
    expect(forced.body.spec.replicas).toBe(3);
    expect(
      forced.body.metadata.managedFields.map(
        (entry: { manager: string }) => entry.manager,
      ),
    ).toEqual(['deployer']);
  });

  it('removes fields the manager stopped applying', async () => {
    const { metadata: _metadata, ...rest } = deployment(3);
    const withoutLabels = {
      ...rest,
      metadata: { name: 'api', namespace: 'default' },
    };
    const response = await request('PATCH', `${path}?fieldManager=deployer`, {
      body: withoutLabels,
      contentType: applyContentType,
    });
    expect(response.body.metadata.labels).toBeUndefined();
  });

  it('validates and returns the result without storing it for dryRun=All', async () => {
    const before = (await request('GET', path)).body;
    const dryRun = await request(
      'PATCH',
      `${path}?fieldManager=deployer&dryRun=All`,
      { body: deployment(9), contentType: applyContentType },
    );
    expect(dryRun.body.spec.replicas).toBe(9);
    expect((await request('GET', path)).body).toEqual(before);
  });

  it('applies to the status subresource without touching the spec', async () => {
    const response = await request(
      'PATCH',
      `${path}/status?fieldManager=controller`,
      {
        body: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'api' },
          spec: { replicas: 100 },
          status: { readyReplicas: 3 },
        },
        contentType: applyContentType,
      },
    );
    expect(response.body.status).toEqual({ readyReplicas: 3 });
    expect(response.body.spec.replicas).toBe(3);
    expect(response.body.metadata.managedFields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          manager: 'controller',
          subresource: 'status',
          fieldsV1: { 'f:status': { 'f:readyReplicas': {} } },
        }),
      ]),
    );
  });

  it('rejects an apply body without apiVersion and kind', async () => {
    const response = await request('PATCH', `${path}?fieldManager=deployer`, {
      body: { metadata: { name: 'api' } },
      contentType: applyContentType,
    });
    expect(response.status).toBe(400);
    expect(response.body.reason).toBe('BadRequest');
  });
});
