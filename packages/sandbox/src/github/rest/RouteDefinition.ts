import type { ApiRequest } from './ApiRequest';

/** What GitHub answers for the raw media type; octokit reads it as a string because of the charset. */
export const RAW_CONTENT_TYPE = 'application/vnd.github.raw; charset=utf-8';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiResponse {
  status: number;
  /** Serialised as JSON unless `raw` is set. */
  body?: unknown;
  raw?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

/**
 * One REST endpoint. `path` is the template exactly as GitHub's OpenAPI
 * description spells it (relative to `/api/v3`), which is what lets the
 * conformance test check the route table against the description.
 */
export interface RouteDefinition {
  method: HttpMethod;
  path: string;
  /** Parameters whose values may contain `/` (file paths, git refs). */
  greedy?: string[];
  /** Reads are anonymous-friendly by default, writes require a token. */
  authentication?: 'required' | 'optional';
  handle(request: ApiRequest): Promise<ApiResponse>;
}

export function route(
  method: HttpMethod,
  path: string,
  handle: (request: ApiRequest) => Promise<ApiResponse> | ApiResponse,
  options: Pick<RouteDefinition, 'greedy' | 'authentication'> = {},
): RouteDefinition {
  return {
    method,
    path,
    ...options,
    handle: async request => handle(request),
  };
}

export function json(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): ApiResponse {
  return { status, body, headers };
}

export function noContent(): ApiResponse {
  return { status: 204 };
}
