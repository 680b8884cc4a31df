import {
  KubernetesSandbox,
  startKubernetesServer,
} from '../startKubernetesServer';
import { apiClient } from '../testing/apiRequests';
import {
  postgresClaim,
  postgresComposition,
  postgresXrd,
} from '../testing/postgresFixtures';

const claims =
  '/apis/platform.callboard.dev/v1alpha1/namespaces/team-a/postgresqlinstances';

function withColour() {
  const claim = postgresClaim('orders-db', 'team-a');
  (claim.spec as { parameters: Record<string, unknown> }).parameters.colour =
    'blue';
  return claim;
}

describe('fieldValidation', () => {
  let sandbox: KubernetesSandbox;
  let request: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    sandbox = await startKubernetesServer({ reconcileDelayMs: 10 });
    sandbox.store.apply(postgresXrd, { fieldManager: 'platform' });
    sandbox.store.apply(postgresComposition, { fieldManager: 'platform' });
    sandbox.store.apply(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
      { fieldManager: 'platform' },
    );
    request = apiClient(sandbox);
  });

  afterAll(() => sandbox.close());

  it('refuses an undeclared field on create under Strict, in the strict decoder words, and stores nothing', async () => {
    const response = await request('POST', `${claims}?fieldValidation=Strict`, {
      body: withColour(),
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      message:
        'PostgreSQLInstance in version "v1alpha1" cannot be handled as a PostgreSQLInstance: strict decoding error: unknown field "spec.parameters.colour"',
    });
    expect((await request('GET', `${claims}/orders-db`)).status).toBe(404);
  });

  it('refuses an undeclared field on server-side apply and on a dry run', async () => {
    for (const dryRun of ['', '&dryRun=All']) {
      const response = await request(
        'PATCH',
        `${claims}/orders-db?fieldManager=callboard&fieldValidation=Strict${dryRun}`,
        { body: withColour(), contentType: 'application/apply-patch+yaml' },
      );
      expect(response.status).toBe(400);
      expect(response.body.message).toBe(
        'failed to create typed patch object (team-a/orders-db; platform.callboard.dev/v1alpha1, Kind=PostgreSQLInstance): .spec.parameters.colour: field not declared in schema',
      );
    }
    expect((await request('GET', `${claims}/orders-db`)).status).toBe(404);
  });

  it('refuses an undeclared field in a merge patch', async () => {
    await request('POST', claims, {
      body: postgresClaim('orders-db', 'team-a'),
    });
    const response = await request(
      'PATCH',
      `${claims}/orders-db?fieldValidation=Strict`,
      {
        body: { spec: { parameters: { colour: 'blue' } } },
        contentType: 'application/merge-patch+json',
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.message).toContain(
      'strict decoding error: unknown field "spec.parameters.colour"',
    );
    await request('DELETE', `${claims}/orders-db`);
  });

  it('accepts declared fields, and undeclared ones without Strict', async () => {
    const strict = await request(
      'POST',
      `${claims}?fieldValidation=Strict&dryRun=All`,
      { body: postgresClaim('orders-db', 'team-a') },
    );
    expect(strict.status).toBe(201);
    const warn = await request(
      'POST',
      `${claims}?fieldValidation=Warn&dryRun=All`,
      {
        body: withColour(),
      },
    );
    expect(warn.status).toBe(201);
  });

  it('refuses an unknown fieldValidation value', async () => {
    const response = await request('POST', `${claims}?fieldValidation=Loose`, {
      body: postgresClaim('orders-db', 'team-a'),
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toBe(
      'fieldValidation: Unsupported value: "Loose": supported values: "Ignore", "Strict", "Warn"',
    );
  });
});
