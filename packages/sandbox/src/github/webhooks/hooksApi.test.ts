import { verify } from '@octokit/webhooks-methods';
import type { Octokit } from 'octokit';
import { OpenApiDescription } from '../conformance/openApiDescription';
import {
  RecordedExchange,
  recordExchanges,
} from '../conformance/recordExchanges';
import {
  startTestSandbox,
  TestSandbox,
  TOKENS,
} from '../__testUtils__/testSandbox';
import { webhookRoutes } from './routes';
import { Receiver, startReceiver } from './__testUtils__/receiver';
import { payloadSchemaErrors } from './__testUtils__/webhookSchemas';

jest.setTimeout(60_000);

const owner = 'acme';
const repo = 'hooked';
const description = OpenApiDescription.load();
const routes = webhookRoutes(() => {
  throw new Error('only used to match paths to templates');
});

describe('webhook configuration through the REST API', () => {
  let env: TestSandbox;
  let alice: Octokit;
  let receiver: Receiver;
  let exchanges: RecordedExchange[];

  beforeAll(async () => {
    receiver = await startReceiver();
    env = await startTestSandbox();
    alice = env.octokit(TOKENS.alice);
    exchanges = recordExchanges(alice, env.sandbox.apiBaseUrl, routes);
    await env.alice.rest.repos.createInOrg({
      org: owner,
      name: repo,
      auto_init: true,
    });
  });

  afterAll(async () => {
    await env.close();
    await receiver.close();
  });

  it('creates a repository hook and greets it with a ping', async () => {
    const created = await alice.rest.repos.createWebhook({
      owner,
      repo,
      config: { url: receiver.url, content_type: 'json', secret: 'pong' },
      events: ['push', 'pull_request'],
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      type: 'Repository',
      name: 'web',
      active: true,
      events: ['push', 'pull_request'],
      config: { url: receiver.url, content_type: 'json', secret: '********' },
      ping_url: `${env.sandbox.apiBaseUrl}/repos/${owner}/${repo}/hooks/${created.data.id}/pings`,
    });
    const ping = await env.sandbox.webhooks.waitForDelivery(
      delivery =>
        delivery.event === 'ping' && delivery.hookId === created.data.id,
    );
    expect(ping.ok).toBe(true);
    expect(payloadSchemaErrors('ping', null, ping.request.payload)).toEqual([]);
    expect(ping.request.payload).toMatchObject({
      hook_id: created.data.id,
      hook: { id: created.data.id, events: ['push', 'pull_request'] },
      repository: { full_name: `${owner}/${repo}` },
      sender: { login: 'alice' },
      zen: expect.any(String),
    });
    const received = receiver.requests.at(-1)!;
    expect(received.headers).toMatchObject({
      'x-github-event': 'ping',
      'x-github-hook-id': String(created.data.id),
      'x-github-hook-installation-target-type': 'repository',
    });
    await expect(
      verify(
        'pong',
        received.body,
        String(received.headers['x-hub-signature-256']),
      ),
    ).resolves.toBe(true);
  });

  it('reads, updates and lists hooks, their config and deliveries', async () => {
    const [hook] = (await alice.rest.repos.listWebhooks({ owner, repo })).data;
    await alice.rest.repos.getWebhook({ owner, repo, hook_id: hook.id });
    const updated = await alice.rest.repos.updateWebhook({
      owner,
      repo,
      hook_id: hook.id,
      add_events: ['deployment_status'],
      remove_events: ['pull_request'],
    });
    expect(updated.data.events).toEqual(['push', 'deployment_status']);
    await alice.rest.repos.updateWebhookConfigForRepo({
      owner,
      repo,
      hook_id: hook.id,
      content_type: 'form',
    });
    const config = await alice.rest.repos.getWebhookConfigForRepo({
      owner,
      repo,
      hook_id: hook.id,
    });
    expect(config.data).toEqual({
      url: receiver.url,
      content_type: 'form',
      insecure_ssl: '0',
      secret: '********',
    });

    await alice.rest.repos.pingWebhook({ owner, repo, hook_id: hook.id });
    await env.sandbox.webhooks.idle();
    const form = receiver.requests.at(-1)!;
    expect(form.headers['content-type']).toBe(
      'application/x-www-form-urlencoded',
    );
    const payload = new URLSearchParams(form.body).get('payload');
    expect(JSON.parse(payload!)).toMatchObject({ hook_id: hook.id });
    await expect(
      verify('pong', form.body, String(form.headers['x-hub-signature-256'])),
    ).resolves.toBe(true);

    const deliveries = await alice.rest.repos.listWebhookDeliveries({
      owner,
      repo,
      hook_id: hook.id,
    });
    expect(deliveries.data.map(delivery => delivery.event)).toEqual([
      'ping',
      'ping',
    ]);
    expect(deliveries.data[0]).toMatchObject({
      status: 'OK',
      status_code: 200,
      redelivery: false,
      repository_id: expect.any(Number),
    });
    const detail = await alice.rest.repos.getWebhookDelivery({
      owner,
      repo,
      hook_id: hook.id,
      delivery_id: deliveries.data[0].id,
    });
    expect(detail.data).toMatchObject({
      url: receiver.url,
      request: { headers: { 'x-github-event': 'ping' } },
      response: { payload: 'got 200' },
    });
    const redelivered = await alice.rest.repos.redeliverWebhookDelivery({
      owner,
      repo,
      hook_id: hook.id,
      delivery_id: deliveries.data[0].id,
    });
    expect(redelivered.status).toBe(202);
    const again = await env.sandbox.webhooks.waitForDelivery(
      delivery => delivery.redelivery && delivery.guid === detail.data.guid,
    );
    expect(again.ok).toBe(true);
  });

  it('sends a test push only to the hook under test', async () => {
    const [hook] = (await alice.rest.repos.listWebhooks({ owner, repo })).data;
    env.sandbox.webhooks.clearDeliveries();
    await alice.rest.repos.testPushWebhook({ owner, repo, hook_id: hook.id });
    const push = await env.sandbox.webhooks.waitForDelivery(
      delivery => delivery.event === 'push',
    );
    expect(push.hookId).toBe(hook.id);
    expect(payloadSchemaErrors('push', null, push.request.payload)).toEqual([]);
  });

  it('delivers only subscribed events, and org hooks hear every org repository', async () => {
    const orgHook = await alice.rest.orgs.createWebhook({
      org: owner,
      name: 'web',
      config: { url: `${receiver.url}?org`, content_type: 'json' },
      events: ['pull_request'],
    });
    expect(orgHook.data).toMatchObject({
      type: 'Organization',
      events: ['pull_request'],
    });
    await alice.rest.orgs.getWebhook({ org: owner, hook_id: orgHook.data.id });
    await alice.rest.orgs.listWebhooks({ org: owner });
    await alice.rest.orgs.updateWebhook({
      org: owner,
      hook_id: orgHook.data.id,
      active: true,
    });
    await alice.rest.orgs.getWebhookConfigForOrg({
      org: owner,
      hook_id: orgHook.data.id,
    });
    await alice.rest.orgs.updateWebhookConfigForOrg({
      org: owner,
      hook_id: orgHook.data.id,
      insecure_ssl: '0',
    });
    await alice.rest.orgs.pingWebhook({ org: owner, hook_id: orgHook.data.id });
    const orgPing = await env.sandbox.webhooks.waitForDelivery(
      delivery =>
        delivery.hookId === orgHook.data.id && delivery.event === 'ping',
    );
    expect(payloadSchemaErrors('ping', null, orgPing.request.payload)).toEqual(
      [],
    );
    const orgDeliveries = await alice.rest.orgs.listWebhookDeliveries({
      org: owner,
      hook_id: orgHook.data.id,
    });
    await alice.rest.orgs.getWebhookDelivery({
      org: owner,
      hook_id: orgHook.data.id,
      delivery_id: orgDeliveries.data[0].id,
    });
    await alice.rest.orgs.redeliverWebhookDelivery({
      org: owner,
      hook_id: orgHook.data.id,
      delivery_id: orgDeliveries.data[0].id,
    });

    await env.sandbox.webhooks.idle();
    env.sandbox.webhooks.clearDeliveries();
    await env.alice.rest.repos.createInOrg({
      org: owner,
      name: 'other',
      auto_init: true,
    });
    await env.sandbox.store.git.commitToBranch({
      owner,
      repo: 'other',
      branch: 'topic',
      message: 'x',
      changes: [{ path: 'x.txt', content: 'x' }],
      pusher: 'alice',
    });
    await env.alice.rest.pulls.create({
      owner,
      repo: 'other',
      head: 'topic',
      base: 'main',
      title: 'Other',
    });
    await env.sandbox.webhooks.idle();
    expect(
      env.sandbox.webhooks
        .deliveries()
        .map(delivery => [delivery.hookId, delivery.event, delivery.action]),
    ).toEqual([[orgHook.data.id, 'pull_request', 'opened']]);
    await alice.rest.orgs.deleteWebhook({
      org: owner,
      hook_id: orgHook.data.id,
    });
  });

  it('answers like GitHub for invalid input and missing rights', async () => {
    await expect(
      alice.rest.repos.createWebhook({ owner, repo, config: {} }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'Hook',
              code: 'custom',
              message: 'Config must contain URL for webhooks',
            },
          ],
        },
      },
    });
    await expect(
      env.bob.rest.repos.listWebhooks({ owner, repo }),
    ).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'Must have admin rights to Repository.' } },
    });
    await expect(
      env.bob.rest.orgs.listWebhooks({ org: owner }),
    ).rejects.toMatchObject({ status: 404 });
    const [hook] = (await alice.rest.repos.listWebhooks({ owner, repo })).data;
    await alice.rest.repos.deleteWebhook({ owner, repo, hook_id: hook.id });
    await expect(
      alice.rest.repos.getWebhook({ owner, repo, hook_id: hook.id }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("matches every hook endpoint to GitHub's OpenAPI description", () => {
    expect(
      routes
        .filter(route => !description.hasOperation(route.method, route.path))
        .map(route => `${route.method} ${route.path}`),
    ).toEqual([]);
    const issues = exchanges.flatMap(exchange => [
      ...description.validateRequestBody(
        exchange.method,
        exchange.template!,
        exchange.requestBody,
      ),
      ...description.validateResponse(
        exchange.method,
        exchange.template!,
        exchange.status ?? 0,
        exchange.responseBody,
      ),
    ]);
    expect(
      exchanges
        .filter(exchange => !exchange.template)
        .map(exchange => `${exchange.method} ${exchange.url}`),
    ).toEqual([]);
    expect(
      issues.map(issue => ({
        message: issue.message,
        errors: issue.errors
          ?.slice(0, 5)
          .map(error => `${error.instancePath} ${error.message}`),
      })),
    ).toEqual([]);
    const exercised = new Set(
      exchanges.map(exchange => `${exchange.method} ${exchange.template}`),
    );
    expect(
      routes
        .map(route => `${route.method} ${route.path}`)
        .filter(key => !exercised.has(key)),
    ).toEqual([]);
  });
});
