import express from 'express';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import { FaultController } from './faults/FaultController';
import { createGraphqlHandler } from './graphql/handler';
import { RequestCounter } from './faults/RequestCounter';
import { createRestApi } from './rest/createRestApi';
import { ApiError } from './rest/errors';
import { restRoutes } from './rest/routeTable';
import { SandboxUrls } from './rest/urls';
import { createSmartHttpHandler } from './smartHttp/createSmartHttpHandler';
import { createGitHubStore, GitHubStore } from './store/GitHubStore';
import { createCodeloadHandler } from './web/codeload';
import { createRawHandler } from './web/raw';
import { createWebPages, notFoundPage } from './web/pages/createWebPages';
import type { WebDependencies } from './web/transport';
import type {
  SandboxWebhooks,
  WebhookDeliveryOptions,
  WebhookTarget,
} from './webhooks/types';
import { webhookRoutes } from './webhooks/routes';
import { WebhookService } from './webhooks/WebhookService';

export interface SandboxUserSeed {
  login: string;
  name?: string;
  email?: string;
  type?: 'User' | 'Bot';
  siteAdmin?: boolean;
}

export interface SandboxOrganizationSeed {
  login: string;
  name?: string;
  description?: string;
  members?: Array<{ login: string; role?: 'admin' | 'member' }>;
  teams?: Array<{ name: string; slug?: string; members?: string[] }>;
}

/** What extensions (GraphQL, webhooks) get to build on. */
export interface SandboxContext {
  store: GitHubStore;
  urls: SandboxUrls;
  faults: FaultController;
  requestCounter: RequestCounter;
}

/** Mounts extra endpoints before the catch-all 404, e.g. `POST /api/graphql`. */
export type SandboxExtension = (app: Express, context: SandboxContext) => void;

export interface StartGitHubServerOptions {
  /** 0 or omitted picks a free port. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
  /** Host name used in every URL the sandbox renders; defaults to `localhost`. */
  publicHostname?: string;
  /** Folder for persistent state; omitted keeps everything in memory (and a temp dir). */
  dataDir?: string;
  /** Created when missing; defaults to one site admin, {@link DEFAULT_SANDBOX_USER}. */
  users?: SandboxUserSeed[];
  organizations?: SandboxOrganizationSeed[];
  /** Token -> login; defaults to {@link DEFAULT_SANDBOX_TOKEN} for the first user. */
  tokens?: Record<string, string>;
  clock?: () => Date;
  extensions?: SandboxExtension[];
  /** Receivers that get every event of every repository (hooks can also be added through the API). */
  webhooks?: WebhookTarget[];
  /** Retries and timeouts of webhook deliveries. */
  webhookDelivery?: WebhookDeliveryOptions;
  /** Unexpected errors (answered with 500); defaults to a process warning. */
  onError?: (error: unknown) => void;
}

export interface RequestCountView {
  readonly total: number;
  /** Requests for one route key, e.g. `GET /repos/{owner}/{repo}`. */
  count(routeKey: string): number;
  byRoute(): Record<string, number>;
  reset(): void;
}

export interface GitHubSandbox {
  /** Web and git origin, e.g. `http://localhost:4321`. */
  url: string;
  /** `<url>/api/v3`, for `integrations.github[].apiBaseUrl` and octokit's `baseUrl`. */
  apiBaseUrl: string;
  /** `<url>/raw`, for `integrations.github[].rawBaseUrl`. */
  rawBaseUrl: string;
  /** `localhost:<port>`, for `integrations.github[].host`. */
  host: string;
  port: number;
  store: GitHubStore;
  faults: FaultController;
  requestCount: RequestCountView;
  /** Recorded webhook deliveries, and waiting for them in tests. */
  webhooks: SandboxWebhooks;
  close(): Promise<void>;
}

export const DEFAULT_SANDBOX_USER: SandboxUserSeed = {
  login: 'octocat',
  name: 'The Octocat',
  email: 'octocat@example.com',
  siteAdmin: true,
};

export const DEFAULT_SANDBOX_TOKEN = 'sandbox-token';

function seed(store: GitHubStore, options: StartGitHubServerOptions): void {
  const users = options.users ?? [DEFAULT_SANDBOX_USER];
  for (const user of users) {
    if (!store.accounts.get(user.login)) {
      store.accounts.createUser(user);
    }
  }
  for (const org of options.organizations ?? []) {
    if (!store.accounts.get(org.login)) {
      store.accounts.createOrganization({
        login: org.login,
        name: org.name,
        description: org.description,
      });
    }
    for (const member of org.members ?? []) {
      store.accounts.setOrgMembership(
        org.login,
        member.login,
        member.role ?? 'member',
      );
    }
    for (const team of org.teams ?? []) {
      const existing = store.accounts
        .listTeams(org.login)
        .find(candidate => candidate.name === team.name);
      const created =
        existing ??
        store.accounts.createTeam({
          org: org.login,
          name: team.name,
          slug: team.slug,
        });
      for (const login of team.members ?? []) {
        store.accounts.setTeamMembership(org.login, created.slug, login);
      }
    }
  }
  const tokens =
    options.tokens ??
    (users[0] ? { [DEFAULT_SANDBOX_TOKEN]: users[0].login } : {});
  for (const [token, login] of Object.entries(tokens)) {
    store.accounts.addToken(login, token);
  }
}

function listen(app: Express, port: number, host: string) {
  return new Promise<ReturnType<Express['listen']>>((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.on('error', reject);
  });
}

/**
 * Starts a GitHub Enterprise Server look-alike: REST under `/api/v3`,
 * GraphQL at `/api/graphql`, raw files under `/raw`, git smart HTTP at
 * `/<owner>/<repo>.git`, and webhooks to the receivers it is given.
 */
export async function startGitHubServer(
  options: StartGitHubServerOptions = {},
): Promise<GitHubSandbox> {
  const clock = options.clock ?? (() => new Date());
  const onError =
    options.onError ??
    ((error: unknown) =>
      process.emitWarning(
        `GitHub sandbox error: ${
          error instanceof Error ? error.stack : String(error)
        }`,
      ));
  const store = await createGitHubStore({ dataDir: options.dataDir, clock });
  seed(store, options);
  const faults = new FaultController(clock);
  const counter = new RequestCounter();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Listening first tells us the port, which every rendered URL contains;
  // routes are mounted before anyone can know the port and send a request.
  let server: ReturnType<Express['listen']>;
  try {
    server = await listen(app, options.port ?? 0, options.host ?? '127.0.0.1');
  } catch (error) {
    // Seeding the default users already scheduled a state write; close the store so it lands
    // before the caller reports the failure and perhaps removes the data dir.
    await store.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const host = `${options.publicHostname ?? 'localhost'}:${port}`;
  const urls = new SandboxUrls(`http://${host}`);
  const web: WebDependencies = { store, faults, counter, onError };

  const webhooks = new WebhookService({
    store,
    urls,
    targets: options.webhooks,
    delivery: options.webhookDelivery,
    dataDir: options.dataDir,
    onError,
  });
  const restApi = createRestApi({
    store,
    urls,
    faults,
    counter,
    routes: [...restRoutes, ...webhookRoutes(() => webhooks)],
    onError,
  });
  app.use(
    '/api/v3',
    express.raw({ type: () => true, limit: '200mb' }),
    (req, res, next) => {
      restApi(req, res).catch(next);
    },
  );
  const graphql = createGraphqlHandler({ ...web, urls });
  const graphqlBody = express.raw({ type: () => true, limit: '10mb' });
  // GHES serves GraphQL at /api/graphql; github.com's /graphql costs nothing extra.
  app.post('/api/graphql', graphqlBody, graphql);
  app.post('/graphql', graphqlBody, graphql);
  for (const extension of options.extensions ?? []) {
    extension(app, { store, urls, faults, requestCounter: counter });
  }
  app.use('/api', (_req, res) => {
    res.status(404).json(new ApiError(404, 'Not Found').toBody());
  });
  app.get(/^\/raw\//, createRawHandler(web));
  app.get(
    '/_codeload/:owner/:repo/legacy.:format(tar.gz|zip)/*',
    createCodeloadHandler(web),
  );
  app.use(createSmartHttpHandler(web));
  app.use(createWebPages(web));
  app.use((req, res) => {
    // Browsers get a page like the web UI's other 404s; clients get GitHub's plain answer.
    if (req.accepts(['text/plain', 'text/html']) === 'text/html') {
      res.status(404).type('html').send(notFoundPage());
      return;
    }
    res.status(404).type('text/plain').send('Not Found');
  });

  return {
    url: urls.origin,
    apiBaseUrl: urls.apiBase,
    rawBaseUrl: urls.rawBase,
    host,
    port,
    store,
    faults,
    webhooks: {
      deliveries: () => webhooks.deliveries(),
      waitForDelivery: (predicate, timeoutMs) =>
        webhooks.waitForDelivery(predicate, timeoutMs),
      idle: () => webhooks.idle(),
      clearDeliveries: () => webhooks.clearDeliveries(),
    },
    requestCount: {
      get total() {
        return counter.total;
      },
      count: key => counter.count(key),
      byRoute: () => counter.byRoute(),
      reset: () => counter.reset(),
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close(error => (error ? reject(error) : resolve())),
      );
      await webhooks.close();
      await store.close();
    },
  };
}
