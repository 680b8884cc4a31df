import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleInfrastructure from '@callboard/plugin-scaffolder-backend-module-infrastructure';
import { KubernetesSandbox } from '@callboard/sandbox';
import {
  demoTeamsOf,
  demoUserInfo,
  demoUsers,
  kubernetesConfig,
  loadTemplate,
  sandboxClusterConfig,
  serviceEntity as component,
  startCrossplaneCluster,
  teamEntity as team,
  unreachableClusterConfig,
} from '@callboard/sandbox/testUtils';
import request from 'supertest';
import { infrastructurePlugin } from './plugin';

jest.setTimeout(60_000);

const API = 'platform.callboard.dev/v1alpha1';
const { ada: ADA, kwame: KWAME, sam: SAM } = demoUsers;

/** A Resource as the entity provider emits it for a claim in `cluster`. */
function database(
  name: string,
  options: { cluster: string; environment: string; owner: string },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      annotations: {
        'callboard.dev/cluster': options.cluster,
        'callboard.dev/environment': options.environment,
        'callboard.dev/claim-api-version': API,
        'callboard.dev/claim-kind': 'PostgreSQLInstance',
        'callboard.dev/claim-namespace': 'storefront',
        'callboard.dev/claim-name': name,
      },
    },
    spec: {
      type: 'database',
      owner: options.owner,
      dependencyOf: ['component:default/orders-service'],
    },
  };
}

function claimObject(name: string, owner: string, storageGB: number) {
  return {
    apiVersion: API,
    kind: 'PostgreSQLInstance',
    metadata: {
      name,
      namespace: 'storefront',
      labels: { 'callboard.dev/owner': owner },
      annotations: {
        'callboard.dev/dependency-of': 'component:default/orders-service',
      },
    },
    spec: {
      parameters: { storageGB, version: '16', size: 'small' },
      writeConnectionSecretToRef: { name: `${name}-connection` },
    },
  };
}

describe('the infrastructure HTTP API', () => {
  let staging: KubernetesSandbox;
  let server: Parameters<typeof request>[0];
  let stopBackend: () => Promise<void>;

  const call = (
    as: string | undefined,
    method: 'get' | 'post',
    url: string,
    body?: object,
  ) => {
    const req = request(server)
      [method](`/api/infrastructure${url}`)
      .set(
        'Authorization',
        as ? mockCredentials.user.header(as) : mockCredentials.none.header(),
      );
    return body ? req.send(body) : req;
  };

  const storefrontClaims = () =>
    JSON.stringify(
      staging.store
        .list(API, 'PostgreSQLInstance')
        .map(o => [o.metadata.name, o.spec]),
    );

  const waitForTask = async (as: string, taskId: string) => {
    for (;;) {
      const task = await request(server)
        .get(`/api/scaffolder/v2/tasks/${taskId}`)
        .set('Authorization', mockCredentials.user.header(as));
      if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
        return task.body.status as string;
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    staging = await startCrossplaneCluster({ reconcileDelayMs: 200 });
    staging.store.apply(claimObject('orders-db', 'team-checkout', 40), {
      fieldManager: 'callboard',
    });
    staging.store.apply(claimObject('catalog-db', 'team-catalog', 50), {
      fieldManager: 'callboard',
    });
    await staging.crossplane.whenIdle();

    const template = loadTemplate('provision-database') as Entity;
    // Pull-request delivery is callboard:github:pull-request's, tested with it.
    (template.spec as { steps: unknown[] }).steps.splice(1);
    const entities: Entity[] = [
      template,
      team('team-checkout', 'storefront,payments'),
      team('team-fulfilment', 'fulfilment'),
      team('team-catalog', 'storefront'),
      team('platform-admins', ''),
      component('orders-service', 'group:default/team-checkout', 'storefront'),
      database('orders-db', {
        cluster: 'staging',
        environment: 'staging',
        owner: 'group:default/team-checkout',
      }),
      database('catalog-db', {
        cluster: 'staging',
        environment: 'staging',
        owner: 'group:default/team-catalog',
      }),
      database('lost-db', {
        cluster: 'down',
        environment: 'down',
        owner: 'group:default/team-checkout',
      }),
    ];
    const owners = new Map(
      entities.map(e => [
        stringifyEntityRef(e),
        (e.spec as { owner?: string }).owner,
      ]),
    );
    const backend = await startTestBackend({
      features: [
        infrastructurePlugin,
        scaffolderPlugin,
        scaffolderModuleInfrastructure,
        catalogServiceMock.factory({ entities }),
        mockServices.userInfo.mock({ getUserInfo: demoUserInfo }).factory,
        // The rules of packages/backend's policy: owners (and admins) act on a Resource.
        mockServices.permissions.mock({
          authorize: async (requests, options) => {
            const user = (
              options.credentials.principal as { userEntityRef?: string }
            ).userEntityRef!;
            return requests.map(({ permission, resourceRef }) => {
              if (permission.name === 'infrastructure.claim.create.any-team') {
                return {
                  result:
                    user === SAM ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
                };
              }
              if (
                isResourcePermission(permission) &&
                permission.attributes.action !== 'read'
              ) {
                const owner = owners.get(resourceRef ?? '');
                const mine = user === SAM || demoTeamsOf(user).includes(owner!);
                return {
                  result: mine ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
                };
              }
              return { result: AuthorizeResult.ALLOW };
            });
          },
          authorizeConditional: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: kubernetesConfig([
              sandboxClusterConfig('staging', staging),
              unreachableClusterConfig('down'),
            ]),
            infrastructure: {
              environments: [
                { name: 'staging', cluster: 'staging', delivery: 'direct' },
                { name: 'down', cluster: 'down', delivery: 'direct' },
              ],
              readyTimeout: { seconds: 5 },
              pollInterval: { milliseconds: 100 },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    await stopBackend?.();
    await staging?.close();
  });

  it('refuses callers who are not signed in', async () => {
    const response = await call(undefined, 'get', '/environments');
    expect(response.status).toBe(401);
  });

  it('lists environments with their delivery mode', async () => {
    const response = await call(ADA, 'get', '/environments');
    expect(response.body.environments).toEqual([
      {
        name: 'staging',
        title: 'staging',
        cluster: 'staging',
        delivery: 'direct',
      },
      { name: 'down', title: 'down', cluster: 'down', delivery: 'direct' },
    ]);
  });

  it("lists only a member's own teams with their namespaces", async () => {
    const response = await call(ADA, 'get', '/teams');
    expect(response.body).toEqual({
      teams: [
        {
          ref: 'group:default/team-checkout',
          namespaces: ['storefront', 'payments'],
        },
      ],
      anyTeam: false,
    });
  });

  it('lists every team to an admin, who may provision for any', async () => {
    const response = await call(SAM, 'get', '/teams');
    expect(response.status).toBe(200);
    expect(response.body.anyTeam).toBe(true);
    expect(response.body.teams).toEqual(
      expect.arrayContaining([
        {
          ref: 'group:default/team-checkout',
          namespaces: ['storefront', 'payments'],
        },
        { ref: 'group:default/team-fulfilment', namespaces: ['fulfilment'] },
        { ref: 'group:default/team-catalog', namespaces: ['storefront'] },
      ]),
    );
  });

  describe('GET /schema', () => {
    it("serves a v1 claim's parameters schema as the XRD declares it, plural from discovery", async () => {
      const response = await call(
        ADA,
        'get',
        '/schema?environment=staging&kind=PostgreSQLInstance',
      );
      expect(response.status).toBe(200);
      expect(response.body.api).toMatchObject({
        kind: 'PostgreSQLInstance',
        apiVersion: API,
        plural: 'postgresqlinstances',
        claim: true,
        connectionSecretKeys: expect.arrayContaining(['username', 'password']),
        parametersSchema: {
          type: 'object',
          required: expect.arrayContaining(['storageGB']),
          properties: {
            storageGB: expect.objectContaining({
              type: 'integer',
              maximum: 1000,
            }),
            version: expect.objectContaining({
              enum: expect.arrayContaining(['16']),
            }),
          },
        },
      });
    });

    it('serves a Crossplane v2 namespaced composite, which has no claim', async () => {
      const response = await call(
        ADA,
        'get',
        '/schema?environment=staging&kind=MySQLInstance',
      );
      expect(response.body.api).toMatchObject({
        kind: 'MySQLInstance',
        plural: 'mysqlinstances',
        claim: false,
        parametersSchema: {
          properties: { storageGB: expect.objectContaining({ maximum: 2000 }) },
        },
      });
    });

    it('follows the XRD when the platform team changes it, with no code change', async () => {
      const xrd = staging.store
        .list('apiextensions.crossplane.io/v1', 'CompositeResourceDefinition')!
        .find(o => o.metadata.name?.startsWith('xpostgresqlinstances'))!;
      delete xrd.metadata.resourceVersion;
      delete xrd.metadata.managedFields;
      const before = structuredClone(xrd);
      const parameters = (xrd.spec as any).versions[0].schema.openAPIV3Schema
        .properties.spec.properties.parameters;
      parameters.properties.storageGB.maximum = 500;
      staging.store.apply(xrd, {
        fieldManager: 'callboard-platform',
        force: true,
      });
      try {
        const response = await call(
          ADA,
          'get',
          '/schema?environment=staging&kind=PostgreSQLInstance',
        );
        expect(
          response.body.api.parametersSchema.properties.storageGB.maximum,
        ).toBe(500);
      } finally {
        staging.store.apply(before, {
          fieldManager: 'callboard-platform',
          force: true,
        });
      }
    });

    it.each([
      [
        'a kind that is not self-service',
        'environment=staging&kind=ClusterRoleBinding',
        403,
        /'ClusterRoleBinding' is not a self-service kind in cluster 'staging'; offered: 'MySQLInstance', 'PostgreSQLInstance'/,
      ],
      [
        'an unknown environment',
        'environment=qa&kind=PostgreSQLInstance',
        400,
        /No environment 'qa'; configured: 'staging', 'down'/,
      ],
      [
        'an unreachable cluster',
        'environment=down&kind=PostgreSQLInstance',
        503,
        /Cluster 'down' cannot be reached/,
      ],
      ['a missing kind', 'environment=staging', 400, /kind: Required/],
    ])('refuses %s', async (_case, query, status, message) => {
      const response = await call(ADA, 'get', `/schema?${query}`);
      expect(response.status).toBe(status);
      expect(response.body.error.message).toMatch(message);
    });
  });

  describe('POST /dry-run', () => {
    const claim = (overrides: Record<string, unknown> = {}) => ({
      environment: 'staging',
      kind: 'PostgreSQLInstance',
      team: 'group:default/team-checkout',
      component: 'component:default/orders-service',
      namespace: 'storefront',
      name: 'orders-reporting-db',
      parameters: { storageGB: 20, version: '16', size: 'small' },
      ...overrides,
    });

    it('accepts a valid claim and creates nothing', async () => {
      const before = storefrontClaims();
      const response = await call(ADA, 'post', '/dry-run', claim());
      expect(response.body).toEqual({ valid: true, fieldErrors: [] });
      expect(storefrontClaims()).toBe(before);
    });

    it.each([
      [
        'a maximum',
        { storageGB: 5000, version: '16', size: 'small' },
        'spec.parameters.storageGB',
        /less than or equal to 1000/,
      ],
      [
        'an enum',
        { storageGB: 20, version: '9', size: 'small' },
        'spec.parameters.version',
        /supported values: "14", "15", "16"/,
      ],
      [
        'a type',
        { storageGB: 'lots', version: '16', size: 'small' },
        'spec.parameters.storageGB',
        /must be of type integer|Invalid value/,
      ],
      [
        'an unknown field (fieldValidation=Strict)',
        { storageGB: 20, version: '16', size: 'small', colour: 'blue' },
        'spec.parameters.colour',
        /field not declared in schema/,
      ],
    ])(
      'reports %s violation on its field, in the API server’s words, creating nothing',
      async (_case, parameters, field, message) => {
        const before = storefrontClaims();
        const response = await call(
          ADA,
          'post',
          '/dry-run',
          claim({ parameters }),
        );
        expect(response.status).toBe(200);
        expect(response.body.valid).toBe(false);
        expect(response.body.fieldErrors).toContainEqual({
          field,
          message: expect.stringMatching(message),
        });
        expect(storefrontClaims()).toBe(before);
      },
    );

    it.each([
      [
        'a namespace that is not the team’s',
        ADA,
        claim({ namespace: 'fulfilment' }),
        403,
        /Namespace 'fulfilment' is not one of group:default\/team-checkout's namespaces/,
      ],
      [
        'kube-system',
        SAM,
        claim({ namespace: 'kube-system' }),
        403,
        /Namespace 'kube-system' is reserved for the platform/,
      ],
      [
        'a team the caller is not in',
        KWAME,
        claim(),
        403,
        /You are not a member of 'group:default\/team-checkout'/,
      ],
      [
        'a kind that is not self-service',
        ADA,
        claim({ kind: 'ClusterRoleBinding' }),
        403,
        /'ClusterRoleBinding' is not a self-service kind/,
      ],
      [
        'a name taken by another team’s claim',
        ADA,
        claim({ name: 'catalog-db' }),
        409,
        /already belongs to team 'team-catalog'; choose another name|resource:default\/catalog-db belongs to 'group:default\/team-catalog'/,
      ],
      [
        'an unreachable cluster',
        ADA,
        claim({ environment: 'down' }),
        503,
        /Cluster 'down' cannot be reached .*nothing was changed/,
      ],
      [
        'an invalid name',
        ADA,
        claim({ name: 'Orders_DB' }),
        400,
        /name: must be lower case letters/,
      ],
    ])(
      'refuses %s with a clear error',
      async (_case, as, body, status, message) => {
        const before = storefrontClaims();
        const response = await call(as, 'post', '/dry-run', body);
        expect(response.status).toBe(status);
        expect(response.body.error.message).toMatch(message);
        expect(storefrontClaims()).toBe(before);
      },
    );
  });

  describe('GET /status', () => {
    it('shows conditions, events, the composed tree, the secret’s keys without values, and the YAML', async () => {
      const response = await call(
        ADA,
        'get',
        '/status?entityRef=resource:default/orders-db',
      );
      expect(response.status).toBe(200);
      const status = response.body;
      expect(status).toMatchObject({
        cluster: 'staging',
        environment: 'staging',
        object: { kind: 'PostgreSQLInstance', name: 'orders-db' },
        synced: { type: 'Synced', status: 'True' },
        ready: { type: 'Ready', status: 'True' },
        unreadyLeaves: [],
        connectionSecret: {
          name: 'orders-db-connection',
          namespace: 'storefront',
          keys: expect.arrayContaining(['username', 'password']),
        },
      });
      expect(status.tree).toMatchObject({
        kind: 'PostgreSQLInstance',
        ready: 'True',
        children: [expect.objectContaining({ ready: 'True' })],
      });
      expect(status.tree.children[0].children.length).toBeGreaterThan(0);
      expect(status.yaml).toMatch(/name: orders-db/);
      expect(status.yaml).not.toMatch(/managedFields/);
      expect(JSON.stringify(status)).not.toMatch(/password:|"password":"/);
    });

    it('names the storage parameter resizes change and its size in the cluster, so the frontend need not be told', async () => {
      const response = await call(
        ADA,
        'get',
        '/status?entityRef=resource:default/orders-db',
      );
      expect(response.body.parameters).toMatchObject({ storageGB: 40 });
      expect(response.body.storage).toEqual({
        parameter: 'storageGB',
        title: 'Storage (GiB)',
        current: 40,
      });
    });

    it('names the composed resources that are not Ready', async () => {
      const claim = staging.store.get(
        API,
        'PostgreSQLInstance',
        'catalog-db',
        'storefront',
      )!;
      const compositeRef = (claim.spec as any).resourceRef;
      const composite = staging.store.get(
        compositeRef.apiVersion,
        compositeRef.kind,
        compositeRef.name,
      )!;
      const leafRef = (composite.spec as any).resourceRefs[0];
      const leaf = staging.store.get(
        leafRef.apiVersion,
        leafRef.kind,
        leafRef.name,
        leafRef.namespace,
      )!;
      staging.store.updateStatus({
        ...leaf,
        status: {
          ...(leaf.status as object),
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'Creating',
              message: 'instance is being created',
            },
          ],
        },
      });
      const response = await call(
        ADA,
        'get',
        '/status?entityRef=resource:default/catalog-db',
      );
      expect(response.body.unreadyLeaves).toEqual([
        `${leafRef.kind}/${leafRef.name}`,
      ]);
      expect(response.body.tree.children[0].children).toContainEqual(
        expect.objectContaining({
          kind: leafRef.kind,
          ready: 'False',
          reason: 'Creating',
          message: 'instance is being created',
        }),
      );
    });

    it.each([
      [
        'an unreachable cluster',
        'resource:default/lost-db',
        503,
        /Cluster 'down' cannot be reached/,
      ],
      ['an unknown entity', 'resource:default/nope', 404, /No entity/],
      [
        'an entity that is not a claim',
        'component:default/orders-service',
        400,
        /was not provisioned through Callboard/,
      ],
    ])('reports %s', async (_case, entityRef, status, message) => {
      const response = await call(ADA, 'get', `/status?entityRef=${entityRef}`);
      expect(response.status).toBe(status);
      expect(response.body.error.message).toMatch(message);
    });
  });

  describe('POST /resize and POST /delete', () => {
    it.each([
      [
        'a resize down',
        ADA,
        '/resize',
        { entityRef: 'resource:default/orders-db', storage: 10 },
        400,
        /Resize down refused: storageGB 10 is below the current 40; storage only grows/,
      ],
      [
        'a resize by a non-owner',
        KWAME,
        '/resize',
        { entityRef: 'resource:default/orders-db', storage: 80 },
        403,
        /Only the owners of 'resource:default\/orders-db' may resize it/,
      ],
      [
        'a resize of a database in an unreachable cluster',
        ADA,
        '/resize',
        { entityRef: 'resource:default/lost-db', storage: 80 },
        503,
        /Cluster 'down' cannot be reached/,
      ],
      [
        'a delete without confirmation',
        ADA,
        '/delete',
        { entityRef: 'resource:default/orders-db', confirmName: '' },
        400,
        /Deleting 'orders-db' needs its name typed again: confirmName 'orders-db'; nothing was deleted/,
      ],
      [
        'a delete confirmed with another name',
        ADA,
        '/delete',
        { entityRef: 'resource:default/orders-db', confirmName: 'orders' },
        400,
        /confirmName 'orders-db', got 'orders'/,
      ],
      [
        'a delete by a non-owner',
        KWAME,
        '/delete',
        { entityRef: 'resource:default/orders-db', confirmName: 'orders-db' },
        403,
        /Only the owners of 'resource:default\/orders-db' may delete it/,
      ],
    ])(
      'refuses %s at once, starting no task',
      async (_case, as, route, body, status, message) => {
        const before = storefrontClaims();
        const response = await call(as, 'post', route, body);
        expect(response.status).toBe(status);
        expect(response.body.error.message).toMatch(message);
        const tasks = await request(server)
          .get('/api/scaffolder/v2/tasks')
          .set('Authorization', mockCredentials.user.header(as));
        expect(tasks.body.tasks ?? []).toEqual([]);
        expect(storefrontClaims()).toBe(before);
      },
    );

    it('resizes up through the provision-database template, as the caller', async () => {
      const response = await call(ADA, 'post', '/resize', {
        entityRef: 'resource:default/orders-db',
        storage: 80,
      });
      expect(response.status).toBe(202);
      expect(response.body).toEqual({
        taskId: expect.any(String),
        operation: 'resize',
        delivery: 'direct',
      });
      expect(await waitForTask(ADA, response.body.taskId)).toBe('completed');
      expect(
        staging.store.get(API, 'PostgreSQLInstance', 'orders-db', 'storefront')!
          .spec,
      ).toMatchObject({
        parameters: { storageGB: 80, version: '16', size: 'small' },
      });
    });

    it('deletes, confirmed by name, by the owner', async () => {
      const response = await call(ADA, 'post', '/delete', {
        entityRef: 'resource:default/orders-db',
        confirmName: 'orders-db',
      });
      expect(response.status).toBe(202);
      expect(await waitForTask(ADA, response.body.taskId)).toBe('completed');
      expect(
        staging.store.get(API, 'PostgreSQLInstance', 'orders-db', 'storefront'),
      ).toBeUndefined();
    });
  });
});
