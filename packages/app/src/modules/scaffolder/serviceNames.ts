import {
  ApiHolder,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';

/**
 * What `GET /api/scaffolder/callboard/service-names/:name` answers
 * (plugins/scaffolder-backend-module-callboard/src/serviceNames/checkServiceName.ts).
 */
export interface ServiceNameCheck {
  name: string;
  invalid?: string;
  catalog: { taken: string[] };
  github: { host: string; owner: string } & (
    | { state: 'free' }
    | { state: 'taken'; url: string }
    | { state: 'unknown'; reason: string }
  );
  available: boolean;
}

export async function checkServiceName(
  apis: ApiHolder,
  name: string,
  signal?: AbortSignal,
): Promise<ServiceNameCheck> {
  const discoveryApi = apis.get(discoveryApiRef);
  const fetchApi = apis.get(fetchApiRef);
  if (!discoveryApi || !fetchApi) {
    throw new Error('The discovery and fetch APIs are not available');
  }
  const baseUrl = await discoveryApi.getBaseUrl('scaffolder');
  const response = await fetchApi.fetch(
    `${baseUrl}/callboard/service-names/${encodeURIComponent(name)}`,
    { signal },
  );
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  return response.json();
}

/** Why the name cannot be used; undefined when it can. */
export function takenMessage(check: ServiceNameCheck): string | undefined {
  if (check.invalid) {
    return check.invalid;
  }
  if (check.available) {
    return undefined;
  }
  const reasons = [];
  if (check.catalog.taken.length > 0) {
    reasons.push(`the catalog already has ${check.catalog.taken.join(', ')}`);
  }
  if (check.github.state === 'taken') {
    reasons.push(
      `${check.github.owner}/${check.name} already exists on ${check.github.host}`,
    );
  }
  return `${check.name} is taken: ${reasons.join(' and ')}`;
}

/** What the field says under a name that can be used. */
export function freeMessage(check: ServiceNameCheck): string {
  const where = `${check.github.host}/${check.github.owner}`;
  if (check.github.state === 'unknown') {
    return `${check.name} is free in the catalog; ${where} could not be asked (${check.github.reason}), so publishing will tell`;
  }
  return `${check.name} is free in the catalog and on ${where}`;
}
