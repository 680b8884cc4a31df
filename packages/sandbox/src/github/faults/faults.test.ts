import request from 'supertest';
import {
  startTestSandbox,
  TestSandbox,
  TOKENS,
} from '../__testUtils__/testSandbox';

describe('faults on demand', () => {
  let env: TestSandbox;
  let now: Date;
  const api = () => request(env.sandbox.url);
  const asAlice = (path: string) =>
    api().get(`/api/v3${path}`).set('authorization', `token ${TOKENS.alice}`);

  beforeAll(async () => {
    now = new Date('2024-06-01T12:00:00Z');
    env = await startTestSandbox({ clock: () => now });
    await env.alice.rest.repos.createInOrg({
      org: 'acme',
      name: 'svc',
      auto_init: true,
    });
  });

  beforeEach(() => {
    env.sandbox.faults.reset();
    env.sandbox.requestCount.reset();
  });

  afterAll(async () => {
    await env.close();
  });

  describe('primary rate limit', () => {
    it.each([
      ['an authenticated caller', TOKENS.alice, '5000'],
      ['an anonymous caller', undefined, '60'],
    ])(
      'sends GitHub rate-limit headers to %s and counts down',
      async (_who, token, limit) => {
        const call = () => {
          const get = api().get('/api/v3/repos/acme/svc');
          return token ? get.set('authorization', `token ${token}`) : get;
        };
        const first = await call();
        const second = await call();
        expect(first.headers).toMatchObject({
          'x-ratelimit-limit': limit,
          'x-ratelimit-remaining': String(Number(limit) - 1),
          'x-ratelimit-used': '1',
          'x-ratelimit-resource': 'core',
          'x-ratelimit-reset': String(Math.floor(now.getTime() / 1000) + 3600),
        });
        expect(second.headers['x-ratelimit-remaining']).toBe(
          String(Number(limit) - 2),
        );
      },
    );

    it('answers 403 API rate limit exceeded once the budget is spent', async () => {
      env.sandbox.faults.setRateLimit({
        limit: 100,
        remaining: 1,
        resetInSeconds: 600,
      });
      expect((await asAlice('/repos/acme/svc')).status).toBe(200);
      const refused = await asAlice('/repos/acme/svc');
      expect(refused.status).toBe(403);
      expect(refused.headers).toMatchObject({
        'x-ratelimit-limit': '100',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '100',
        'x-ratelimit-reset': String(Math.floor(now.getTime() / 1000) + 600),
      });
      expect(refused.body).toEqual({
        message: `API rate limit exceeded for user ID ${
          env.sandbox.store.accounts.get('alice')!.id
        }. If you reach out to GitHub Support for help, please include the request ID.`,
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit',
        status: '403',
      });
    });

    it('keeps GET /rate_limit free and accurate while exhausted', async () => {
      env.sandbox.faults.setRateLimit({ remaining: 0 });
      const response = await asAlice('/rate_limit');
      expect(response.status).toBe(200);
      expect(response.body.resources.core).toMatchObject({
        limit: 5000,
        remaining: 0,
        used: 5000,
      });
    });

    it('refills the budget when the window resets', async () => {
      env.sandbox.faults.setRateLimit({ remaining: 0, resetInSeconds: 60 });
      expect((await asAlice('/repos/acme/svc')).status).toBe(403);
      now = new Date(now.getTime() + 61_000);
      const response = await asAlice('/repos/acme/svc');
      expect(response.status).toBe(200);
      expect(response.headers['x-ratelimit-remaining']).toBe('4999');
    });

    it("lets octokit's throttling plugin wait for the reset and retry", async () => {
      env.sandbox.faults.setRateLimit({ remaining: 0, resetInSeconds: 1 });
      const waits: number[] = [];
      const octokit = env.octokit(TOKENS.alice, {
        throttle: {
          onRateLimit: (retryAfter: number) => {
            waits.push(retryAfter);
            now = new Date(now.getTime() + 2_000);
            return true;
          },
          onSecondaryRateLimit: () => false,
        },
      });
      const repo = await octokit.rest.repos.get({ owner: 'acme', repo: 'svc' });
      expect(repo.status).toBe(200);
      expect(waits).toHaveLength(1);
    });
  });

  describe('conditional requests', () => {
    it('answers 304 to a matching If-None-Match without spending the budget', async () => {
      const first = await asAlice('/repos/acme/svc');
      const etag = first.headers.etag;
      expect(etag).toMatch(/^W\/"[0-9a-f]+"$/);
      const revalidated = await asAlice('/repos/acme/svc').set(
        'if-none-match',
        etag,
      );
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers['x-ratelimit-remaining']).toBe(
        first.headers['x-ratelimit-remaining'],
      );
      expect(env.sandbox.requestCount.count('GET /repos/{owner}/{repo}')).toBe(
        2,
      );
    });

    it('answers 200 with a new ETag once the resource changed', async () => {
      const first = await asAlice('/repos/acme/svc');
      await env.alice.rest.repos.update({
        owner: 'acme',
        repo: 'svc',
        description: 'changed',
      });
      const changed = await asAlice('/repos/acme/svc').set(
        'if-none-match',
        first.headers.etag,
      );
      expect(changed.status).toBe(200);
      expect(changed.headers.etag).not.toBe(first.headers.etag);
    });

    it('still answers 304 when the budget is exhausted', async () => {
      const first = await asAlice('/repos/acme/svc');
      env.sandbox.faults.setRateLimit({ remaining: 0 });
      const revalidated = await asAlice('/repos/acme/svc').set(
        'if-none-match',
        first.headers.etag,
      );
      expect(revalidated.status).toBe(304);
    });
  });

  describe('secondary rate limits', () => {
    it.each([403, 429] as const)(
      'answers %i with retry-after, then recovers',
      async status => {
        env.sandbox.faults.triggerSecondaryRateLimit({
          status,
          retryAfterSeconds: 7,
        });
        const limited = await asAlice('/repos/acme/svc');
        expect(limited.status).toBe(status);
        expect(limited.headers['retry-after']).toBe('7');
        expect(limited.body).toEqual({
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          status: String(status),
        });
        expect((await asAlice('/repos/acme/svc')).status).toBe(200);
      },
    );
  });

  describe('injected server errors', () => {
    it.each([
      ['the route template', '/repos/{owner}/{repo}'],
      ['the concrete path', '/repos/acme/svc'],
      ['a glob', '/repos/acme/*'],
      ['a regular expression', /^\/repos\/acme\/svc$/],
    ])('fails the next N requests matched by %s', async (_how, path) => {
      env.sandbox.faults.failNext({
        method: 'GET',
        path,
        status: 502,
        count: 2,
      });
      expect((await asAlice('/rate_limit')).status).toBe(200);
      const failed = await asAlice('/repos/acme/svc');
      expect(failed.status).toBe(502);
      expect(failed.body).toEqual({
        message: 'Bad Gateway',
        documentation_url: 'https://docs.github.com/rest',
        status: '502',
      });
      expect((await asAlice('/repos/acme/svc')).status).toBe(502);
      expect((await asAlice('/repos/acme/svc')).status).toBe(200);
    });

    it("is retried away by octokit's retry plugin", async () => {
      env.sandbox.faults.failNext({
        path: '/repos/{owner}/{repo}',
        status: 503,
        count: 2,
      });
      const octokit = env.octokit(TOKENS.alice, {
        retry: { enabled: true, retryAfterBaseValue: 1 },
      });
      const repo = await octokit.rest.repos.get({ owner: 'acme', repo: 'svc' });
      expect(repo.status).toBe(200);
      expect(env.sandbox.requestCount.count('GET /repos/{owner}/{repo}')).toBe(
        3,
      );
    });

    it.each([
      ['raw files', '/raw/*', '/raw/acme/svc/main/README.md'],
      [
        'git smart HTTP',
        '/acme/svc.git/*',
        '/acme/svc.git/info/refs?service=git-upload-pack',
      ],
    ])('can fail %s too', async (_surface, pattern, path) => {
      env.sandbox.faults.failNext({ path: pattern, status: 500 });
      expect((await api().get(path)).status).toBe(500);
      expect((await api().get(path)).status).toBe(200);
    });
  });

  describe('latency', () => {
    it('delays only matching requests', async () => {
      env.sandbox.faults.addLatency({ ms: 150, path: '/repos/{owner}/{repo}' });
      const slowStart = Date.now();
      await asAlice('/repos/acme/svc');
      const slow = Date.now() - slowStart;
      const fastStart = Date.now();
      await asAlice('/rate_limit');
      const fast = Date.now() - fastStart;
      expect(slow).toBeGreaterThanOrEqual(150);
      expect(fast).toBeLessThan(150);
    });
  });

  describe('request counter', () => {
    it('counts in total and per route until reset', async () => {
      await asAlice('/repos/acme/svc');
      await asAlice('/repos/acme/svc/branches');
      await api().get('/raw/acme/svc/main/README.md');
      await api().get('/acme/svc.git/info/refs?service=git-upload-pack');
      expect(env.sandbox.requestCount.total).toBe(4);
      expect(env.sandbox.requestCount.byRoute()).toEqual({
        'GET /repos/{owner}/{repo}': 1,
        'GET /repos/{owner}/{repo}/branches': 1,
        'GET /raw/{owner}/{repo}/{ref}/{path}': 1,
        'GET /{owner}/{repo}.git/info/refs?service=git-upload-pack': 1,
      });
      env.sandbox.requestCount.reset();
      expect(env.sandbox.requestCount.total).toBe(0);
    });
  });
});
