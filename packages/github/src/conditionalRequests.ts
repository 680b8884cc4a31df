import type { CacheService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import { LRUCache } from 'lru-cache';
import type { Octokit } from 'octokit';
import { isGithubRequestFailure } from './errors';

/** What a conditional GET needs to answer from a 304: the validator, the body and the paging links. */
export type CachedGithubResponse = {
  etag: string;
  /** The `Link` header, so `octokit.paginate` still finds the next page. */
  link?: string;
  data: JsonValue;
};

/**
 * Where validators and bodies of earlier GET answers are kept. GitHub does not count a 304
 * against the rate limit, so a poll that finds nothing new costs nothing.
 */
export interface ConditionalRequestCache {
  get(key: string): Promise<CachedGithubResponse | undefined>;
  set(key: string, value: CachedGithubResponse): Promise<void>;
}

/** An in-process cache, bounded by entry count (least recently used go first). */
export function createMemoryConditionalRequestCache(
  options: { maxEntries?: number } = {},
): ConditionalRequestCache {
  const entries = new LRUCache<string, CachedGithubResponse>({
    max: options.maxEntries ?? 10_000,
  });
  return {
    async get(key) {
      return entries.get(key);
    },
    async set(key, value) {
      entries.set(key, value);
    },
  };
}

/**
 * Backstage's cache service as the store, so validators survive restarts and are shared by
 * replicas when the cache is Redis or Memcache.
 */
export function createCacheServiceConditionalRequestCache(
  cache: CacheService,
): ConditionalRequestCache {
  return {
    async get(key) {
      return cache.get<CachedGithubResponse>(key);
    },
    async set(key, value) {
      await cache.set(key, value);
    },
  };
}

function headerValue(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Makes every GET of this client conditional. Keys carry `scope` (host and identity) because
 * two tokens may see different answers for the same URL.
 */
export function useConditionalRequests(
  octokit: Octokit,
  cache: ConditionalRequestCache,
  scope: string,
): void {
  octokit.hook.wrap('request', async (request, options) => {
    const endpoint = octokit.request.endpoint(options);
    if (endpoint.method !== 'GET') {
      return request(options);
    }
    const key = `${scope} ${endpoint.url} ${endpoint.headers.accept ?? ''}`;
    const cached = await cache.get(key);
    if (cached) {
      // Inner hooks are bound to this same options object and ignore a replacement,
      // so the validator goes onto it in place.
      options.headers = { ...options.headers, 'if-none-match': cached.etag };
    }
    try {
      const response = await request(options);
      const etag = headerValue(response.headers.etag);
      if (etag && response.status === 200) {
        await cache.set(key, {
          etag,
          link: headerValue(response.headers.link),
          data: response.data as JsonValue,
        });
      }
      return response;
    } catch (error) {
      if (cached && isGithubRequestFailure(error) && error.status === 304) {
        return {
          status: 200,
          url: endpoint.url,
          headers: {
            etag: cached.etag,
            ...(cached.link ? { link: cached.link } : {}),
          },
          data: cached.data,
        } as Awaited<ReturnType<typeof request>>;
      }
      throw error;
    }
  });
}
