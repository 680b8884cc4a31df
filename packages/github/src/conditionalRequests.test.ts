import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  DEFAULT_SANDBOX_TOKEN,
  GitHubSandbox,
  startGitHubServer,
} from '@callboard/sandbox';
import { Octokit } from 'octokit';
import { GithubClientFactory } from './GithubClientFactory';
import {
  ConditionalRequestCache,
  createCacheServiceConditionalRequestCache,
  createMemoryConditionalRequestCache,
} from './conditionalRequests';
import { GithubRequestStats } from './requestObserver';

const OWNER = 'octocat';

describe('conditional requests against the sandbox GitHub', () => {
  let sandbox: GitHubSandbox;
  let admin: Octokit;
  const logger = mockServices.logger.mock();

  beforeAll(async () => {
    sandbox = await startGitHubServer();
    admin = new Octokit({
      auth: DEFAULT_SANDBOX_TOKEN,
      baseUrl: sandbox.apiBaseUrl,
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    await admin.rest.repos.createForAuthenticatedUser({
      name: 'web',
      description: 'first',
      auto_init: true,
    });
    for (const n of [1, 2, 3]) {
      await admin.rest.issues.create({
        owner: OWNER,
        repo: 'web',
        title: `issue ${n}`,
      });
    }
  });

  afterAll(() => sandbox.close());

  function sessionWith(
    cache: ConditionalRequestCache,
    token = DEFAULT_SANDBOX_TOKEN,
  ) {
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            { host: sandbox.host, apiBaseUrl: sandbox.apiBaseUrl, token },
          ],
        },
      }),
    );
    const stats = new GithubRequestStats();
    const clients = new GithubClientFactory({ integrations }).session({
      logger,
      conditionalRequests: cache,
      onExchange: stats.observe,
    });
    const client = () =>
      clients.get({ host: sandbox.host, owner: OWNER, repo: 'web' });
    return { stats, client };
  }

  it('answers an unchanged resource from the cache through a free 304', async () => {
    const { stats, client } = sessionWith(
      createMemoryConditionalRequestCache(),
    );
    const octokit = await client();

    const first = await octokit.rest.repos.get({ owner: OWNER, repo: 'web' });
    const second = await octokit.rest.repos.get({ owner: OWNER, repo: 'web' });

    expect(second.data).toEqual(first.data);
    expect(stats.total).toBe(2);
    expect(stats.notModified).toBe(1);
    expect(stats.counted).toBe(1);
  });

  it('fetches again when the resource changed', async () => {
    const { stats, client } = sessionWith(
      createMemoryConditionalRequestCache(),
    );
    const octokit = await client();
    await octokit.rest.repos.get({ owner: OWNER, repo: 'web' });

    await admin.rest.repos.update({
      owner: OWNER,
      repo: 'web',
      description: 'second',
    });
    const after = await octokit.rest.repos.get({ owner: OWNER, repo: 'web' });

    expect(after.data.description).toBe('second');
    expect(stats.notModified).toBe(0);
  });

  it('keeps paginating through cached pages', async () => {
    const { stats, client } = sessionWith(
      createMemoryConditionalRequestCache(),
    );
    const octokit = await client();
    const list = () =>
      octokit.paginate(octokit.rest.issues.listForRepo, {
        owner: OWNER,
        repo: 'web',
        per_page: 1,
      });

    const first = await list();
    const second = await list();

    expect(second.map(issue => issue.title)).toEqual(
      first.map(issue => issue.title),
    );
    expect(first).toHaveLength(3);
    expect(stats.byCall()).toEqual({
      [`GET /repos/${OWNER}/web/issues`]: 6,
    });
    expect(stats.notModified).toBe(3);
  });

  it('keeps validators in the Backstage cache service, shared by sessions', async () => {
    const cacheService = CacheManager.fromConfig(
      new ConfigReader({ backend: { cache: { store: 'memory' } } }),
    ).forPlugin('github-test');
    const cache = createCacheServiceConditionalRequestCache(cacheService);
    const firstSession = sessionWith(cache);
    const secondSession = sessionWith(cache);

    await (
      await firstSession.client()
    ).rest.repos.get({ owner: OWNER, repo: 'web' });
    const again = await (
      await secondSession.client()
    ).rest.repos.get({ owner: OWNER, repo: 'web' });

    expect(again.data.name).toBe('web');
    expect(secondSession.stats.notModified).toBe(1);
  });

  it('keeps the views of different user tokens apart, naming neither token', async () => {
    const keys: string[] = [];
    const memory = createMemoryConditionalRequestCache();
    const recording: ConditionalRequestCache = {
      get: key => memory.get(key),
      set: async (key, value) => {
        keys.push(key);
        await memory.set(key, value);
      },
    };
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          github: [{ host: sandbox.host, apiBaseUrl: sandbox.apiBaseUrl }],
        },
      }),
    );
    const clients = new GithubClientFactory({ integrations }).session({
      logger,
      conditionalRequests: recording,
    });
    for (const token of [DEFAULT_SANDBOX_TOKEN, 'ghp_someoneElse']) {
      const octokit = await clients.get({
        host: sandbox.host,
        owner: OWNER,
        repo: 'web',
        token,
      });
      await octokit.rest.repos
        .get({ owner: OWNER, repo: 'web' })
        .catch(() => undefined);
    }

    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/#user-[0-9a-f]{16} /);
    expect(keys.join()).not.toContain(DEFAULT_SANDBOX_TOKEN);
  });

  it('does not make writes conditional', async () => {
    const { stats, client } = sessionWith(
      createMemoryConditionalRequestCache(),
    );
    const octokit = await client();

    await octokit.rest.issues.create({
      owner: OWNER,
      repo: 'web',
      title: 'a write',
    });
    await octokit.rest.issues.create({
      owner: OWNER,
      repo: 'web',
      title: 'another write',
    });

    expect(stats.byCall()).toEqual({
      [`POST /repos/${OWNER}/web/issues`]: 2,
    });
    expect(stats.notModified).toBe(0);
  });
});
