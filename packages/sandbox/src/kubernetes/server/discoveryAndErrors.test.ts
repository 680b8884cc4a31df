import {
  KubernetesSandbox,
  startKubernetesServer,
} from '../startKubernetesServer';
import { apiClient } from '../testing/apiRequests';

const widgetsCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: {
      kind: 'Widget',
      plural: 'widgets',
      singular: 'widget',
      shortNames: ['wd'],
    },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'integer', maximum: 10 },
                  color: { type: 'string', enum: ['red', 'blue'] },
                },
              },
            },
          },
        },
      },
    ],
  },
};

describe('discovery, authentication and errors', () => {
  let sandbox: KubernetesSandbox;
  let request: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    sandbox = await startKubernetesServer({
      host: '127.0.0.1',
      port: 0,
      token: 'test-token',
      reconcileDelayMs: 10,
    });
    request = apiClient(sandbox);
  });

  afterAll(() => sandbox.close());

  describe('authentication', () => {
    it.each([
      ['no token', null],
      ['a wrong token', 'not-the-token'],
    ])('answers 401 Unauthorized with %s', async (_case, token) => {
      const response = await request('GET', '/api/v1/namespaces', { token });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
    });

    it('serves /version to anonymous clients', async () => {
      const response = await request('GET', '/version', { token: null });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        major: '1',
        minor: '32',
        gitVersion: 'v1.32.0',
      });
    });
  });

  describe('discovery', () => {
    it('lists the core and named API groups', async () => {
      expect((await request('GET', '/api')).body).toMatchObject({
        kind: 'APIVersions',
        versions: ['v1'],
      });
      const groups = (await request('GET', '/apis')).body;
      expect(groups.kind).toBe('APIGroupList');
      expect(
        groups.groups.map((group: { name: string }) => group.name),
      ).toEqual(
        expect.arrayContaining([
          'apps',
          'batch',
          'autoscaling',
          'networking.k8s.io',
          'events.k8s.io',
          'apiextensions.k8s.io',
          'apiextensions.crossplane.io',
          'metrics.k8s.io',
        ]),
      );
      expect((await request('GET', '/apis/apps')).body).toMatchObject({
        kind: 'APIGroup',
        name: 'apps',
        preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
      });
    });

    it('describes resources with verbs, short names and subresources', async () => {
      const core = (await request('GET', '/api/v1')).body;
      expect(core).toMatchObject({
        kind: 'APIResourceList',
        groupVersion: 'v1',
      });
      expect(core.resources).toEqual(
        expect.arrayContaining([
          {
            name: 'pods',
            singularName: 'pod',
            namespaced: true,
            kind: 'Pod',
            verbs: [
              'create',
              'delete',
              'deletecollection',
              'get',
              'list',
              'patch',
              'update',
              'watch',
            ],
            shortNames: ['po'],
            categories: ['all'],
          },
          {
            name: 'pods/status',
            singularName: '',
            namespaced: true,
            kind: 'Pod',
            verbs: ['get', 'patch', 'update'],
          },
          {
            name: 'pods/log',
            singularName: '',
            namespaced: true,
            kind: 'Pod',
            verbs: ['get'],
          },
          expect.objectContaining({
            name: 'namespaces',
            namespaced: false,
            shortNames: ['ns'],
          }),
        ]),
      );
      const apps = (await request('GET', '/apis/apps/v1')).body;
      expect(apps.resources).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'deployments',
            kind: 'Deployment',
            shortNames: ['deploy'],
          }),
        ]),
      );
    });

    it('serves a CRD as soon as it is created and stops when it is deleted', async () => {
      expect(
        (
          await request(
            'POST',
            '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
            { body: widgetsCrd },
          )
        ).status,
      ).toBe(201);
      expect(
        (await request('GET', '/apis/example.com/v1')).body.resources,
      ).toEqual([
        expect.objectContaining({
          name: 'widgets',
          kind: 'Widget',
          namespaced: true,
          shortNames: ['wd'],
        }),
        expect.objectContaining({
          name: 'widgets/status',
          verbs: ['get', 'patch', 'update'],
        }),
      ]);
      const crd = (
        await request(
          'GET',
          '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com',
        )
      ).body;
      expect(crd.status.conditions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'Established', status: 'True' }),
        ]),
      );
      await request('POST', '/apis/example.com/v1/namespaces/default/widgets', {
        body: {
          apiVersion: 'example.com/v1',
          kind: 'Widget',
          metadata: { name: 'w' },
          spec: { size: 1 },
        },
      });

      expect(
        (
          await request(
            'DELETE',
            '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com',
          )
        ).status,
      ).toBe(200);
      const gone = await request(
        'GET',
        '/apis/example.com/v1/namespaces/default/widgets',
      );
      expect(gone.status).toBe(404);
      expect(gone.text).toBe('404 page not found\n');
      expect(
        (await request('GET', '/apis')).body.groups.map(
          (group: { name: string }) => group.name,
        ),
      ).not.toContain('example.com');
    });

    it('publishes OpenAPI v3 documents that declare fieldValidation support', async () => {
      const index = (await request('GET', '/openapi/v3')).body;
      const appsUrl: string = index.paths['apis/apps/v1'].serverRelativeURL;
      expect(appsUrl).toMatch(
        /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]+$/,
      );
      const document = (await request('GET', appsUrl)).body;
      const patch =
        document.paths[
          '/apis/apps/v1/namespaces/{namespace}/deployments/{name}'
        ].patch;
      expect(patch['x-kubernetes-group-version-kind']).toEqual({
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
      });
      expect(patch.parameters).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'fieldValidation', in: 'query' }),
        ]),
      );
      expect((await request('GET', '/openapi/v3/apis/nope.io/v1')).status).toBe(
        404,
      );
    });
  });

  describe('error responses', () => {
    it.each([
      '/nope',
      '/apis/nope.example.com/v1/things',
      '/api/v2/pods',
      '/apis/apps/v1/namespaces/default/deployments/a/b/c',
    ])(
      'answers %s with the plain-text 404 of the API server mux',
      async path => {
        const response = await request('GET', path);
        expect(response.status).toBe(404);
        expect(response.contentType).toMatch(/^text\/plain/);
        expect(response.text).toBe('404 page not found\n');
      },
    );

    it.each([
      '/api/v1/widgets',
      '/api/v1/namespaces/default/namespaces',
      '/api/v1/namespaces/default/configmaps/x/status',
    ])('answers an unknown resource %s with a NotFound Status', async path => {
      const response = await request('GET', path);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        details: {},
        code: 404,
      });
    });

    it('answers a missing object with NotFound naming the resource and group', async () => {
      const response = await request(
        'GET',
        '/apis/apps/v1/namespaces/default/deployments/missing',
      );
      expect(response.status).toBe(404);
      expect(response.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'deployments.apps "missing" not found',
        reason: 'NotFound',
        details: { name: 'missing', group: 'apps', kind: 'deployments' },
        code: 404,
      });
    });

    it('answers a duplicate create with AlreadyExists', async () => {
      const configMap = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'twice' },
      };
      expect(
        (
          await request('POST', '/api/v1/namespaces/default/configmaps', {
            body: configMap,
          })
        ).status,
      ).toBe(201);
      const response = await request(
        'POST',
        '/api/v1/namespaces/default/configmaps',
        { body: configMap },
      );
      expect(response.status).toBe(409);
      expect(response.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'configmaps "twice" already exists',
        reason: 'AlreadyExists',
        details: { name: 'twice', kind: 'configmaps' },
        code: 409,
      });
    });

    it('answers a malformed JSON body with BadRequest', async () => {
      const response = await request(
        'POST',
        '/api/v1/namespaces/default/configmaps',
        { rawBody: '{"metadata": {' },
      );
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'BadRequest',
        code: 400,
        message: expect.stringMatching(
          /^couldn't get version\/kind; json parse error: /,
        ),
      });
    });

    it('answers a malformed YAML apply body with BadRequest', async () => {
      const response = await request(
        'PATCH',
        '/api/v1/namespaces/default/configmaps/yaml?fieldManager=test',
        {
          rawBody:
            'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml\n data: [unclosed',
          contentType: 'application/apply-patch+yaml',
        },
      );
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        reason: 'BadRequest',
        code: 400,
        message: expect.stringMatching(/^error decoding YAML: /),
      });
    });

    it('answers a PATCH with a non-patch content type with 415', async () => {
      await request('POST', '/api/v1/namespaces/default/configmaps', {
        body: { metadata: { name: 'patched' } },
      });
      const response = await request(
        'PATCH',
        '/api/v1/namespaces/default/configmaps/patched',
        {
          body: { data: { a: '1' } },
          contentType: 'application/json',
        },
      );
      expect(response.status).toBe(415);
      expect(response.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
        reason: 'UnsupportedMediaType',
        code: 415,
      });
    });

    it('rejects strategic merge patches of custom resources as a real cluster does', async () => {
      const response = await request(
        'PATCH',
        '/apis/apiextensions.crossplane.io/v1/compositions/anything',
        { body: {}, contentType: 'application/strategic-merge-patch+json' },
      );
      expect(response.status).toBe(415);
      expect(response.body.message).toBe(
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      );
    });

    it.each([
      [
        'apply without fieldManager',
        '/api/v1/namespaces/default/configmaps/x',
        'application/apply-patch+yaml',
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      ],
      [
        'force on a merge patch',
        '/api/v1/namespaces/default/configmaps/x?force=true',
        'application/merge-patch+json',
        'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
      ],
    ])('answers %s with 422', async (_case, path, contentType, message) => {
      const response = await request('PATCH', path, {
        body: { apiVersion: 'v1', kind: 'ConfigMap' },
        contentType,
      });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ reason: 'Invalid', message });
    });

    it('answers an invalid object name with 422 Invalid', async () => {
      const response = await request(
        'POST',
        '/api/v1/namespaces/default/configmaps',
        { body: { metadata: { name: 'Not_Valid' } } },
      );
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        reason: 'Invalid',
        message: expect.stringContaining(
          'ConfigMap "Not_Valid" is invalid: metadata.name: Invalid value: "Not_Valid": a lowercase RFC 1123 subdomain',
        ),
        details: {
          name: 'Not_Valid',
          kind: 'ConfigMap',
          causes: [
            expect.objectContaining({
              reason: 'FieldValueInvalid',
              field: 'metadata.name',
            }),
          ],
        },
      });
    });

    it('answers a create in a missing namespace with NotFound for the namespace', async () => {
      const response = await request(
        'POST',
        '/api/v1/namespaces/nowhere/configmaps',
        { body: { metadata: { name: 'x' } } },
      );
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({
        message: 'namespaces "nowhere" not found',
        details: { name: 'nowhere', kind: 'namespaces' },
      });
    });

    it('answers a custom resource violating its schema with field causes', async () => {
      await request(
        'POST',
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        {
          body: {
            ...widgetsCrd,
            metadata: { name: 'widgets.example.org' },
            spec: { ...widgetsCrd.spec, group: 'example.org' },
          },
        },
      );
      const response = await request(
        'POST',
        '/apis/example.org/v1/namespaces/default/widgets',
        {
          body: {
            apiVersion: 'example.org/v1',
            kind: 'Widget',
            metadata: { name: 'big' },
            spec: { size: 50, color: 'green' },
          },
        },
      );
      expect(response.status).toBe(422);
      expect(response.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'Widget.example.org "big" is invalid: [spec.size: Invalid value: 50: spec.size in body should be less than or equal to 10, spec.color: Unsupported value: "green": supported values: "red", "blue"]',
        reason: 'Invalid',
        details: {
          name: 'big',
          group: 'example.org',
          kind: 'Widget',
          causes: [
            {
              reason: 'FieldValueInvalid',
              message:
                'Invalid value: 50: spec.size in body should be less than or equal to 10',
              field: 'spec.size',
            },
            {
              reason: 'FieldValueNotSupported',
              message:
                'Unsupported value: "green": supported values: "red", "blue"',
              field: 'spec.color',
            },
          ],
        },
        code: 422,
      });
      const missing = await request(
        'POST',
        '/apis/example.org/v1/namespaces/default/widgets',
        {
          body: {
            apiVersion: 'example.org/v1',
            kind: 'Widget',
            metadata: { name: 'empty' },
            spec: {},
          },
        },
      );
      expect(missing.body.details.causes).toEqual([
        {
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: 'spec.size',
        },
      ]);
    });

    it('rejects a CRD whose name does not match its names', async () => {
      const response = await request(
        'POST',
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        {
          body: { ...widgetsCrd, metadata: { name: 'wrong.example.com' } },
        },
      );
      expect(response.status).toBe(422);
      expect(response.body.message).toContain(
        'metadata.name: Invalid value: "wrong.example.com": must be spec.names.plural+"."+spec.group',
      );
    });

    it('refuses writes to read-only APIs', async () => {
      const response = await request(
        'POST',
        '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods',
        { body: { metadata: { name: 'x' } } },
      );
      expect(response.status).toBe(405);
      expect(response.body).toMatchObject({ reason: 'MethodNotAllowed' });
      expect(
        (
          await request(
            'GET',
            '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods',
          )
        ).body,
      ).toMatchObject({
        kind: 'PodMetricsList',
        items: [],
      });
    });
  });
});
