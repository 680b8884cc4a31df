import type { IncomingHttpHeaders } from 'node:http';
import type { RateLimitWindow } from '../faults/RateLimiter';
import { permits } from '../store/AccessStore';
import type { GitHubStore } from '../store/GitHubStore';
import type {
  AccountRecord,
  RepoPermission,
  RepoRef,
  RepositoryRecord,
} from '../store/types';
import { ApiError, apiErrors } from './errors';
import { BodyReader, QueryReader } from './inputs';
import type { MapperContext } from './mappers/MapperContext';
import { linkHeader, readPage, slicePage } from './pagination';
import type { ApiResponse } from './RouteDefinition';
import type { SandboxUrls } from './urls';

export interface ApiRequestInit {
  params: Record<string, string>;
  url: URL;
  headers: IncomingHttpHeaders;
  body: unknown;
  viewer: AccountRecord | undefined;
  store: GitHubStore;
  urls: SandboxUrls;
  /** The caller's primary rate-limit window, for `GET /rate_limit`. */
  rateLimit: RateLimitWindow;
}

const DENIED_MESSAGES: Partial<Record<RepoPermission, string>> = {
  admin: 'Must have admin rights to Repository.',
  maintain: 'Must have admin rights to Repository.',
  write: 'Must have push access to repository.',
  triage: 'Must have push access to repository.',
};

/** One REST call as route handlers see it: decoded parameters, readers and access checks. */
export class ApiRequest {
  readonly params: Record<string, string>;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly query: QueryReader;
  readonly body: BodyReader;
  readonly viewer: AccountRecord | undefined;
  readonly store: GitHubStore;
  readonly urls: SandboxUrls;
  readonly mapper: MapperContext;
  readonly rateLimit: RateLimitWindow;

  constructor(init: ApiRequestInit) {
    this.rateLimit = init.rateLimit;
    this.params = init.params;
    this.url = init.url;
    this.headers = init.headers;
    this.query = new QueryReader(init.url.searchParams);
    this.body = new BodyReader(init.body);
    this.viewer = init.viewer;
    this.store = init.store;
    this.urls = init.urls;
    this.mapper = { store: init.store, urls: init.urls, viewer: init.viewer };
  }

  param(name: string): string {
    const value = this.params[name];
    if (value === undefined) {
      throw new Error(`Route has no parameter '${name}'`);
    }
    return value;
  }

  /** Ids and numbers in paths: anything that is not a positive integer is simply not found. */
  numberParam(name: string): number {
    const value = this.param(name);
    if (!/^\d+$/.test(value)) {
      throw apiErrors.notFound();
    }
    return Number(value);
  }

  requireViewer(): AccountRecord {
    if (!this.viewer) {
      throw apiErrors.requiresAuthentication();
    }
    return this.viewer;
  }

  repoRef(): RepoRef {
    const repo = this.repository();
    return this.store.repositories.refOf(repo);
  }

  /**
   * The repository named by `{owner}/{repo}`. Repositories the viewer cannot
   * see are "Not Found" (GitHub does not reveal private repositories);
   * visible ones without the needed role are 403.
   */
  repository(needed: RepoPermission = 'read'): RepositoryRecord {
    const repo = this.store.repositories.get({
      owner: this.param('owner'),
      repo: this.param('repo'),
    });
    if (!repo) {
      throw apiErrors.notFound();
    }
    const granted = this.store.access.permissionOf(repo, this.viewer);
    if (!granted) {
      throw apiErrors.notFound();
    }
    if (!permits(granted, needed)) {
      throw new ApiError(403, DENIED_MESSAGES[needed] ?? 'Forbidden');
    }
    if (repo.archived && needed !== 'read' && needed !== 'admin') {
      throw new ApiError(403, 'Repository was archived so is read-only.');
    }
    return repo;
  }

  /** GitHub's raw media types (`application/vnd.github.raw`, `...v3.raw`). */
  wantsRaw(): boolean {
    const accept = String(this.headers.accept ?? '');
    return /application\/vnd\.github(\.v3)?\.raw/.test(accept);
  }

  async paginate<T>(
    items: T[],
    map: (item: T) => unknown | Promise<unknown>,
  ): Promise<ApiResponse> {
    const pageRequest = readPage(this.query);
    const page = slicePage(items, pageRequest);
    const link = linkHeader(
      this.url,
      this.urls.origin,
      pageRequest,
      page.lastPage,
      page.hasNext,
    );
    const body = await Promise.all(page.items.map(item => map(item)));
    return { status: 200, body, headers: link ? { link } : undefined };
  }

  /** For endpoints that wrap their page in an object, e.g. `{ total_count, workflow_runs }`. */
  async paginateWrapped<T>(
    items: T[],
    key: string,
    map: (item: T) => unknown | Promise<unknown>,
  ): Promise<ApiResponse> {
    const response = await this.paginate(items, map);
    return {
      ...response,
      body: { total_count: items.length, [key]: response.body },
    };
  }
}
