import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestSandbox, TestSandbox } from '../__testUtils__/testSandbox';
import { Receiver, startReceiver } from './__testUtils__/receiver';

jest.setTimeout(60_000);

async function unusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('webhook delivery', () => {
  let env: TestSandbox;
  let flaky: Receiver;
  let steady: Receiver;
  let deadUrl: string;

  beforeAll(async () => {
    flaky = await startReceiver();
    steady = await startReceiver();
    deadUrl = `http://127.0.0.1:${await unusedPort()}/hook`;
    env = await startTestSandbox({
      webhooks: [
        { url: flaky.url, events: ['push'] },
        { url: steady.url, events: ['push', 'pull_request'] },
        { url: deadUrl, events: ['pull_request'] },
      ],
      webhookDelivery: { initialBackoffMs: 20, timeoutMs: 2_000 },
    });
    await env.alice.rest.repos.createInOrg({ org: 'acme', name: 'svc' });
  });

  afterAll(async () => {
    await env.close();
    await flaky.close();
    await steady.close();
  });

  beforeEach(async () => {
    await env.sandbox.webhooks.idle();
    env.sandbox.webhooks.clearDeliveries();
  });

  async function commit(message: string) {
    await env.sandbox.store.git.commitToBranch({
      owner: 'acme',
      repo: 'svc',
      branch: 'main',
      message,
      changes: [{ path: `${message}.txt`, content: message }],
      pusher: 'alice',
    });
  }

  const headCommitOf = (payload: unknown) =>
    (payload as { head_commit: { message: string } }).head_commit.message;

  it('retries a receiver that answers 5xx, with backoff, until it succeeds', async () => {
    flaky.answerWith(503, 502);
    await commit('one');
    const success = await env.sandbox.webhooks.waitForDelivery(
      delivery => delivery.url === flaky.url && delivery.ok,
    );
    const attempts = env.sandbox.webhooks
      .deliveries()
      .filter(delivery => delivery.url === flaky.url);
    expect(
      attempts.map(delivery => [
        delivery.attempt,
        delivery.statusCode,
        delivery.status,
        delivery.final,
      ]),
    ).toEqual([
      [1, 503, 'Invalid HTTP Response: 503', false],
      [2, 502, 'Invalid HTTP Response: 502', false],
      [3, 200, 'OK', true],
    ]);
    expect(new Set(attempts.map(delivery => delivery.guid)).size).toBe(1);
    expect(success.redelivery).toBe(true);
  });

  it('records a delivery as failed after three 5xx answers, without failing the API call', async () => {
    flaky.answerWith(500, 500, 500, 500);
    await commit('two');
    const failed = await env.sandbox.webhooks.waitForDelivery(
      delivery => delivery.url === flaky.url && delivery.final,
    );
    expect(failed).toMatchObject({
      ok: false,
      attempt: 3,
      statusCode: 500,
      event: 'push',
    });
    expect(flaky.requests.at(-1)?.headers['x-github-event']).toBe('push');
  });

  it('records an unreachable receiver as failed to connect', async () => {
    await env.sandbox.store.git.commitToBranch({
      owner: 'acme',
      repo: 'svc',
      branch: 'topic',
      message: 'topic',
      changes: [{ path: 'topic.txt', content: 'x' }],
      pusher: 'alice',
    });
    const pull = await env.alice.rest.pulls.create({
      owner: 'acme',
      repo: 'svc',
      head: 'topic',
      base: 'main',
      title: 'Topic',
    });
    expect(pull.status).toBe(201);
    const failed = await env.sandbox.webhooks.waitForDelivery(
      delivery => delivery.url === deadUrl && delivery.final,
    );
    expect(failed).toMatchObject({
      ok: false,
      statusCode: null,
      status: 'failed to connect',
      attempt: 3,
      event: 'pull_request',
      action: 'opened',
    });
    const steadyCopy = await env.sandbox.webhooks.waitForDelivery(
      delivery =>
        delivery.url === steady.url && delivery.event === 'pull_request',
    );
    expect(steadyCopy.ok).toBe(true);
    expect(steadyCopy.guid).toBe(failed.guid);
  });

  it('keeps each hook in event order even while one of them is retrying', async () => {
    flaky.answerWith(503, 503);
    for (const message of ['a', 'b', 'c']) {
      await commit(message);
    }
    await env.sandbox.webhooks.idle();
    const order = (url: string) =>
      env.sandbox.webhooks
        .deliveries()
        .filter(delivery => delivery.url === url && delivery.ok)
        .map(delivery => headCommitOf(delivery.request.payload));
    expect(order(flaky.url)).toEqual(['a', 'b', 'c']);
    expect(order(steady.url)).toEqual(['a', 'b', 'c']);
  });

  it('times out waiting, naming what was delivered instead', async () => {
    await commit('d');
    await env.sandbox.webhooks.idle();
    await expect(
      env.sandbox.webhooks.waitForDelivery(
        delivery => delivery.event === 'release',
        100,
      ),
    ).rejects.toThrow(
      /^No matching webhook delivery within 100 ms; delivered: \[push -> OK, push -> OK\]$/,
    );
  });
});
