import type { MapperContext } from '../../rest/mappers/MapperContext';
import type { AccountRecord, RepositoryRecord } from '../../store/types';
import type { HookRecord } from '../types';

/** Where a hook is installed: a repository or an organization. */
export type HookLocation =
  | { kind: 'repository'; repo: RepositoryRecord }
  | { kind: 'organization'; org: AccountRecord };

function hookUrl(
  context: MapperContext,
  location: HookLocation,
  id: number,
): string {
  if (location.kind === 'repository') {
    return context.urls.repo(
      context.store.repositories.refOf(location.repo),
      `/hooks/${id}`,
    );
  }
  return context.urls.api(`/orgs/${location.org.login}/hooks/${id}`);
}

export function hookConfig(hook: HookRecord) {
  return {
    content_type: hook.config.contentType,
    insecure_ssl: hook.config.insecureSsl,
    url: hook.config.url,
    // GitHub never echoes a secret back.
    ...(hook.config.secret ? { secret: '********' } : {}),
  };
}

/** The REST `hook`/`org-hook` shape, which ping payloads embed too. */
export function hookRepresentation(
  context: MapperContext,
  hook: HookRecord,
  location: HookLocation,
) {
  const url = hookUrl(context, location, hook.id);
  return {
    type: location.kind === 'repository' ? 'Repository' : 'Organization',
    id: hook.id,
    name: 'web',
    active: hook.active,
    events: hook.events,
    config: hookConfig(hook),
    updated_at: hook.updatedAt,
    created_at: hook.createdAt,
    url,
    ...(location.kind === 'repository' ? { test_url: `${url}/test` } : {}),
    ping_url: `${url}/pings`,
    deliveries_url: `${url}/deliveries`,
    last_response: hook.lastResponse,
  };
}
