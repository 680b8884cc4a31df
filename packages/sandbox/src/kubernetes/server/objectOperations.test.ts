import {
  KubernetesSandbox,
  startKubernetesServer,
} from '../startKubernetesServer';
import { apiClient } from '../testing/apiRequests';

const deployment = (
  name: string,
  replicas: number,
  labels: Record<string, string> = {},
) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          { name: 'app', image: 'nginx:1', ports: [{ containerPort: 80 }] },
        ],
      },
    },
  },
});

describe('object operations', () => {
  let sandbox: KubernetesSandbox;
  let request: ReturnType<typeof apiClient>;
  const deployments = '/apis/apps/v1/namespaces/ops/deployments';

  beforeAll(async () => {
    sandbox = await startKubernetesServer({
      token: 'test-token',
      reconcileDelayMs: 10,
    });
    request = apiClient(sandbox);
    await request('POST', '/api/v1/namespaces', {
      body: { metadata: { name: 'ops' } },
    });
  });

  afterAll(() => sandbox.close());

  it('creates objects with server-populated metadata and managedFields', async () => {
    const response = await request(
      'POST',
      `${deployments}?fieldManager=creator`,
      { body: deployment('web', 2) },
    );
    expect(response.status).toBe(201);
    const created = response.body;
    expect(created.metadata).toMatchObject({
      name: 'web',
      namespace: 'ops',
      uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      resourceVersion: expect.stringMatching(/^\d+$/),
      creationTimestamp: expect.stringMatching(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      ),
      generation: 1,
      managedFields: [
        expect.objectContaining({
          manager: 'creator',
          operation: 'Update',
          apiVersion: 'apps/v1',
          fieldsType: 'FieldsV1',
        }),
      ],
    });
    expect(created.spec.template.spec.containers[0].ports[0].protocol).toBe(
      'TCP',
    );
    const fetched = (await request('GET', `${deployments}/web`)).body;
    expect(fetched).toEqual(created);
  });

  it('derives the field manager from the User-Agent when none is given', async () => {
    const created = (
      await request('POST', '/api/v1/namespaces/ops/configmaps', {
        body: { metadata: { name: 'ua' }, data: { a: '1' } },
      })
    ).body;
    expect(created.metadata.managedFields[0].manager).toBe('node');
  });

  it('bumps resourceVersion on every write and generation only on spec changes', async () => {
    const created = (
      await request('POST', deployments, { body: deployment('gen', 1) })
    ).body;
    const labelled = (
      await request('PATCH', `${deployments}/gen`, {
        body: { metadata: { labels: { team: 'a' } } },
        contentType: 'application/merge-patch+json',
      })
    ).body;
    expect(Number(labelled.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    expect(labelled.metadata.generation).toBe(1);
    const scaled = (
      await request('PATCH', `${deployments}/gen`, {
        body: { spec: { replicas: 3 } },
        contentType: 'application/merge-patch+json',
      })
    ).body;
    expect(scaled.metadata.generation).toBe(2);
  });

  it('rejects an update with a stale resourceVersion', async () => {
    const created = (
      await request('POST', deployments, { body: deployment('stale', 1) })
    ).body;
    await request('PUT', `${deployments}/stale`, {
      body: { ...created, spec: { ...created.spec, replicas: 2 } },
    });
    const response = await request('PUT', `${deployments}/stale`, {
      body: { ...created, spec: { ...created.spec, replicas: 5 } },
    });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Operation cannot be fulfilled on deployments.apps "stale": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'stale', group: 'apps', kind: 'deployments' },
      code: 409,
    });
    const { metadata: _metadata, ...withoutVersion } = created;
    const unconditional = await request('PUT', `${deployments}/stale`, {
      body: {
        ...withoutVersion,
        metadata: { name: 'stale' },
        spec: { ...created.spec, replicas: 5 },
      },
    });
    expect(unconditional.body.spec.replicas).toBe(5);
  });

  it('stores nothing for dryRun=All and rejects unknown dryRun values', async () => {
    const response = await request(
      'POST',
      '/api/v1/namespaces/ops/configmaps?dryRun=All',
      { body: { metadata: { name: 'dry' } } },
    );
    expect(response.status).toBe(201);
    expect(response.body.metadata.uid).toBeDefined();
    expect(
      (await request('GET', '/api/v1/namespaces/ops/configmaps/dry')).status,
    ).toBe(404);
    expect(
      (
        await request('POST', '/api/v1/namespaces/ops/configmaps?dryRun=Some', {
          body: { metadata: { name: 'dry' } },
        })
      ).status,
    ).toBe(400);

    await request('POST', '/api/v1/namespaces/ops/configmaps', {
      body: { metadata: { name: 'kept' }, data: { a: '1' } },
    });
    const patched = await request(
      'PATCH',
      '/api/v1/namespaces/ops/configmaps/kept?dryRun=All',
      {
        body: { data: { a: '2' } },
        contentType: 'application/merge-patch+json',
      },
    );
    expect(patched.body.data.a).toBe('2');
    expect(
      (
        await request(
          'DELETE',
          '/api/v1/namespaces/ops/configmaps/kept?dryRun=All',
        )
      ).status,
    ).toBe(200);
    expect(
      (await request('GET', '/api/v1/namespaces/ops/configmaps/kept')).body.data
        .a,
    ).toBe('1');
  });

  it.each([
    [
      'application/merge-patch+json',
      {
        spec: {
          template: {
            spec: { containers: [{ name: 'app', image: 'nginx:2' }] },
          },
        },
      },
      ['app'],
    ],
    [
      'application/strategic-merge-patch+json',
      {
        spec: {
          template: {
            spec: { containers: [{ name: 'sidecar', image: 'envoy' }] },
          },
        },
      },
      ['app', 'sidecar'],
    ],
    [
      'application/json-patch+json',
      [
        {
          op: 'add',
          path: '/spec/template/spec/containers/-',
          value: { name: 'extra', image: 'busybox' },
        },
      ],
      ['app', 'extra'],
    ],
  ])('patches with %s', async (contentType, body, containerNames) => {
    const name = `patch-${containerNames.join('-')}`;
    await request('POST', deployments, { body: deployment(name, 1) });
    const response = await request('PATCH', `${deployments}/${name}`, {
      body,
      contentType,
    });
    expect(response.status).toBe(200);
    expect(
      response.body.spec.template.spec.containers.map(
        (container: { name: string }) => container.name,
      ),
    ).toEqual(containerNames);
  });

  it('answers a JSON patch that cannot apply with 422', async () => {
    await request('POST', deployments, { body: deployment('jsonpatch', 1) });
    const response = await request('PATCH', `${deployments}/jsonpatch`, {
      body: [{ op: 'test', path: '/spec/replicas', value: 9 }],
      contentType: 'application/json-patch+json',
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      reason: 'Invalid',
      details: {
        causes: [
          expect.objectContaining({ reason: 'UnexpectedServerResponse' }),
        ],
      },
    });
  });

  it('changes status only through the status subresource', async () => {
    const created = (
      await request('POST', deployments, {
        body: { ...deployment('status', 1), status: { replicas: 99 } },
      })
    ).body;
    expect(created.status).toBeUndefined();
    const ignored = (
      await request('PUT', `${deployments}/status`, {
        body: { ...created, status: { replicas: 5 } },
      })
    ).body;
    expect(ignored.status).toBeUndefined();
    const updated = (
      await request('PUT', `${deployments}/status/status`, {
        body: {
          ...created,
          spec: { ...created.spec, replicas: 7 },
          status: { replicas: 1, readyReplicas: 1 },
        },
      })
    ).body;
    expect(updated.status).toEqual({ replicas: 1, readyReplicas: 1 });
    expect(updated.spec.replicas).toBe(1);
    const patched = (
      await request('PATCH', `${deployments}/status/status`, {
        body: { status: { availableReplicas: 1 } },
        contentType: 'application/merge-patch+json',
      })
    ).body;
    expect(patched.status).toEqual({
      replicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
    });
    expect(patched.metadata.managedFields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subresource: 'status', operation: 'Update' }),
      ]),
    );
  });

  describe('lists', () => {
    beforeAll(async () => {
      await request('POST', '/api/v1/namespaces', {
        body: { metadata: { name: 'lists' } },
      });
      const configMaps: Array<[string, Record<string, string>]> = [
        ['a', { 'backstage.io/kubernetes-id': 'orders', tier: 'backend' }],
        ['b', { 'backstage.io/kubernetes-id': 'orders', tier: 'frontend' }],
        ['c', { 'backstage.io/kubernetes-id': 'billing' }],
      ];
      for (const [name, labels] of configMaps) {
        await request('POST', '/api/v1/namespaces/lists/configmaps', {
          body: { metadata: { name, labels } },
        });
      }
    });

    const namesOf = (body: { items: Array<{ metadata: { name: string } }> }) =>
      body.items.map(item => item.metadata.name);

    it.each([
      ['backstage.io/kubernetes-id=orders', ['a', 'b']],
      ['backstage.io/kubernetes-id!=orders', ['c']],
      ['tier in (backend,db)', ['a']],
      ['tier notin (backend)', ['b', 'c']],
      ['tier', ['a', 'b']],
      ['!tier', ['c']],
    ])('filters by labelSelector %s', async (selector, names) => {
      const response = await request(
        'GET',
        `/api/v1/namespaces/lists/configmaps?labelSelector=${encodeURIComponent(
          selector,
        )}`,
      );
      expect(namesOf(response.body)).toEqual(names);
    });

    it('answers a malformed labelSelector with BadRequest', async () => {
      const response = await request(
        'GET',
        `/api/v1/namespaces/lists/configmaps?labelSelector=${encodeURIComponent(
          'tier in backend',
        )}`,
      );
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/^unable to parse requirement/);
    });

    it('filters by fieldSelector across namespaces', async () => {
      const byName = await request(
        'GET',
        '/api/v1/configmaps?fieldSelector=metadata.name%3Db',
      );
      expect(
        byName.body.items.map(
          (item: { metadata: { namespace: string } }) =>
            item.metadata.namespace,
        ),
      ).toEqual(['lists']);
      const byNamespace = await request(
        'GET',
        '/api/v1/configmaps?fieldSelector=metadata.namespace%3Dlists',
      );
      expect(namesOf(byNamespace.body)).toEqual(['a', 'b', 'c']);
    });

    it('returns list kinds without per-item type meta for built-ins', async () => {
      const { body } = await request(
        'GET',
        '/api/v1/namespaces/lists/configmaps',
      );
      expect(body).toMatchObject({
        kind: 'ConfigMapList',
        apiVersion: 'v1',
        metadata: { resourceVersion: expect.any(String) },
      });
      expect(body.items[0].kind).toBeUndefined();
    });

    it('pages with limit and continue', async () => {
      const first = (
        await request('GET', '/api/v1/namespaces/lists/configmaps?limit=2')
      ).body;
      expect(namesOf(first)).toEqual(['a', 'b']);
      expect(first.metadata.remainingItemCount).toBe(1);
      const second = (
        await request(
          'GET',
          `/api/v1/namespaces/lists/configmaps?limit=2&continue=${first.metadata.continue}`,
        )
      ).body;
      expect(namesOf(second)).toEqual(['c']);
      expect(second.metadata.continue).toBeUndefined();
    });

    it('renders a Table for server-side printing', async () => {
      const { body } = await request(
        'GET',
        '/api/v1/namespaces/lists/configmaps',
        {
          accept:
            'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
        },
      );
      expect(body).toMatchObject({
        kind: 'Table',
        apiVersion: 'meta.k8s.io/v1',
      });
      expect(
        body.columnDefinitions.map((column: { name: string }) => column.name),
      ).toEqual(['Name', 'Age']);
      expect(body.rows[0]).toMatchObject({
        cells: ['a', expect.stringMatching(/^\d+s$/)],
        object: { kind: 'PartialObjectMetadata', metadata: { name: 'a' } },
      });
    });

    it('deletes a collection by label selector', async () => {
      const response = await request(
        'DELETE',
        '/api/v1/namespaces/lists/configmaps?labelSelector=tier%3Dfrontend',
      );
      expect(namesOf(response.body)).toEqual(['b']);
      expect(
        namesOf(
          (await request('GET', '/api/v1/namespaces/lists/configmaps')).body,
        ),
      ).toEqual(['a', 'c']);
    });
  });

  describe('deletion', () => {
    it('answers with a success Status, or the object for kinds that return it', async () => {
      const configMap = (
        await request('POST', '/api/v1/namespaces/ops/configmaps', {
          body: { metadata: { name: 'gone' } },
        })
      ).body;
      const deleted = await request(
        'DELETE',
        '/api/v1/namespaces/ops/configmaps/gone',
      );
      expect(deleted.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: {
          name: 'gone',
          kind: 'configmaps',
          uid: configMap.metadata.uid,
        },
      });
      await request('POST', '/api/v1/namespaces/ops/pods', {
        body: {
          metadata: { name: 'pod' },
          spec: { containers: [{ name: 'app', image: 'nginx' }] },
        },
      });
      expect(
        (await request('DELETE', '/api/v1/namespaces/ops/pods/pod')).body,
      ).toMatchObject({ kind: 'Pod', metadata: { name: 'pod' } });
    });

    it('keeps objects with finalizers until the finalizers are removed', async () => {
      await request('POST', '/api/v1/namespaces/ops/configmaps', {
        body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } },
      });
      const marked = (
        await request('DELETE', '/api/v1/namespaces/ops/configmaps/held')
      ).body;
      expect(marked.metadata.deletionTimestamp).toBeDefined();
      expect(
        (await request('GET', '/api/v1/namespaces/ops/configmaps/held')).status,
      ).toBe(200);
      await request('PATCH', '/api/v1/namespaces/ops/configmaps/held', {
        body: { metadata: { finalizers: null } },
        contentType: 'application/merge-patch+json',
      });
      expect(
        (await request('GET', '/api/v1/namespaces/ops/configmaps/held')).status,
      ).toBe(404);
    });

    it('deletes dependents through ownerReferences and namespace contents with the namespace', async () => {
      await request('POST', '/api/v1/namespaces', {
        body: { metadata: { name: 'doomed' } },
      });
      const owner = (
        await request('POST', '/api/v1/namespaces/doomed/configmaps', {
          body: { metadata: { name: 'owner' } },
        })
      ).body;
      await request('POST', '/api/v1/namespaces/doomed/secrets', {
        body: {
          metadata: {
            name: 'dependent',
            ownerReferences: [
              {
                apiVersion: 'v1',
                kind: 'ConfigMap',
                name: 'owner',
                uid: owner.metadata.uid,
              },
            ],
          },
          stringData: { token: 'abc' },
        },
      });
      const secret = (
        await request('GET', '/api/v1/namespaces/doomed/secrets/dependent')
      ).body;
      expect(secret).toMatchObject({
        type: 'Opaque',
        data: { token: Buffer.from('abc').toString('base64') },
      });
      await request('DELETE', '/api/v1/namespaces/doomed/configmaps/owner');
      expect(
        (await request('GET', '/api/v1/namespaces/doomed/secrets/dependent'))
          .status,
      ).toBe(404);

      await request('POST', '/api/v1/namespaces/doomed/configmaps', {
        body: { metadata: { name: 'inside' } },
      });
      await request('DELETE', '/api/v1/namespaces/doomed');
      expect(
        (await request('GET', '/api/v1/namespaces/doomed/configmaps/inside'))
          .status,
      ).toBe(404);
    });
  });

  it('serves pod logs as text', async () => {
    await request('POST', '/api/v1/namespaces/ops/pods', {
      body: {
        metadata: { name: 'logs' },
        spec: { containers: [{ name: 'app', image: 'nginx' }] },
      },
    });
    const response = await request(
      'GET',
      '/api/v1/namespaces/ops/pods/logs/log?container=app',
    );
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^text\/plain/);
    expect(response.text).toContain('container app');
    expect(
      (
        await request(
          'GET',
          '/api/v1/namespaces/ops/pods/logs/log?container=nope',
        )
      ).status,
    ).toBe(400);
  });
});
