import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { createHash } from 'node:crypto';
import { Octokit } from 'octokit';
import {
  ConditionalRequestCache,
  useConditionalRequests,
} from './conditionalRequests';
import { GithubExchangeObserver, observeRequests } from './requestObserver';
import {
  DEFAULT_GITHUB_RETRY_OPTIONS,
  GithubRetryOptions,
  handleRateLimits,
  octokitRetryOptions,
  readGithubRetryOptions,
  Sleep,
} from './retryPolicy';

/** A repository on one of the configured GitHub hosts. */
export interface GithubRepositoryTarget {
  host: string;
  owner: string;
  repo: string;
}

/** A target plus the user token to act with, when the template passed one. */
export type GithubClientTarget = GithubRepositoryTarget & { token?: string };

export interface GithubClientFactoryOptions {
  integrations: ScmIntegrationRegistry;
  /** Defaults to `DefaultGithubCredentialsProvider.fromIntegrations(integrations)`. */
  credentialsProvider?: GithubCredentialsProvider;
  retry?: Partial<GithubRetryOptions>;
  /** Replaces real waiting for rate limits, so tests need not sleep. */
  sleep?: Sleep;
}

/** How the clients of one session behave: one scaffolder task run, one ingest pass. */
export interface GithubSessionOptions {
  logger: LoggerService;
  signal?: AbortSignal;
  /** Makes GETs conditional against this store; a 304 costs no rate limit. */
  conditionalRequests?: ConditionalRequestCache;
  /** Sees every HTTP exchange, for counters and benchmarks. */
  onExchange?: GithubExchangeObserver;
}

/**
 * The clients of one session, keyed by host and owner (GitHub App installations are per
 * owner): each is authenticated once, however often it is asked for.
 */
export class GithubClients {
  readonly #clients = new Map<string, Promise<Octokit>>();
  readonly #create: (target: GithubClientTarget) => Promise<Octokit>;

  constructor(create: (target: GithubClientTarget) => Promise<Octokit>) {
    this.#create = create;
  }

  get(target: GithubClientTarget): Promise<Octokit> {
    const key = [
      target.host,
      target.owner.toLowerCase(),
      credentialScope(target),
    ].join('\u0000');
    let client = this.#clients.get(key);
    if (!client) {
      client = this.#create(target);
      // A failed attempt (no credentials yet, say) must not be cached for the rest of the task.
      client.catch(() => this.#clients.delete(key));
      this.#clients.set(key, client);
    }
    return client;
  }
}

/**
 * Builds octokit clients the way Backstage's GitHub actions do
 * (`getOctokitOptions`): the integration for the host decides the API base URL,
 * so GHES works, and credentials come from a user token when one is given,
 * otherwise from the integration's token or GitHub App installation.
 */
export class GithubClientFactory {
  readonly retry: GithubRetryOptions;
  readonly #integrations: ScmIntegrationRegistry;
  readonly #credentialsProvider: GithubCredentialsProvider;
  readonly #sleep?: Sleep;

  static fromConfig(
    config: Config,
    options: Omit<GithubClientFactoryOptions, 'retry'>,
  ): GithubClientFactory {
    return new GithubClientFactory({
      ...options,
      retry: readGithubRetryOptions(config),
    });
  }

  constructor(options: GithubClientFactoryOptions) {
    this.#integrations = options.integrations;
    this.#credentialsProvider =
      options.credentialsProvider ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
    this.retry = { ...DEFAULT_GITHUB_RETRY_OPTIONS, ...options.retry };
    this.#sleep = options.sleep;
  }

  /** Clients for one session (a task run, an ingest pass). */
  session(options: GithubSessionOptions): GithubClients {
    return new GithubClients(target => this.#create(target, options));
  }

  async #create(
    target: GithubClientTarget,
    options: GithubSessionOptions,
  ): Promise<Octokit> {
    const integration = this.#integrations.github.byHost(target.host);
    if (!integration) {
      throw new InputError(
        `No GitHub integration is configured for host '${target.host}'; add it under integrations.github in the app config`,
      );
    }
    const { apiBaseUrl } = integration.config;
    if (!apiBaseUrl) {
      throw new InputError(
        `The GitHub integration for host '${target.host}' has no apiBaseUrl; GitHub Enterprise hosts need one, e.g. https://${target.host}/api/v3`,
      );
    }
    const auth = target.token ?? (await this.#integrationToken(target));
    const { logger } = options;
    const octokit = new Octokit({
      auth,
      baseUrl: apiBaseUrl,
      request: options.signal ? { signal: options.signal } : undefined,
      log: {
        debug: message => logger.debug(message),
        // octokit reports its retries at info level; they are noise in task logs.
        info: message => logger.debug(message),
        warn: message => logger.warn(message),
        error: message => logger.error(message),
      },
      ...octokitRetryOptions(this.retry),
    });
    // Registration order is nesting order: the observer sees each real exchange, the
    // conditional cache sits above it, and rate-limit retries wrap both.
    if (options.onExchange) {
      observeRequests(octokit, options.onExchange);
    }
    if (options.conditionalRequests) {
      useConditionalRequests(
        octokit,
        options.conditionalRequests,
        `${target.host}#${credentialScope(target)}`,
      );
    }
    handleRateLimits(octokit, this.retry, this.#sleep);
    return octokit;
  }

  async #integrationToken(target: GithubRepositoryTarget): Promise<string> {
    const { token } = await this.#credentialsProvider.getCredentials({
      url: `https://${target.host}/${encodeURIComponent(
        target.owner,
      )}/${encodeURIComponent(target.repo)}`,
    });
    if (!token) {
      throw new InputError(
        `No GitHub credentials for '${target.owner}/${target.repo}' on host '${target.host}': configure a token or a GitHub App installed for '${target.owner}' under integrations.github, or pass a user token`,
      );
    }
    return token;
  }
}

/**
 * Whose view a client has: the integration's (stable while installation tokens rotate), or one
 * user's, named by a digest because cache keys may be shared and must never hold a token.
 */
function credentialScope(target: GithubClientTarget): string {
  if (!target.token) {
    return 'integration';
  }
  const digest = createHash('sha256').update(target.token).digest('hex');
  return `user-${digest.slice(0, 16)}`;
}
