import { randomBytes } from 'node:crypto';
import {
  BackendProcess,
  findFreePort,
  startBackendProcess,
} from './__testUtils__/startBackendProcess';
import {
  dropDatabases,
  POSTGRES,
  withDatabase,
} from './__testUtils__/postgres';

jest.setTimeout(300_000);

describe('the backend with app-config.production.yaml', () => {
  // Each run gets its own databases so runs on a shared server never see each other's data.
  const prefix = `callboard_test_${randomBytes(4).toString('hex')}_`;
  const staticToken = randomBytes(24).toString('hex');
  let backend: BackendProcess;

  beforeAll(async () => {
    const port = await findFreePort();
    backend = await startBackendProcess({
      // Dozens of plugins start slowly on a loaded CI machine.
      startTimeoutMs: 240_000,
      port,
      nodeEnv: 'production',
      configFiles: ['app-config.yaml', 'app-config.production.yaml'],
      env: {
        CALLBOARD_BASE_URL: `http://localhost:${port}`,
        BACKEND_SECRET: randomBytes(24).toString('hex'),
        AUTH_GITHUB_CLIENT_ID: 'production-test-client',
        AUTH_GITHUB_CLIENT_SECRET: randomBytes(24).toString('hex'),
        POSTGRES_HOST: POSTGRES.host,
        POSTGRES_PORT: String(POSTGRES.port),
        POSTGRES_USER: POSTGRES.user,
        POSTGRES_PASSWORD: POSTGRES.password,
      },
      overrides: {
        backend: {
          database: { prefix },
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token: staticToken, subject: 'production-test' },
              },
            ],
          },
        },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await dropDatabases(prefix);
  });

  it('serves the demo catalog from PostgreSQL', async () => {
    const deadline = Date.now() + 90_000;
    let names: string[] = [];
    while (Date.now() < deadline && !names.includes('orders-service')) {
      const response = await fetch(
        `${backend.baseUrl}/api/catalog/entities?filter=kind=component&fields=metadata.name`,
        { headers: { authorization: `Bearer ${staticToken}` } },
      );
      expect(response.status).toBe(200);
      names = (await response.json()).map(
        (e: { metadata: { name: string } }) => e.metadata.name,
      );
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    expect(names).toContain('orders-service');

    const stored = await withDatabase(`${prefix}catalog`, client =>
      client.query(
        "select count(*)::int as count from final_entities where entity_ref = 'component:default/orders-service'",
      ),
    );
    expect(stored.rows[0].count).toBe(1);
  });

  it('refuses guest sign-in', async () => {
    const response = await fetch(`${backend.baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toMatch(
      /No auth provider registered for 'guest'/,
    );
  });

  it('offers GitHub sign-in instead', async () => {
    const response = await fetch(
      `${backend.baseUrl}/api/auth/github/start?env=production`,
      { redirect: 'manual' },
    );
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(
      /^https:\/\/github\.com\/login\/oauth\/authorize\?.*client_id=production-test-client/,
    );
  });

  it.each([
    [
      '/api/catalog/entities/by-uid/does-not-exist',
      404,
      { name: 'NotFoundError', message: 'No entity with uid does-not-exist' },
    ],
    [
      '/api/scaffolder/v2/tasks/00000000-0000-4000-8000-000000000000',
      404,
      {
        name: 'NotFoundError',
        message: "No task with id '00000000-0000-4000-8000-000000000000' found",
      },
    ],
    [
      '/api/catalog/entities/by-query?limit=x',
      400,
      { name: 'InputError', message: expect.any(String) },
    ],
  ])(
    'answers %s with the error’s name and message only, no stack or server paths',
    async (urlPath, status, error) => {
      const response = await fetch(`${backend.baseUrl}${urlPath}`, {
        headers: { authorization: `Bearer ${staticToken}` },
      });
      const text = await response.text();
      expect(response.status).toBe(status);
      expect(JSON.parse(text).error).toEqual(error);
      expect(text).not.toMatch(/stack|node_modules|\/work\/|\.cjs\.js/);
    },
  );

  it('offers no development sign-in', async () => {
    const response = await fetch(
      `${backend.baseUrl}/api/auth/devUsers/refresh`,
      {
        headers: {
          'x-requested-with': 'XMLHttpRequest',
          'x-callboard-dev-user': 'sam.rivera',
        },
      },
    );
    expect(response.status).toBe(404);
  });

  it('rejects unauthenticated catalog requests', async () => {
    const response = await fetch(`${backend.baseUrl}/api/catalog/entities`);
    expect(response.status).toBe(401);
  });
});
