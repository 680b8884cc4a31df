import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { generateKeyPairSync } from 'node:crypto';
import { GithubClientFactory } from './GithubClientFactory';
import { readGithubRetryOptions } from './retryPolicy';

// The sandbox serves no GitHub Apps, so the installation-token dance is mocked here.
const GHES = 'https://ghe.example.com/api/v3';
const INSTALLATION_TOKEN = 'ghs_installationToken0123456789';

function appIntegrations(privateKey: string) {
  return ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        github: [
          {
            host: 'ghe.example.com',
            apiBaseUrl: GHES,
            apps: [
              {
                appId: 1,
                privateKey,
                webhookSecret: 'secret',
                clientId: 'client',
                clientSecret: 'client-secret',
              },
            ],
          },
        ],
      },
    }),
  );
}

describe('GithubClientFactory', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const logger = mockServices.logger.mock();
  let privateKey: string;

  beforeAll(() => {
    privateKey = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    }).privateKey;
  });

  it('authenticates as the GitHub App installation of the owner against the GHES API', async () => {
    const seen: Array<{ path: string; authorization: string | null }> = [];
    server.use(
      http.get(`${GHES}/app/installations`, ({ request }) => {
        seen.push({
          path: '/app/installations',
          authorization: request.headers.get('authorization'),
        });
        return HttpResponse.json([
          { id: 42, account: { login: 'acme' }, suspended_by: null },
        ]);
      }),
      http.post(`${GHES}/app/installations/42/access_tokens`, () =>
        HttpResponse.json({
          token: INSTALLATION_TOKEN,
          expires_at: new Date(Date.now() + 3_600_000).toISOString(),
          repository_selection: 'all',
        }),
      ),
      http.get(`${GHES}/repos/acme/web`, ({ request }) => {
        seen.push({
          path: '/repos/acme/web',
          authorization: request.headers.get('authorization'),
        });
        return HttpResponse.json({ default_branch: 'trunk' });
      }),
    );
    const factory = new GithubClientFactory({
      integrations: appIntegrations(privateKey),
    });
    const clients = factory.session({ logger });

    const octokit = await clients.get({
      host: 'ghe.example.com',
      owner: 'acme',
      repo: 'web',
    });
    const repo = await octokit.rest.repos.get({ owner: 'acme', repo: 'web' });

    expect(repo.data.default_branch).toBe('trunk');
    expect(seen).toEqual([
      {
        path: '/app/installations',
        authorization: expect.stringMatching(/^bearer /i),
      },
      {
        path: '/repos/acme/web',
        authorization: `token ${INSTALLATION_TOKEN}`,
      },
    ]);
    await expect(
      clients.get({ host: 'ghe.example.com', owner: 'ACME', repo: 'other' }),
    ).resolves.toBe(octokit);
  });

  it('prefers a user token over the integration', async () => {
    server.use(
      http.get(`${GHES}/user`, ({ request }) =>
        HttpResponse.json({
          login:
            request.headers.get('authorization') === 'token user-token'
              ? 'alice'
              : 'someone-else',
        }),
      ),
    );
    const factory = new GithubClientFactory({
      integrations: appIntegrations(privateKey),
    });

    const octokit = await factory.session({ logger }).get({
      host: 'ghe.example.com',
      owner: 'acme',
      repo: 'web',
      token: 'user-token',
    });

    await expect(octokit.rest.users.getAuthenticated()).resolves.toMatchObject({
      data: { login: 'alice' },
    });
  });

  it('explains a host without integration and a GHES host without apiBaseUrl', async () => {
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: { github: [{ host: 'ghe.example.com', token: 't' }] },
      }),
    );
    const clients = new GithubClientFactory({ integrations }).session({
      logger,
    });

    await expect(
      clients.get({ host: 'unknown.example.com', owner: 'a', repo: 'b' }),
    ).rejects.toThrow(
      new InputError(
        "No GitHub integration is configured for host 'unknown.example.com'; add it under integrations.github in the app config",
      ),
    );
    await expect(
      clients.get({ host: 'ghe.example.com', owner: 'a', repo: 'b' }),
    ).rejects.toThrow(
      "The GitHub integration for host 'ghe.example.com' has no apiBaseUrl; GitHub Enterprise hosts need one, e.g. https://ghe.example.com/api/v3",
    );
  });

  it('explains missing credentials', async () => {
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          github: [{ host: 'ghe.example.com', apiBaseUrl: GHES }],
        },
      }),
    );

    await expect(
      new GithubClientFactory({ integrations })
        .session({ logger })
        .get({ host: 'ghe.example.com', owner: 'acme', repo: 'web' }),
    ).rejects.toThrow(
      "No GitHub credentials for 'acme/web' on host 'ghe.example.com'",
    );
  });
});

describe('readGithubRetryOptions', () => {
  it('defaults to three retries and a one-minute Retry-After ceiling', () => {
    expect(readGithubRetryOptions(new ConfigReader({}))).toEqual({
      maxRetries: 3,
      serverErrorBackoffMs: 1000,
      maxRetryAfterMs: 60_000,
    });
  });

  it('reads callboard.github', () => {
    expect(
      readGithubRetryOptions(
        new ConfigReader({
          callboard: {
            github: { maxRetries: 5, maxRetryWait: { seconds: 90 } },
          },
        }),
      ),
    ).toMatchObject({ maxRetries: 5, maxRetryAfterMs: 90_000 });
    expect(
      readGithubRetryOptions(
        new ConfigReader({
          callboard: { github: { maxRetryWait: '2m' } },
        }),
      ),
    ).toMatchObject({ maxRetryAfterMs: 120_000 });
  });

  it('rejects a negative retry count', () => {
    expect(() =>
      readGithubRetryOptions(
        new ConfigReader({
          callboard: { github: { maxRetries: -1 } },
        }),
      ),
    ).toThrow(
      "Invalid config callboard.github.maxRetries '-1': expected a whole number of 0 or more",
    );
  });
});
