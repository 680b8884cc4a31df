import crypto from 'node:crypto';
import express, { NextFunction, Request, Response } from 'express';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  coreApiVersions,
  versionInfo,
} from '../discovery/discoveryDocuments';
import { openApiV3Document, openApiV3Index } from '../discovery/openApiV3';
import { KubeApiError } from '../errors/KubeApiError';
import { ObjectService } from '../objects/ObjectService';
import { ResourceRegistry } from '../registry/ResourceRegistry';
import { parseApiPath } from './requestPath';
import { handleResourceRequest } from './resourceRoutes';
import { sendError, sendJson, sendPageNotFound } from './responses';
import { WatchStreams } from './watchStreams';

export interface ApiAppOptions {
  registry: ResourceRegistry;
  objects: ObjectService;
  watches: WatchStreams;
  token: string;
}

/** Paths the API server serves to anonymous clients (system:public-info-viewer). */
const publicPaths = new Set(['/version', '/healthz', '/livez', '/readyz']);

function tokensMatch(
  expected: string,
  authorization: string | undefined,
): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1].trim());
  const wanted = Buffer.from(expected);
  return (
    given.length === wanted.length && crypto.timingSafeEqual(given, wanted)
  );
}

function handleOpenApi(
  request: Request,
  response: Response,
  registry: ResourceRegistry,
) {
  const path = request.path.replace(/^\/openapi\/v3\/?/, '');
  if (path === '') {
    sendJson(response, 200, openApiV3Index(registry));
    return;
  }
  const coreMatch = /^api\/([^/]+)$/.exec(path);
  const groupMatch = /^apis\/([^/]+)\/([^/]+)$/.exec(path);
  let group = '';
  let version: string | undefined;
  if (coreMatch) {
    version = coreMatch[1];
  } else if (groupMatch) {
    [, group, version] = groupMatch;
  }
  if (version === undefined || !registry.hasGroupVersion(group, version)) {
    sendPageNotFound(response);
    return;
  }
  sendJson(response, 200, openApiV3Document(registry, group, version));
}

/** The Kubernetes REST API: authentication, discovery, OpenAPI and resource routes. */
export function createApiApp({
  registry,
  objects,
  watches,
  token,
}: ApiAppOptions) {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(express.raw({ type: () => true, limit: '3mb' }));

  app.use((request: Request, response: Response, next: NextFunction) => {
    if (
      publicPaths.has(request.path) ||
      tokensMatch(token, request.headers.authorization)
    ) {
      next();
      return;
    }
    sendError(response, KubeApiError.unauthorized());
  });

  app.get('/version', (_request, response) =>
    sendJson(response, 200, versionInfo()),
  );
  app.get(['/healthz', '/livez', '/readyz'], (_request, response) => {
    response.status(200).type('text/plain').send('ok');
  });
  app.get(/^\/openapi\/v3(\/.*)?$/, (request, response) =>
    handleOpenApi(request, response, registry),
  );

  app.use((request: Request, response: Response) => {
    try {
      const apiPath = parseApiPath(request.path);
      const isGet = request.method === 'GET';
      switch (apiPath.type) {
        case 'coreRoot':
          if (isGet)
            return sendJson(
              response,
              200,
              coreApiVersions(request.headers.host ?? ''),
            );
          return sendPageNotFound(response);
        case 'groupsRoot':
          if (isGet) return sendJson(response, 200, apiGroupList(registry));
          return sendPageNotFound(response);
        case 'group': {
          const group = apiGroup(registry, apiPath.group);
          if (isGet && group) return sendJson(response, 200, group);
          return sendPageNotFound(response);
        }
        case 'groupVersion':
          if (
            isGet &&
            registry.hasGroupVersion(apiPath.group, apiPath.version)
          ) {
            return sendJson(
              response,
              200,
              apiResourceList(registry, apiPath.group, apiPath.version),
            );
          }
          return sendPageNotFound(response);
        case 'resource': {
          const { path } = apiPath;
          if (!registry.hasGroupVersion(path.group, path.version))
            return sendPageNotFound(response);
          const type = registry.find(path.group, path.version, path.resource);
          const subresourceServed =
            path.subresource === undefined ||
            (path.subresource === 'status' && type?.hasStatusSubresource) ||
            type?.readOnlySubresources.includes(path.subresource);
          const scopeMatches =
            type && (type.namespaced || path.namespace === undefined);
          if (
            !type ||
            !scopeMatches ||
            !subresourceServed ||
            (path.subresource && !path.name)
          ) {
            throw KubeApiError.resourceNotFound();
          }
          return handleResourceRequest(request, response, path, type, {
            objects,
            watches,
          });
        }
        default:
          return sendPageNotFound(response);
      }
    } catch (error) {
      return sendError(response, error);
    }
  });

  app.use(
    (
      error: unknown,
      _request: Request,
      response: Response,
      _next: NextFunction,
    ) => {
      // Body parser failures (e.g. too large) arrive here rather than in the route.
      const status = (error as { status?: number }).status;
      if (status === 413) {
        sendError(
          response,
          new KubeApiError(
            413,
            'RequestEntityTooLarge',
            'Request entity too large: limit is 3145728',
          ),
        );
        return;
      }
      sendError(response, error);
    },
  );

  return app;
}
