import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createApp } from './app.js';
import { createLogger } from './logger.js';

describe('the HTTP server', () => {
  const lines: string[] = [];
  const { server, readiness } = createApp(
    createLogger({ write: line => lines.push(line) }),
  );
  let baseUrl = '';

  before(async () => {
    await new Promise<void>(resolve => server.listen(0, resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>(resolve => server.close(() => resolve())));

  it('answers the liveness probe', async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  it('reports not ready while shutting down', async () => {
    assert.equal((await fetch(`${baseUrl}/readyz`)).status, 200);
    readiness.ready = false;
    try {
      assert.equal((await fetch(`${baseUrl}/readyz`)).status, 503);
    } finally {
      readiness.ready = true;
    }
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    assert.equal((await fetch(`${baseUrl}/nope`)).status, 404);
    assert.equal(
      (await fetch(`${baseUrl}/healthz`, { method: 'DELETE' })).status,
      405,
    );
  });

  it('exposes RED metrics for handled requests', async () => {
    await fetch(`${baseUrl}/healthz`);
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    assert.match(
      text,
      /http_requests_total\{method="GET",route="\/healthz",status_code="200"\} \d+/,
    );
    assert.match(
      text,
      /http_request_duration_seconds_bucket\{method="GET",route="\/healthz",le="\+Inf"\}/,
    );
  });

  it('logs one JSON line per request', async () => {
    lines.length = 0;
    await fetch(`${baseUrl}/healthz`);
    const entry = JSON.parse(lines.at(-1) ?? '{}');
    assert.equal(entry.msg, 'request handled');
    assert.equal(entry.route, '/healthz');
    assert.equal(entry.status, 200);
    assert.equal(typeof entry.time, 'string');
  });
});
