import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  Watch,
} from '@kubernetes/client-node';
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
import { failureAnnotation } from './CrossplaneReconciler';

type Condition = {
  type: string;
  status: string;
  reason: string;
  message?: string;
};

const conditionsOf = (object: object) =>
  (
    (object as { status?: { conditions?: Condition[] } }).status?.conditions ??
    []
  ).map(
    condition => `${condition.type}=${condition.status}/${condition.reason}`,
  );

describe('Crossplane stand-in', () => {
  let sandbox: KubernetesSandbox;
  let kubeConfig: KubeConfig;
  let objects: KubernetesObjectApi;
  const manager = 'callboard-scaffolder';

  const apply = (object: KubeObject) =>
    objects.patch(
      object as KubernetesObject,
      undefined,
      undefined,
      manager,
      true,
      PatchStrategy.ServerSideApply,
    );

  const claimOf = (name: string, namespace = 'team-a') =>
    sandbox.store.get(
      'platform.callboard.dev/v1alpha1',
      'PostgreSQLInstance',
      name,
      namespace,
    );

  beforeAll(async () => {
    sandbox = await startKubernetesServer({ tls: true, reconcileDelayMs: 40 });
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(sandbox.kubeconfig());
    objects = KubernetesObjectApi.makeApiClient(kubeConfig);
    sandbox.store.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a' },
    });
    await apply(postgresXrd);
    await apply(postgresComposition);
  });

  afterAll(() => sandbox.close());

  it('establishes the XRD and serves its composite and claim kinds', async () => {
    const xrd = sandbox.store.get(
      'apiextensions.crossplane.io/v1',
      'CompositeResourceDefinition',
      'xpostgresqlinstances.platform.callboard.dev',
    );
    expect(conditionsOf(xrd!)).toEqual([
      'Established=True/WatchingCompositeResource',
      'Offered=True/OfferedClaims',
    ]);
    const claims = await objects.list(
      'platform.callboard.dev/v1alpha1',
      'PostgreSQLInstance',
      'team-a',
    );
    expect(claims.items).toEqual([]);
    const crds = sandbox.store
      .list('apiextensions.k8s.io/v1', 'CustomResourceDefinition')
      .map(crd => crd.metadata.name);
    expect(crds).toEqual(
      expect.arrayContaining([
        'postgresqlinstances.platform.callboard.dev',
        'xpostgresqlinstances.platform.callboard.dev',
      ]),
    );
  });

  it('reconciles a claim to Synced then Ready, observed through a watch', async () => {
    const seen: string[][] = [];
    let becameReady: () => void = () => {};
    const ready = new Promise<void>(resolve => {
      becameReady = resolve;
    });
    const controller = await new Watch(kubeConfig).watch(
      '/apis/platform.callboard.dev/v1alpha1/namespaces/team-a/postgresqlinstances',
      { fieldSelector: 'metadata.name=orders-db' },
      (_phase, object: KubernetesObject) => {
        seen.push(conditionsOf(object));
        if (conditionsOf(object).includes('Ready=True/Available'))
          becameReady();
      },
      () => {},
    );
    await apply(postgresClaim('orders-db', 'team-a'));
    await ready;
    controller.abort();

    expect(seen[0]).toEqual([]);
    expect(seen).toContainEqual(['Synced=True/ReconcileSuccess']);
    expect(seen[seen.length - 1]).toEqual([
      'Synced=True/ReconcileSuccess',
      'Ready=True/Available',
    ]);

    const claim = claimOf('orders-db')!;
    const resourceRef = (
      claim.spec as {
        resourceRef: { apiVersion: string; kind: string; name: string };
      }
    ).resourceRef;
    expect(resourceRef).toEqual({
      apiVersion: 'platform.callboard.dev/v1alpha1',
      kind: 'XPostgreSQLInstance',
      name: expect.stringMatching(/^orders-db-[a-z0-9]{5}$/),
    });
    expect(claim.spec).toMatchObject({
      parameters: { storageGB: 20, version: '16' },
    });

    const composite = sandbox.store.get(
      resourceRef.apiVersion,
      resourceRef.kind,
      resourceRef.name,
    )!;
    expect(composite.spec).toMatchObject({
      parameters: { storageGB: 20, version: '16' },
      claimRef: {
        apiVersion: 'platform.callboard.dev/v1alpha1',
        kind: 'PostgreSQLInstance',
        name: 'orders-db',
        namespace: 'team-a',
      },
      compositionRef: {
        name: 'xpostgresqlinstances.aws.platform.callboard.dev',
      },
      resourceRefs: [
        {
          apiVersion: 'database.aws.crossplane.io/v1beta1',
          kind: 'RDSInstance',
          name: expect.any(String),
        },
      ],
    });
    expect(conditionsOf(composite)).toEqual([
      'Synced=True/ReconcileSuccess',
      'Ready=True/Available',
    ]);

    const [rds] = sandbox.store.list(
      'database.aws.crossplane.io/v1beta1',
      'RDSInstance',
    );
    expect(rds.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'XPostgreSQLInstance',
        uid: composite.metadata.uid,
        controller: true,
      }),
    ]);
    expect(rds.metadata.labels).toMatchObject({
      'crossplane.io/claim-name': 'orders-db',
      'crossplane.io/claim-namespace': 'team-a',
    });
    expect(rds.spec).toEqual({
      forProvider: {
        region: 'eu-west-1',
        dbInstanceClass: 'db.t3.micro',
        engine: 'postgres',
        allocatedStorage: 20,
        engineVersion: '16',
      },
    });
  });

  it('writes the connection secret and records events about the claim', async () => {
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const secret = await core.readNamespacedSecret({
      namespace: 'team-a',
      name: 'orders-db-connection',
    });
    expect(secret.type).toBe('connection.crossplane.io/v1alpha1');
    const decoded = Object.fromEntries(
      Object.entries(secret.data ?? {}).map(([key, value]) => [
        key,
        Buffer.from(value, 'base64').toString(),
      ]),
    );
    expect(decoded).toEqual({
      username: expect.stringMatching(/^callboard_[0-9a-f]{8}$/),
      password: expect.stringMatching(/^[\w-]{24}$/),
      endpoint: expect.stringMatching(
        /^orders-db-[a-z0-9]{5}\.team-a\.sandbox\.callboard\.internal$/,
      ),
      port: '5432',
    });
    expect(secret.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'PostgreSQLInstance',
      name: 'orders-db',
    });

    const events = await core.listNamespacedEvent({
      namespace: 'team-a',
      fieldSelector: 'involvedObject.name=orders-db',
    });
    expect(events.items.map(event => event.reason)).toEqual(
      expect.arrayContaining([
        'ConfigureCompositeResource',
        'BindCompositeResource',
        'ComposeResources',
        'PublishConnectionSecret',
      ]),
    );
    expect(
      events.items.every(
        event => event.involvedObject.kind === 'PostgreSQLInstance',
      ),
    ).toBe(true);

    await apply(postgresClaim('orders-db', 'team-a', { storageGB: 40 }));
    await sandbox.crossplane.whenIdle();
    const again = await core.readNamespacedSecret({
      namespace: 'team-a',
      name: 'orders-db-connection',
    });
    expect(again.data).toEqual(secret.data);
    expect(
      sandbox.store.list('database.aws.crossplane.io/v1beta1', 'RDSInstance')[0]
        .spec,
    ).toMatchObject({
      forProvider: { allocatedStorage: 40 },
    });
  });

  it('rejects a claim that violates the XRD schema with 422', async () => {
    const error = await apply(
      postgresClaim('huge-db', 'team-a', { storageGB: 5000, version: '17' }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiException);
    const { code, body } = error as ApiException<string>;
    expect(code).toBe(422);
    const status = typeof body === 'string' ? JSON.parse(body) : body;
    expect(status).toMatchObject({
      reason: 'Invalid',
      message:
        'PostgreSQLInstance.platform.callboard.dev "huge-db" is invalid: [spec.parameters.storageGB: Invalid value: 5000: spec.parameters.storageGB in body should be less than or equal to 1000, spec.parameters.version: Unsupported value: "17": supported values: "14", "15", "16"]',
      details: {
        name: 'huge-db',
        group: 'platform.callboard.dev',
        kind: 'PostgreSQLInstance',
        causes: [
          { reason: 'FieldValueInvalid', field: 'spec.parameters.storageGB' },
          {
            reason: 'FieldValueNotSupported',
            field: 'spec.parameters.version',
          },
        ],
      },
    });
    expect(claimOf('huge-db')).toBeUndefined();
  });

  it('fails the next matching reconcile on demand', async () => {
    sandbox.crossplane.failNext(
      { kind: 'PostgreSQLInstance', name: 'flaky-db' },
      'quota exceeded for db.t3.micro',
    );
    await apply(postgresClaim('flaky-db', 'team-a'));
    await sandbox.crossplane.whenIdle();
    const claim = claimOf('flaky-db')!;
    expect((claim.status as { conditions: Condition[] }).conditions).toEqual([
      expect.objectContaining({
        type: 'Synced',
        status: 'False',
        reason: 'ReconcileError',
        message: 'quota exceeded for db.t3.micro',
      }),
    ]);
    const events = sandbox.store
      .list('v1', 'Event', 'team-a')
      .filter(
        event => (event.involvedObject as { name: string }).name === 'flaky-db',
      );
    expect(events).toEqual([
      expect.objectContaining({
        type: 'Warning',
        message: 'quota exceeded for db.t3.micro',
      }),
    ]);

    await apply(postgresClaim('flaky-db', 'team-a', { storageGB: 30 }));
    await sandbox.crossplane.whenIdle();
    expect(conditionsOf(claimOf('flaky-db')!)).toEqual([
      'Synced=True/ReconcileSuccess',
      'Ready=True/Available',
    ]);
  });

  it('fails while the failure annotation is present and recovers when it goes', async () => {
    await apply(
      postgresClaim(
        'annotated-db',
        'team-a',
        { storageGB: 20 },
        { [failureAnnotation]: 'subnet group not found' },
      ),
    );
    await sandbox.crossplane.whenIdle();
    expect(conditionsOf(claimOf('annotated-db')!)).toEqual([
      'Synced=False/ReconcileError',
    ]);

    await apply(postgresClaim('annotated-db', 'team-a'));
    await sandbox.crossplane.whenIdle();
    expect(conditionsOf(claimOf('annotated-db')!)).toEqual([
      'Synced=True/ReconcileSuccess',
      'Ready=True/Available',
    ]);
  });

  it('deletes the composite, composed resources and secret with the claim', async () => {
    await apply(postgresClaim('short-lived', 'team-a'));
    await sandbox.crossplane.whenIdle();
    const compositeName = (
      claimOf('short-lived')!.spec as { resourceRef: { name: string } }
    ).resourceRef.name;
    await objects.delete({
      apiVersion: 'platform.callboard.dev/v1alpha1',
      kind: 'PostgreSQLInstance',
      metadata: { name: 'short-lived', namespace: 'team-a' },
    });
    expect(
      sandbox.store.get(
        'platform.callboard.dev/v1alpha1',
        'XPostgreSQLInstance',
        compositeName,
      ),
    ).toBeUndefined();
    expect(
      sandbox.store.get('v1', 'Secret', 'short-lived-connection', 'team-a'),
    ).toBeUndefined();
    expect(
      sandbox.store
        .list('database.aws.crossplane.io/v1beta1', 'RDSInstance')
        .filter(
          rds =>
            rds.metadata.labels?.['crossplane.io/claim-name'] === 'short-lived',
        ),
    ).toEqual([]);
  });

  it('reconciles namespaced composites of Crossplane v2 XRDs, retrying once a missing Composition appears', async () => {
    sandbox.store.apply({
      apiVersion: 'apiextensions.crossplane.io/v2',
      kind: 'CompositeResourceDefinition',
      metadata: { name: 'buckets.storage.callboard.dev' },
      spec: {
        group: 'storage.callboard.dev',
        scope: 'Namespaced',
        names: { kind: 'Bucket', plural: 'buckets' },
        versions: [
          {
            name: 'v1',
            served: true,
            referenceable: true,
            schema: { openAPIV3Schema: { type: 'object' } },
          },
        ],
      },
    });
    const bucket = (name: string) => ({
      apiVersion: 'storage.callboard.dev/v1',
      kind: 'Bucket',
      metadata: { name, namespace: 'team-a' },
      spec: { writeConnectionSecretToRef: { name: `${name}-access` } },
    });
    sandbox.store.apply(bucket('no-composition'));
    await sandbox.crossplane.whenIdle();
    expect(
      sandbox.store.get(
        'storage.callboard.dev/v1',
        'Bucket',
        'no-composition',
        'team-a',
      )?.status,
    ).toMatchObject({
      conditions: [
        expect.objectContaining({
          reason: 'ReconcileError',
          message: expect.stringContaining('cannot select Composition'),
        }),
      ],
    });

    sandbox.store.apply({
      apiVersion: 'apiextensions.crossplane.io/v1',
      kind: 'Composition',
      metadata: { name: 'buckets' },
      spec: {
        compositeTypeRef: {
          apiVersion: 'storage.callboard.dev/v1',
          kind: 'Bucket',
        },
        resources: [
          {
            name: 'config',
            base: {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              data: { purpose: 'bucket' },
            },
          },
        ],
      },
    });
    sandbox.store.apply(bucket('assets'));
    await sandbox.crossplane.whenIdle();
    expect(
      conditionsOf(
        sandbox.store.get(
          'storage.callboard.dev/v1',
          'Bucket',
          'no-composition',
          'team-a',
        )!,
      ),
    ).toEqual(['Synced=True/ReconcileSuccess', 'Ready=True/Available']);
    const composite = sandbox.store.get(
      'storage.callboard.dev/v1',
      'Bucket',
      'assets',
      'team-a',
    )!;
    expect(conditionsOf(composite)).toEqual([
      'Synced=True/ReconcileSuccess',
      'Ready=True/Available',
    ]);
    expect(
      sandbox.store.get('v1', 'Secret', 'assets-access', 'team-a'),
    ).toBeDefined();
    const configMaps = sandbox.store
      .list('v1', 'ConfigMap', 'team-a')
      .filter(
        configMap =>
          configMap.metadata.labels?.['crossplane.io/composite'] === 'assets',
      );
    expect(configMaps).toEqual([
      expect.objectContaining({ data: { purpose: 'bucket' } }),
    ]);
  });

  it('records pipeline compositions without running their functions', async () => {
    sandbox.store.apply({
      apiVersion: 'apiextensions.crossplane.io/v1',
      kind: 'CompositeResourceDefinition',
      metadata: { name: 'xqueues.messaging.callboard.dev' },
      spec: {
        group: 'messaging.callboard.dev',
        names: { kind: 'XQueue', plural: 'xqueues' },
        versions: [{ name: 'v1', served: true, referenceable: true }],
      },
    });
    sandbox.store.apply({
      apiVersion: 'apiextensions.crossplane.io/v1',
      kind: 'Composition',
      metadata: { name: 'xqueues' },
      spec: {
        compositeTypeRef: {
          apiVersion: 'messaging.callboard.dev/v1',
          kind: 'XQueue',
        },
        mode: 'Pipeline',
        pipeline: [
          {
            step: 'render',
            functionRef: { name: 'function-patch-and-transform' },
          },
        ],
      },
    });
    sandbox.store.apply({
      apiVersion: 'messaging.callboard.dev/v1',
      kind: 'XQueue',
      metadata: { name: 'jobs' },
      spec: {},
    });
    await sandbox.crossplane.whenIdle();
    expect(
      conditionsOf(
        sandbox.store.get('messaging.callboard.dev/v1', 'XQueue', 'jobs')!,
      ),
    ).toEqual(['Synced=True/ReconcileSuccess', 'Ready=True/Available']);
    const events = sandbox.store
      .list('v1', 'Event', 'default')
      .filter(
        event => (event.involvedObject as { name: string }).name === 'jobs',
      );
    expect(events.map(event => event.message)).toEqual([
      expect.stringContaining('render (function-patch-and-transform)'),
    ]);
  });
});
