import { Entity } from '@backstage/catalog-model';
import {
  KubernetesSandbox,
  seedDemoCluster,
  startKubernetesServer,
} from '@callboard/sandbox';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { CatalogApi } from './__testUtils__/catalogApi';
import { devUserToken, guestToken } from './__testUtils__/guestSignIn';
import {
  INFRASTRUCTURE_REPO,
  ORG,
  startTidewaterGitHub,
  TidewaterGitHub,
} from './__testUtils__/scaffolderGitHub';
import {
  BackendProcess,
  startBackendProcess,
} from './__testUtils__/startBackendProcess';

// Assembled so that lint's no-script-url does not take the test's own input for code.
const SCRIPT_URL = ['javascript', 'alert(1)'].join(':');

jest.setTimeout(420_000);

const CONFIGURED_LOCATIONS = parse(
  fs.readFileSync(path.resolve(__dirname, '../../../app-config.yaml'), 'utf8'),
).catalog.locations;

/** A second engineer (team-fulfilment) and a platform admin, beside the guest (Ada, team-checkout). */
const ENGINEER = 'kwame.mensah';
const ADMIN = 'sam.rivera';
const CLUSTER = 'sandbox';
const SECRET_NAMESPACE = 'fulfilment';
const SECRET_NAME = 'inventory-db-credentials';

type Identity = 'guest' | 'engineer' | 'admin';
type Answer = { status: number; body: any; text: string };

describe('the locked-down portal', () => {
  let kubernetes: KubernetesSandbox;
  let github: TidewaterGitHub;
  let backend: BackendProcess;
  let scratchDir: string;
  const tokens = {} as Record<Identity, string>;

  async function call(
    who: Identity,
    method: string,
    urlPath: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const response = await fetch(`${backend.baseUrl}${urlPath}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(options.body !== undefined
          ? { 'content-type': 'application/json' }
          : {}),
        ...options.headers,
      },
      body:
        options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
    const text = await response.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, body, text };
  }

  const catalogAs = (who: Identity) =>
    new CatalogApi(backend.baseUrl, tokens[who]);

  /** Commits a catalog file to a sandbox repository and returns its URL for registration. */
  async function publishCatalogFile(
    name: string,
    entities: object[],
  ): Promise<string> {
    await github.admin.rest.repos.createOrUpdateFileContents({
      owner: ORG,
      repo: INFRASTRUCTURE_REPO,
      path: name,
      message: `Add ${name}`,
      content: Buffer.from(
        entities.map(entity => stringify(entity)).join('---\n'),
      ).toString('base64'),
    });
    return `http://${github.integration.host}/${ORG}/${INFRASTRUCTURE_REPO}/blob/main/${name}`;
  }

  beforeAll(async () => {
    scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'callboard-lockdown-'));
    kubernetes = await startKubernetesServer({ tls: true });
    await seedDemoCluster({ kubernetes });
    kubernetes.store.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: SECRET_NAME, namespace: SECRET_NAMESPACE },
      data: {
        username: Buffer.from('inventory').toString('base64'),
        password: Buffer.from('hunter2-inventory').toString('base64'),
      },
    });
    const caFile = path.join(scratchDir, 'ca.pem');
    fs.writeFileSync(caFile, kubernetes.caPem!);
    github = await startTidewaterGitHub();

    backend = await startBackendProcess({
      // Dozens of plugins and a seeded cluster start slowly on a loaded CI machine.
      startTimeoutMs: 240_000,
      overrides: {
        backend: {
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
        integrations: { github: [github.integration] },
        auth: { providers: { devUsers: { users: [ENGINEER, ADMIN] } } },
        catalog: {
          locations: CONFIGURED_LOCATIONS,
          processingInterval: { seconds: 1 },
        },
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: CLUSTER,
                  url: kubernetes.url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: kubernetes.token,
                  caFile,
                },
              ],
            },
          ],
        },
      },
    });
    const bootstrap = await CatalogApi.signInAsGuest(backend.baseUrl);
    await bootstrap.waitFor(async () => {
      await Promise.all(
        [`user:default/${ENGINEER}`, `user:default/${ADMIN}`].map(ref =>
          bootstrap.getEntity(ref),
        ),
      );
      return true;
    }, 'the demo users in the catalog');
    // Ownership is resolved at sign-in, so every identity signs in once the org is loaded.
    tokens.guest = await guestToken(backend.baseUrl);
    tokens.engineer = await devUserToken(backend.baseUrl, ENGINEER);
    tokens.admin = await devUserToken(backend.baseUrl, ADMIN);
  });

  afterAll(async () => {
    await backend?.stop();
    await github?.close();
    await kubernetes?.close();
    if (scratchDir) {
      fs.rmSync(scratchDir, { recursive: true, force: true });
    }
  });

  const proxy = { headers: { 'Backstage-Kubernetes-Cluster': CLUSTER } };

  describe('Kubernetes', () => {
    it.each<Identity>(['guest', 'engineer'])(
      'refuses the raw proxy to %s, for reads and writes, and changes nothing',
      async who => {
        const secretsBefore = kubernetes.store.list('v1', 'Secret').length;
        const read = await call(
          who,
          'GET',
          '/api/kubernetes/proxy/api/v1/secrets',
          proxy,
        );
        const create = await call(
          who,
          'POST',
          '/api/kubernetes/proxy/api/v1/namespaces/default/configmaps',
          {
            ...proxy,
            body: {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: `probe-${who}` },
            },
          },
        );
        const remove = await call(
          who,
          'DELETE',
          `/api/kubernetes/proxy/api/v1/namespaces/${SECRET_NAMESPACE}/secrets/${SECRET_NAME}`,
          proxy,
        );
        for (const answer of [read, create, remove]) {
          expect(answer.status).toBe(403);
          expect(answer.body.error.name).toBe('NotAllowedError');
          expect(answer.text).not.toContain('hunter2');
        }
        expect(
          kubernetes.store.get('v1', 'ConfigMap', `probe-${who}`, 'default'),
        ).toBeUndefined();
        expect(kubernetes.store.list('v1', 'Secret')).toHaveLength(
          secretsBefore,
        );
      },
    );

    it('lets a platform admin use the proxy for other objects', async () => {
      const pods = await call(
        'admin',
        'GET',
        `/api/kubernetes/proxy/api/v1/namespaces/${SECRET_NAMESPACE}/pods`,
        proxy,
      );
      expect(pods.status).toBe(200);
      expect(pods.body.kind).toBe('PodList');
      expect(pods.body.items.length).toBeGreaterThan(0);
    });

    it.each([
      '/api/v1/secrets',
      `/api/v1/namespaces/${SECRET_NAMESPACE}/secrets`,
      `/api/v1/namespaces/${SECRET_NAMESPACE}/secrets/${SECRET_NAME}`,
      `/api/v1/namespaces/${SECRET_NAMESPACE}/%73ecrets/${SECRET_NAME}`,
      `/api/v1/namespaces/${SECRET_NAMESPACE}/SECRETS`,
      '/api/v1/watch/secrets',
      '/api/v1/secrets?watch=true',
    ])(
      'refuses %s through the proxy even to a platform admin',
      async kubePath => {
        const answer = await call(
          'admin',
          'GET',
          `/api/kubernetes/proxy${kubePath}`,
          proxy,
        );
        expect(answer.status).toBe(403);
        expect(answer.body.error).toEqual(
          expect.objectContaining({
            name: 'NotAllowedError',
            message: expect.stringContaining(
              'Secrets are not served through the Kubernetes proxy',
            ),
          }),
        );
        expect(answer.text).not.toContain('hunter2');
      },
    );

    it('refuses a platform admin deleting a Secret through the proxy, and keeps it', async () => {
      const answer = await call(
        'admin',
        'DELETE',
        `/api/kubernetes/proxy/api/v1/namespaces/${SECRET_NAMESPACE}/secrets/${SECRET_NAME}`,
        proxy,
      );
      expect(answer.status).toBe(403);
      expect(
        kubernetes.store.get('v1', 'Secret', SECRET_NAME, SECRET_NAMESPACE),
      ).toBeDefined();
    });

    it.each<Identity>(['guest', 'engineer', 'admin'])(
      'refuses %s Secrets through the custom-resource query',
      async who => {
        const answer = await call(
          who,
          'POST',
          '/api/kubernetes/resources/custom/query',
          {
            body: {
              entityRef: 'component:default/inventory-service',
              customResources: [
                { group: '', apiVersion: 'v1', plural: 'secrets' },
              ],
            },
          },
        );
        expect(answer.status).toBe(403);
        expect(answer.body.error.message).toBe(
          "Secrets are not served through the Kubernetes plugin: customResources includes plural 'secrets'",
        );
        expect(answer.text).not.toContain('hunter2');
      },
    );

    it.each<Identity>(['guest', 'engineer', 'admin'])(
      'shows %s the Kubernetes tab: workloads and pods of an entity, without Secrets',
      async who => {
        const answer = await call(
          who,
          'POST',
          '/api/kubernetes/services/inventory-service',
          {
            body: {
              entity: {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: { name: 'inventory-service', namespace: 'default' },
              },
            },
          },
        );
        expect(answer.status).toBe(200);
        const resources = answer.body.items.flatMap(
          (item: { resources: { type: string; resources: unknown[] }[] }) =>
            item.resources,
        );
        const types = resources
          .filter((r: { resources: unknown[] }) => r.resources.length > 0)
          .map((r: { type: string }) => r.type);
        expect(types).toEqual(expect.arrayContaining(['pods', 'deployments']));
        expect(types).not.toContain('secrets');
        expect(answer.text).not.toContain('hunter2');
      },
    );
  });

  describe('catalog registration', () => {
    it.each<Identity>(['guest', 'engineer'])(
      'refuses a Group, a User and a Template that %s registers, and leaves ownership unchanged',
      async who => {
        const suffix = who;
        const ownershipBefore = (
          await call(who, 'GET', '/api/auth/v1/userinfo')
        ).body;
        const target = await publishCatalogFile(`team-${suffix}.yaml`, [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: `team-payments-${suffix}` },
            spec: {
              type: 'team',
              children: [],
              members: ['user:default/ada.okafor', `user:default/${ENGINEER}`],
            },
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: `mallory-${suffix}` },
            spec: { memberOf: ['platform-admins'] },
          },
        ]);
        const registered = await call(who, 'POST', '/api/catalog/locations', {
          body: { type: 'url', target },
        });
        expect(registered.status).toBe(201);

        const catalog = catalogAs('admin');
        let errors: string[] = [];
        await catalog.waitFor(async () => {
          errors = await catalog.processingErrorsFor(target);
          return errors.length > 0;
        }, `the refusal of ${target}`);
        expect(errors.join('\n')).toMatch(
          new RegExp(
            `Entity group:default/team-payments-${suffix} at url:${target.replace(
              /[.*+?^${}()|[\]\\]/g,
              '\\$&',
            )}.* is not of an allowed kind for that location`,
            'i',
          ),
        );
        for (const ref of [
          `group/default/team-payments-${suffix}`,
          `user/default/mallory-${suffix}`,
        ]) {
          const lookup = await call(
            'admin',
            'GET',
            `/api/catalog/entities/by-name/${ref}`,
          );
          expect({ ref, status: lookup.status }).toEqual({ ref, status: 404 });
        }
        const resigned =
          who === 'guest'
            ? await guestToken(backend.baseUrl)
            : await devUserToken(backend.baseUrl, ENGINEER);
        const ownershipAfter = await (
          await fetch(`${backend.baseUrl}/api/auth/v1/userinfo`, {
            headers: { authorization: `Bearer ${resigned}` },
          })
        ).json();
        expect(ownershipAfter).toEqual(ownershipBefore);
        expect(ownershipAfter.claims.ent).not.toContain(
          'group:default/platform-admins',
        );
      },
    );

    it('refuses a Template from a location a user registers', async () => {
      const target = await publishCatalogFile('template.yaml', [
        {
          apiVersion: 'scaffolder.backstage.io/v1beta3',
          kind: 'Template',
          metadata: { name: 'read-any-repository' },
          spec: { type: 'service', parameters: [], steps: [] },
        },
      ]);
      expect(
        (
          await call('guest', 'POST', '/api/catalog/locations', {
            body: { type: 'url', target },
          })
        ).status,
      ).toBe(201);
      const catalog = catalogAs('admin');
      let errors: string[] = [];
      await catalog.waitFor(async () => {
        errors = await catalog.processingErrorsFor(target);
        return errors.length > 0;
      }, `the refusal of ${target}`);
      expect(errors.join('\n')).toMatch(
        /template:default\/read-any-repository .* is not of an allowed kind/i,
      );
      expect(
        (
          await call(
            'admin',
            'GET',
            '/api/catalog/entities/by-name/template/default/read-any-repository',
          )
        ).status,
      ).toBe(404);
    });

    it('keeps Template, Group, User and Domain from the configured locations', async () => {
      const counts = await catalogAs('guest').countsByKind();
      expect(counts).toEqual(
        expect.objectContaining({
          Template: expect.any(Number),
          Group: expect.any(Number),
          User: expect.any(Number),
          Domain: expect.any(Number),
        }),
      );
    });
  });

  describe('entity content', () => {
    const contentErrors = () =>
      catalogAs('admin').processingErrorsWhere(entity =>
        ['huge-description', 'script-link'].includes(entity.metadata.name),
      );

    beforeAll(async () => {
      const component = (
        name: string,
        metadata: Partial<Entity['metadata']>,
      ) => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name, ...metadata },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: 'group:default/team-checkout',
        },
      });
      const target = await publishCatalogFile('content.yaml', [
        component('huge-description', { description: 'x'.repeat(10_000_000) }),
        component('script-link', {
          links: [{ url: SCRIPT_URL, title: 'Click me' }],
        }),
        component('well-behaved', {
          description: 'Loads while its neighbours are refused',
          links: [{ url: 'https://tidewater.example', title: 'Home' }],
        }),
      ]);
      const registered = await call('guest', 'POST', '/api/catalog/locations', {
        body: { type: 'url', target },
      });
      if (registered.status !== 201) {
        throw new Error(`Registering ${target} answered ${registered.status}`);
      }
      await catalogAs('guest').waitFor(async () => {
        const errors = await contentErrors();
        const neighbour = await call(
          'guest',
          'GET',
          '/api/catalog/entities/by-name/component/default/well-behaved',
        );
        return errors.length >= 2 && neighbour.status === 200;
      }, 'the content location to be processed');
    });

    it.each([
      [
        'huge-description',
        'metadata.description is 10000000 characters long; the limit is 2000',
      ],
      [
        'script-link',
        `metadata.links[0].url '${SCRIPT_URL}' uses scheme 'javascript'; allowed schemes are http, https, mailto`,
      ],
    ])(
      'refuses %s with an error naming the field and the limit',
      async (name, message) => {
        const errors = await contentErrors();
        expect(errors.join('\n')).toContain(
          `Component:default/${name} was refused: `,
        );
        expect(errors.join('\n')).toContain(message);
        const lookup = await call(
          'guest',
          'GET',
          `/api/catalog/entities/by-name/component/default/${name}`,
        );
        expect(lookup.status).toBe(404);
      },
    );

    it('loads the rest of the location, and the first catalog page stays small', async () => {
      const neighbour = await call(
        'guest',
        'GET',
        '/api/catalog/entities/by-name/component/default/well-behaved',
      );
      expect(neighbour.status).toBe(200);
      const page = await call(
        'guest',
        'GET',
        '/api/catalog/entities/by-query?limit=20',
      );
      expect(page.status).toBe(200);
      expect(page.text.length).toBeLessThan(1_000_000);
    });
  });

  describe('entity deletion', () => {
    it.each<[Identity, string]>([
      ['guest', 'inventory-service'],
      ['engineer', 'payments-service'],
    ])(
      'refuses %s deleting another team’s entity (%s), which stays',
      async (who, name) => {
        const entity = await catalogAs('admin').getEntity(
          `component:default/${name}`,
        );
        const answer = await call(
          who,
          'DELETE',
          `/api/catalog/entities/by-uid/${entity.metadata.uid}`,
        );
        expect(answer.status).toBe(403);
        expect(answer.body.error.name).toBe('NotAllowedError');
        expect(
          (await catalogAs('admin').getEntity(`component:default/${name}`))
            .metadata.uid,
        ).toBe(entity.metadata.uid);
      },
    );
  });
  describe('audit', () => {
    const auditLines = () =>
      backend
        .output()
        // eslint-disable-next-line no-control-regex
        .replace(/\u001b\[[0-9;]*m/g, '')
        .split('\n')
        .filter(line => line.includes('isAuditEvent=true'));

    it.each([
      [
        'a permission denial, with the user who asked',
        [
          'permission.permission-denied',
          '"permission":"kubernetes.proxy"',
          `"actor":"user:default/${ENGINEER}"`,
          'status="failed"',
        ],
      ],
      [
        'a refused entity delete, with its actor',
        [
          'catalog.entity-mutate',
          `"actorId":"user:default/${ENGINEER}"`,
          'status="failed"',
        ],
      ],
      [
        'a location registration, with its actor',
        [
          'catalog.location-mutate',
          '"actorId":"user:default/ada.okafor"',
          'status="succeeded"',
        ],
      ],
    ])('records %s', (_, fragments) => {
      expect(
        auditLines().some(line =>
          fragments.every(fragment => line.includes(fragment)),
        ),
      ).toBe(true);
    });
  });
});
