import { actionsRoutes } from './routes/actions';
import { branchRoutes } from './routes/branches';
import { commitRoutes } from './routes/commits';
import { contentRoutes } from './routes/contents';
import { deploymentRoutes } from './routes/deployments';
import { gitDataRoutes } from './routes/gitData';
import { issueRoutes } from './routes/issues';
import { metaRoutes } from './routes/meta';
import { pullRoutes } from './routes/pulls';
import { releaseRoutes } from './routes/releases';
import { repositoryRoutes } from './routes/repositories';
import { userRoutes } from './routes/users';
import type { HttpMethod, RouteDefinition } from './RouteDefinition';

/** Every REST endpoint the sandbox serves under `/api/v3`. */
export const restRoutes: readonly RouteDefinition[] = [
  ...metaRoutes,
  ...userRoutes,
  ...repositoryRoutes,
  ...branchRoutes,
  ...gitDataRoutes,
  ...contentRoutes,
  ...commitRoutes,
  ...pullRoutes,
  ...issueRoutes,
  ...deploymentRoutes,
  ...actionsRoutes,
  ...releaseRoutes,
];

export interface CompiledRoute {
  definition: RouteDefinition;
  pattern: RegExp;
  paramNames: string[];
  /** Literal segments win over parameters when two templates match one path. */
  literalSegments: number;
}

export interface RouteMatch {
  route: CompiledRoute;
  params: Record<string, string>;
}

export function compileRoute(definition: RouteDefinition): CompiledRoute {
  const paramNames: string[] = [];
  let literalSegments = 0;
  const source = definition.path
    .split('/')
    .map(segment => {
      const param = /^\{(.+)\}$/.exec(segment);
      if (!param) {
        if (segment) literalSegments += 1;
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      paramNames.push(param[1]);
      return definition.greedy?.includes(param[1]) ? '(.*?)' : '([^/]+)';
    })
    .join('/')
    // A trailing greedy parameter may be empty, slash included (`/contents` lists the root).
    .replace(/\/\(\.\*\?\)$/, '(?:/(.*?))?');
  return {
    definition,
    pattern: new RegExp(`^${source}/?$`),
    paramNames,
    literalSegments,
  };
}

/** Compiles and orders a route table so the most specific template is tried first. */
export function compileRoutes(
  definitions: readonly RouteDefinition[],
): CompiledRoute[] {
  return definitions
    .map(compileRoute)
    .sort(
      (a, b) =>
        b.literalSegments - a.literalSegments ||
        (a.definition.greedy?.length ?? 0) - (b.definition.greedy?.length ?? 0),
    );
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `HEAD` is served by the matching `GET` route, as on GitHub. */
export function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  path: string,
): RouteMatch | undefined {
  const wanted = (method === 'HEAD' ? 'GET' : method) as HttpMethod;
  for (const candidate of routes) {
    if (candidate.definition.method !== wanted) {
      continue;
    }
    const match = candidate.pattern.exec(path);
    if (match) {
      const params: Record<string, string> = {};
      candidate.paramNames.forEach((name, index) => {
        params[name] = decode(match[index + 1] ?? '');
      });
      return { route: candidate, params };
    }
  }
  return undefined;
}
