import type { Request, Response } from 'express';
import { KubeApiError } from '../errors/KubeApiError';
import { FieldError, fieldErrors } from '../errors/fieldErrors';
import { DeleteOptions, ObjectService } from '../objects/ObjectService';
import {
  apiVersionOf,
  isBuiltin,
  qualifiedResource,
  ResourceType,
} from '../registry/ResourceType';
import { parseObjectFilter } from '../store/selectors';
import { isJsonObject, KubeObject } from '../types';
import { undeclaredFields } from '../validation/schemaValidator';
import { ResourcePath } from './requestPath';
import { decodeObjectBody, decodePatchBody, patchTypeOf } from './requestBody';
import { sendJson } from './responses';
import {
  IncludeObject,
  includeObjectParameter,
  toTable,
  wantsTable,
} from './tables';
import { WatchStreams } from './watchStreams';

export interface ResourceRouteContext {
  objects: ObjectService;
  watches: WatchStreams;
}

/** Everything a verb handler needs about one request. */
interface ResourceRequest extends ResourceRouteContext {
  request: Request;
  response: Response;
  path: ResourcePath;
  type: ResourceType;
  asTable: boolean;
  includeObject: IncludeObject;
}

/** Kinds whose DELETE returns the deleted object rather than a Status, per the API's OpenAPI. */
const kindsReturningDeletedObject = new Set(['Pod', 'Namespace', 'Service']);

function query(request: Request, name: string): string | undefined {
  const value = request.query[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function queryFlag(request: Request, name: string): boolean {
  const value = query(request, name);
  return value === 'true' || value === '1';
}

function dryRunOf(request: Request): boolean {
  const value = query(request, 'dryRun');
  if (value === undefined || value === '') return false;
  if (value !== 'All') {
    throw KubeApiError.badRequest(
      `dryRun: Unsupported value: "${value}": supported values: "All"`,
    );
  }
  return true;
}

/**
 * `fieldValidation=Strict` (kubectl's default) refuses fields a custom
 * resource's schema does not declare, in the strict decoder's words, before
 * anything is stored. Other values keep the object as sent: the sandbox does
 * not prune.
 */
function refuseUndeclaredFields(
  request: Request,
  type: ResourceType,
  body: unknown,
  apply: boolean,
) {
  const value = query(request, 'fieldValidation');
  if (value !== undefined && !['Strict', 'Warn', 'Ignore'].includes(value)) {
    throw KubeApiError.badRequest(
      `fieldValidation: Unsupported value: "${value}": supported values: "Ignore", "Strict", "Warn"`,
    );
  }
  if (value !== 'Strict' || !type.schema || !isJsonObject(body)) return;
  const undeclared = undeclaredFields(body, type.schema);
  if (undeclared.length === 0) return;
  if (apply) {
    const name = isJsonObject(body.metadata) ? body.metadata.name : '';
    const namespace = isJsonObject(body.metadata)
      ? body.metadata.namespace
      : '';
    throw KubeApiError.badRequest(
      `failed to create typed patch object (${
        namespace ? `${namespace}/` : ''
      }${name}; ${apiVersionOf(type)}, Kind=${type.kind}): ${undeclared
        .map(field => `.${field}: field not declared in schema`)
        .join(', ')}`,
    );
  }
  throw KubeApiError.badRequest(
    `${type.kind} in version "${type.version}" cannot be handled as a ${
      type.kind
    }: strict decoding error: ${undeclared
      .map(field => `unknown field "${field}"`)
      .join(', ')}`,
  );
}

function integerQuery(request: Request, name: string): number | undefined {
  const value = query(request, name);
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) {
    throw KubeApiError.badRequest(
      `${name}: Invalid value: "${value}": must be a non-negative integer`,
    );
  }
  return Number(value);
}

/** The API server's default field manager: the User-Agent up to the first `/`. */
function fieldManagerOf(request: Request): string {
  const explicit = query(request, 'fieldManager');
  if (explicit) return explicit;
  const userAgent = request.headers['user-agent'] ?? '';
  return (
    userAgent
      .split('/')[0]
      .replace(/[^\x20-\x7e]/g, '')
      .slice(0, 128) || 'unknown'
  );
}

function patchOptionsInvalid(error: FieldError) {
  return KubeApiError.invalid(
    { group: 'meta.k8s.io', kind: 'PatchOptions' },
    '',
    [error],
  );
}

function requireVerb(type: ResourceType, verb: string) {
  if (!type.verbs.includes(verb)) {
    throw KubeApiError.methodNotSupported(qualifiedResource(type), verb);
  }
}

function requireName(context: ResourceRequest, action: string): string {
  const { name } = context.path;
  if (!name) {
    throw KubeApiError.methodNotSupported(
      qualifiedResource(context.type),
      action,
    );
  }
  requireVerb(context.type, action);
  return name;
}

function listMetadataOf(objects: ObjectService) {
  return { resourceVersion: String(objects.store.currentRevision) };
}

function sendObject(
  context: ResourceRequest,
  code: number,
  object: KubeObject,
) {
  const { response, type, asTable, includeObject, objects } = context;
  sendJson(
    response,
    code,
    asTable
      ? toTable(type, [object], listMetadataOf(objects), includeObject)
      : object,
  );
}

function stripTypeMeta(object: KubeObject) {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
  return rest;
}

function successStatus(type: ResourceType, object: KubeObject) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: object.metadata.name,
      ...(type.group ? { group: type.group } : {}),
      kind: type.plural,
      uid: object.metadata.uid,
    },
  };
}

function podLog(request: Request, pod: KubeObject): string {
  const spec = isJsonObject(pod.spec) ? pod.spec : {};
  const containers = (Array.isArray(spec.containers) ? spec.containers : [])
    .filter(isJsonObject)
    .map(container => String(container.name));
  const requested = query(request, 'container') ?? containers[0];
  if (!requested || !containers.includes(requested)) {
    throw KubeApiError.badRequest(
      `container ${requested ?? ''} is not valid for pod ${pod.metadata.name}`,
    );
  }
  return `[callboard sandbox] pod ${pod.metadata.namespace}/${pod.metadata.name} container ${requested} does not run; there is no log output\n`;
}

function watch(context: ResourceRequest) {
  const {
    request,
    response,
    path,
    type,
    objects,
    watches,
    asTable,
    includeObject,
  } = context;
  requireVerb(type, 'watch');
  const fieldSelector = [
    query(request, 'fieldSelector'),
    path.name ? `metadata.name=${path.name}` : undefined,
  ]
    .filter(Boolean)
    .join(',');
  watches.start(response, {
    type,
    filter: parseObjectFilter(
      type.namespaced ? path.namespace : undefined,
      query(request, 'labelSelector'),
      fieldSelector,
    ),
    resourceVersion: query(request, 'resourceVersion'),
    sendInitialEvents: queryFlag(request, 'sendInitialEvents'),
    allowBookmarks: queryFlag(request, 'allowWatchBookmarks'),
    timeoutSeconds: integerQuery(request, 'timeoutSeconds'),
    encode: object => {
      const served = objects.served(type, object);
      return asTable
        ? toTable(type, [served], listMetadataOf(objects), includeObject)
        : served;
    },
  });
}

function getOrList(context: ResourceRequest) {
  const { request, response, path, type, objects, asTable, includeObject } =
    context;
  if (path.name) {
    requireVerb(type, 'get');
    sendObject(context, 200, objects.get(type, path.namespace, path.name));
    return;
  }
  requireVerb(type, 'list');
  const result = objects.list(type, path.namespace, {
    labelSelector: query(request, 'labelSelector'),
    fieldSelector: query(request, 'fieldSelector'),
    limit: integerQuery(request, 'limit'),
    continueToken: query(request, 'continue'),
  });
  const metadata = {
    resourceVersion: result.resourceVersion,
    ...(result.continueToken ? { continue: result.continueToken } : {}),
    ...(result.remainingItemCount !== undefined
      ? { remainingItemCount: result.remainingItemCount }
      : {}),
  };
  if (asTable) {
    sendJson(
      response,
      200,
      toTable(type, result.items, metadata, includeObject),
    );
    return;
  }
  sendJson(response, 200, {
    kind: type.listKind,
    apiVersion: apiVersionOf(type),
    metadata,
    // Like the real server, built-in list items carry no apiVersion/kind; custom resources do.
    items: isBuiltin(type) ? result.items.map(stripTypeMeta) : result.items,
  });
}

function create(context: ResourceRequest) {
  const { request, path, type, objects } = context;
  if (path.name)
    throw KubeApiError.methodNotSupported(qualifiedResource(type), 'create');
  requireVerb(type, 'create');
  const body = decodeObjectBody(request.body, request.headers['content-type']);
  refuseUndeclaredFields(request, type, body, false);
  const created = objects.create(type, path.namespace, body, {
    dryRun: dryRunOf(request),
    fieldManager: fieldManagerOf(request),
  });
  sendObject(context, 201, created);
}

function update(context: ResourceRequest) {
  const { request, path, type, objects } = context;
  const name = requireName(context, 'update');
  const body = decodeObjectBody(request.body, request.headers['content-type']);
  refuseUndeclaredFields(request, type, body, false);
  const updated = objects.update(type, path.namespace, name, body, {
    dryRun: dryRunOf(request),
    fieldManager: fieldManagerOf(request),
    subresource: path.subresource === 'status' ? 'status' : undefined,
  });
  sendObject(context, 200, updated);
}

function patch(context: ResourceRequest) {
  const { request, path, type, objects } = context;
  const name = requireName(context, 'patch');
  const patchType = patchTypeOf(type, request.headers['content-type']);
  const force = query(request, 'force');
  const subresource = path.subresource === 'status' ? 'status' : undefined;
  if (patchType === 'apply') {
    const fieldManager = query(request, 'fieldManager');
    if (!fieldManager) {
      throw patchOptionsInvalid(
        fieldErrors.required('fieldManager', 'is required for apply patch'),
      );
    }
    const applied = decodePatchBody(request.body, patchType);
    refuseUndeclaredFields(request, type, applied, true);
    const { object, created } = objects.apply(
      type,
      path.namespace,
      name,
      applied,
      {
        fieldManager,
        force: force === 'true',
        dryRun: dryRunOf(request),
        subresource,
      },
    );
    sendObject(context, created ? 201 : 200, object);
    return;
  }
  if (force !== undefined) {
    throw patchOptionsInvalid(
      fieldErrors.forbidden(
        'force',
        'may not be specified for non-apply patch',
      ),
    );
  }
  const patchBody = decodePatchBody(request.body, patchType);
  if (patchType !== 'json') {
    refuseUndeclaredFields(request, type, patchBody, false);
  }
  const patched = objects.patch(
    type,
    path.namespace,
    name,
    patchType,
    patchBody,
    {
      dryRun: dryRunOf(request),
      fieldManager: fieldManagerOf(request),
      subresource,
    },
  );
  sendObject(context, 200, patched);
}

/** Options from the query string and from a DeleteOptions body, as kubectl sends them. */
function deleteOptionsOf(request: Request): DeleteOptions {
  const hasBody = Buffer.isBuffer(request.body) && request.body.length > 0;
  const decoded = hasBody
    ? decodeObjectBody(request.body, request.headers['content-type'])
    : {};
  const body = isJsonObject(decoded) ? decoded : {};
  const dryRunInBody =
    Array.isArray(body.dryRun) && body.dryRun.includes('All');
  const policyInBody =
    typeof body.propagationPolicy === 'string'
      ? body.propagationPolicy
      : undefined;
  return {
    dryRun: dryRunOf(request) || dryRunInBody,
    propagationPolicy: query(request, 'propagationPolicy') ?? policyInBody,
    preconditions: isJsonObject(body.preconditions)
      ? (body.preconditions as DeleteOptions['preconditions'])
      : undefined,
  };
}

function remove(context: ResourceRequest) {
  const { request, response, path, type, objects } = context;
  const options = deleteOptionsOf(request);
  if (!path.name) {
    requireVerb(type, 'deletecollection');
    const deleted = objects.deleteCollection(
      type,
      path.namespace,
      {
        labelSelector: query(request, 'labelSelector'),
        fieldSelector: query(request, 'fieldSelector'),
      },
      options,
    );
    sendJson(response, 200, {
      kind: type.listKind,
      apiVersion: apiVersionOf(type),
      metadata: listMetadataOf(objects),
      items: deleted,
    });
    return;
  }
  requireVerb(type, 'delete');
  const { object, deleted } = objects.delete(
    type,
    path.namespace,
    path.name,
    options,
  );
  const returnsObject = !deleted || kindsReturningDeletedObject.has(type.kind);
  sendJson(response, 200, returnsObject ? object : successStatus(type, object));
}

/** Answers one request for objects of a resource type, after the type has been resolved. */
export function handleResourceRequest(
  request: Request,
  response: Response,
  path: ResourcePath,
  type: ResourceType,
  { objects, watches }: ResourceRouteContext,
): void {
  const context: ResourceRequest = {
    request,
    response,
    path,
    type,
    objects,
    watches,
    asTable: wantsTable(request.headers.accept),
    includeObject: includeObjectParameter(query(request, 'includeObject')),
  };
  const method = request.method.toUpperCase();
  if (method === 'GET' && path.subresource === 'log') {
    const pod = objects.get(type, path.namespace, path.name ?? '');
    response.status(200).type('text/plain').send(podLog(request, pod));
  } else if (
    method === 'GET' &&
    (path.legacyWatch || queryFlag(request, 'watch'))
  ) {
    watch(context);
  } else if (method === 'GET') {
    getOrList(context);
  } else if (method === 'POST') {
    create(context);
  } else if (method === 'PUT') {
    update(context);
  } else if (method === 'PATCH') {
    patch(context);
  } else if (method === 'DELETE') {
    remove(context);
  } else {
    throw KubeApiError.methodNotSupported(
      qualifiedResource(type),
      method.toLowerCase(),
    );
  }
}
