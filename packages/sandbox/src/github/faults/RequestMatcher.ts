/**
 * Selects requests for a fault. `path` may be the OpenAPI template
 * (`/repos/{owner}/{repo}/pulls`), the concrete path without `/api/v3`
 * (`/repos/acme/web/pulls`), a glob over the concrete path (`/repos/acme/*`),
 * or a RegExp tested against the concrete path.
 */
export interface RequestMatcher {
  method?: string;
  path?: string | RegExp;
}

export interface MatchableRequest {
  method: string;
  /** Concrete path, with `/api/v3` removed for REST calls. */
  path: string;
  /** Route template when the request matched a known route. */
  template: string | undefined;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

export function matches(
  matcher: RequestMatcher,
  request: MatchableRequest,
): boolean {
  if (
    matcher.method &&
    matcher.method.toUpperCase() !== request.method.toUpperCase()
  ) {
    return false;
  }
  const pattern = matcher.path;
  if (pattern === undefined) {
    return true;
  }
  if (pattern instanceof RegExp) {
    return pattern.test(request.path);
  }
  if (pattern === request.template || pattern === request.path) {
    return true;
  }
  return pattern.includes('*') && globToRegExp(pattern).test(request.path);
}
