import type { ApiRequest } from '../rest/ApiRequest';
import { ApiError, apiErrors } from '../rest/errors';
import type { BodyReader } from '../rest/inputs';
import {
  json,
  noContent,
  route,
  RouteDefinition,
} from '../rest/RouteDefinition';
import type { AccountRecord, RepositoryRecord } from '../store/types';
import { WEBHOOK_EVENT_NAMES } from './eventNames';
import type { HookInput, HookUpdate } from './HookRegistry';
import {
  HookLocation,
  hookConfig,
  hookRepresentation,
} from './payloads/hookShape';
import type { HookRecord, HookScope, WebhookDelivery } from './types';
import type { WebhookService } from './WebhookService';

function hookValidationFailed(message: string): ApiError {
  return new ApiError(422, 'Validation Failed', {
    errors: [{ resource: 'Hook', code: 'custom', message }],
  });
}

function readEvents(body: BodyReader, name: string): string[] | undefined {
  const events = body.optionalStringArray(name);
  const unknown = events?.filter(event => !WEBHOOK_EVENT_NAMES.has(event));
  if (unknown?.length) {
    throw hookValidationFailed(`Invalid events: ${unknown.join(', ')}`);
  }
  return events;
}

/** The `config` object of a hook, or the body of `PATCH .../config`. */
function readConfig(config: BodyReader | undefined) {
  const contentType = config?.optionalEnum('content_type', [
    'json',
    'form',
  ] as const);
  const insecureSsl = config?.optionalString('insecure_ssl');
  // GitHub treats anything but "1" as "verify certificates".
  const verification = insecureSsl === '1' ? '1' : '0';
  return {
    url: config?.optionalString('url'),
    contentType,
    secret: config?.optionalString('secret'),
    insecureSsl: insecureSsl === undefined ? undefined : verification,
  } as const;
}

function readCreate(request: ApiRequest, existing: HookRecord[]): HookInput {
  const name = request.body.optionalString('name');
  if (name !== undefined && name !== 'web') {
    throw hookValidationFailed(`Name must be "web", not "${name}"`);
  }
  const config = readConfig(request.body.nested('config'));
  if (!config.url) {
    throw hookValidationFailed('Config must contain URL for webhooks');
  }
  if (existing.some(hook => hook.config.url === config.url)) {
    throw hookValidationFailed('Hook already exists on this repository');
  }
  return {
    url: config.url,
    contentType: config.contentType,
    secret: config.secret,
    insecureSsl: config.insecureSsl,
    events: readEvents(request.body, 'events'),
    active: request.body.optionalBoolean('active'),
  };
}

function readUpdate(body: BodyReader): HookUpdate {
  const config = readConfig(body.nested('config'));
  return {
    ...config,
    events: readEvents(body, 'events'),
    addEvents: readEvents(body, 'add_events'),
    removeEvents: readEvents(body, 'remove_events'),
    active: body.optionalBoolean('active'),
  };
}

function deliveryItem(delivery: WebhookDelivery) {
  return {
    id: delivery.id,
    guid: delivery.guid,
    delivered_at: delivery.deliveredAt,
    redelivery: delivery.redelivery,
    duration: delivery.durationMs / 1000,
    status: delivery.status,
    status_code: delivery.statusCode ?? 0,
    event: delivery.event,
    action: delivery.action,
    installation_id: null,
    repository_id: delivery.repositoryId,
    throttled_at: null,
  };
}

function deliveryDetail(delivery: WebhookDelivery) {
  return {
    ...deliveryItem(delivery),
    url: delivery.url,
    request: {
      headers: delivery.request.headers,
      payload: delivery.request.payload,
    },
    response: {
      headers: delivery.response?.headers ?? null,
      payload: delivery.response?.body ?? null,
    },
  };
}

/** Where `{owner}/{repo}` or `{org}` points, checked for the admin rights hooks need. */
interface Located {
  location: HookLocation;
  scope: HookScope;
  viewer: AccountRecord;
}

function locateRepository(
  request: ApiRequest,
): Located & { repo: RepositoryRecord } {
  const repo = request.repository('admin');
  return {
    repo,
    location: { kind: 'repository', repo },
    scope: { kind: 'repository', repoId: repo.id },
    viewer: request.requireViewer(),
  };
}

/** Organization hooks are for owners; everyone else is told the org has none to show. */
function locateOrganization(request: ApiRequest): Located {
  const viewer = request.requireViewer();
  const org = request.store.accounts.get(request.param('org'));
  if (
    !org ||
    org.type !== 'Organization' ||
    (!viewer.siteAdmin &&
      request.store.accounts.orgRole(org.id, viewer.id) !== 'admin')
  ) {
    throw apiErrors.notFound();
  }
  return {
    location: { kind: 'organization', org },
    scope: { kind: 'organization', orgId: org.id },
    viewer,
  };
}

/**
 * The hook endpoints for one kind of owner. `base` is the path up to
 * `/hooks`; repositories also get `POST .../tests`.
 */
function hookRoutes(
  webhooks: () => WebhookService,
  base: string,
  locate: (request: ApiRequest) => Located,
): RouteDefinition[] {
  const mapper = (request: ApiRequest) => request.mapper;
  const requireHook = (request: ApiRequest) => {
    const located = locate(request);
    const hook = webhooks().registry.get(
      located.scope,
      request.numberParam('hook_id'),
    );
    if (!hook) {
      throw apiErrors.notFound();
    }
    return { ...located, hook };
  };
  const requireDelivery = (request: ApiRequest) => {
    const { hook } = requireHook(request);
    const delivery = webhooks().deliveryOf(
      hook,
      request.numberParam('delivery_id'),
    );
    if (!delivery) {
      throw apiErrors.notFound();
    }
    return { hook, delivery };
  };
  const auth = { authentication: 'required' } as const;
  return [
    route(
      'GET',
      `${base}/hooks`,
      request => {
        const { location, scope } = locate(request);
        return request.paginate(webhooks().registry.list(scope), hook =>
          hookRepresentation(mapper(request), hook, location),
        );
      },
      auth,
    ),
    route('POST', `${base}/hooks`, request => {
      const { location, scope, viewer } = locate(request);
      const input = readCreate(request, webhooks().registry.list(scope));
      const hook = webhooks().createHook(location, input, viewer);
      const body = hookRepresentation(mapper(request), hook, location);
      return json(201, body, { location: body.url });
    }),
    route(
      'GET',
      `${base}/hooks/{hook_id}`,
      request => {
        const { hook, location } = requireHook(request);
        return json(200, hookRepresentation(mapper(request), hook, location));
      },
      auth,
    ),
    route('PATCH', `${base}/hooks/{hook_id}`, request => {
      const { hook, location } = requireHook(request);
      webhooks().registry.update(hook, readUpdate(request.body));
      return json(200, hookRepresentation(mapper(request), hook, location));
    }),
    route('DELETE', `${base}/hooks/{hook_id}`, request => {
      const { hook } = requireHook(request);
      webhooks().registry.delete(hook);
      return noContent();
    }),
    route(
      'GET',
      `${base}/hooks/{hook_id}/config`,
      request => json(200, hookConfig(requireHook(request).hook)),
      auth,
    ),
    route('PATCH', `${base}/hooks/{hook_id}/config`, request => {
      const { hook } = requireHook(request);
      webhooks().registry.update(hook, readConfig(request.body));
      return json(200, hookConfig(hook));
    }),
    route('POST', `${base}/hooks/{hook_id}/pings`, request => {
      const { hook, location, viewer } = requireHook(request);
      webhooks().ping(hook, location, viewer);
      return noContent();
    }),
    route(
      'GET',
      `${base}/hooks/{hook_id}/deliveries`,
      request => {
        const { hook } = requireHook(request);
        const deliveries = webhooks()
          .deliveries()
          .filter(delivery => delivery.hookId === hook.id)
          .reverse();
        return request.paginate(deliveries, deliveryItem);
      },
      auth,
    ),
    route(
      'GET',
      `${base}/hooks/{hook_id}/deliveries/{delivery_id}`,
      request => json(200, deliveryDetail(requireDelivery(request).delivery)),
      auth,
    ),
    route(
      'POST',
      `${base}/hooks/{hook_id}/deliveries/{delivery_id}/attempts`,
      request => {
        const { hook, delivery } = requireDelivery(request);
        webhooks().redeliver(hook, delivery);
        return json(202, {});
      },
    ),
  ];
}

/**
 * Repository and organization webhook endpoints, served by the REST
 * pipeline. The service is looked up per request, so the table can also be
 * built without one (to match request paths to templates).
 */
export function webhookRoutes(
  webhooks: () => WebhookService,
): RouteDefinition[] {
  return [
    ...hookRoutes(webhooks, '/repos/{owner}/{repo}', locateRepository),
    route(
      'POST',
      '/repos/{owner}/{repo}/hooks/{hook_id}/tests',
      async request => {
        const { repo } = locateRepository(request);
        const hook = webhooks().registry.get(
          { kind: 'repository', repoId: repo.id },
          request.numberParam('hook_id'),
        );
        if (!hook) {
          throw apiErrors.notFound();
        }
        await webhooks().testPush(hook, repo);
        return noContent();
      },
    ),
    ...hookRoutes(webhooks, '/orgs/{org}', locateOrganization),
  ];
}
