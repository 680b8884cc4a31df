import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { OverviewQuery, ScorecardsApi } from './ScorecardsApi';

function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return [kind, namespace, name].map(encodeURIComponent).join('/');
}

function queryString(query: Record<string, string | number | undefined>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return params.toString();
}

/** Talks to the scorecards backend with the signed-in user's identity. */
export class ScorecardsClient implements ScorecardsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async #request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('scorecards');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      headers: init?.body
        ? { 'Content-Type': 'application/json', ...init.headers }
        : init?.headers,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  async #json<T>(path: string, init?: RequestInit): Promise<T> {
    return (await this.#request(path, init)).json();
  }

  getEntity(entityRef: string) {
    return this.#json<never>(`/entities/${entityPath(entityRef)}`);
  }

  refreshEntity(entityRef: string) {
    return this.#json<never>(`/entities/${entityPath(entityRef)}/refresh`, {
      method: 'POST',
    });
  }

  getLevels(entityRefs: string[]) {
    return this.#json<never>('/levels', {
      method: 'POST',
      body: JSON.stringify({ entityRefs }),
    });
  }

  getTeam(teamRef: string, windowDays: number) {
    const { namespace, name } = parseEntityRef(teamRef, {
      defaultKind: 'group',
    });
    return this.#json<never>(
      `/teams/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}?window=${windowDays}`,
    );
  }

  getDefinitions() {
    return this.#json<never>('/definitions');
  }

  getOverview(query: OverviewQuery) {
    return this.#json<never>(`/overview?${queryString(query)}`);
  }

  async getOverviewCsv(query: OverviewQuery) {
    const response = await this.#request(
      `/overview?${queryString({ ...query, format: 'csv' })}`,
    );
    return response.blob();
  }

  requestExemption(request: {
    entityRef: string;
    checkId: string;
    reason: string;
    expiresAt: string;
  }) {
    return this.#json<never>('/exemptions', {
      method: 'POST',
      body: JSON.stringify(request),
    });
  }

  reviewExemption(
    id: string,
    review: { decision: 'approve' | 'reject'; comment?: string },
  ) {
    return this.#json<never>(`/exemptions/${encodeURIComponent(id)}/review`, {
      method: 'POST',
      body: JSON.stringify(review),
    });
  }

  async listExemptions(status?: 'pending' | 'approved' | 'rejected') {
    const { items } = await this.#json<{ items: never[] }>(
      `/exemptions?${queryString({ status })}`,
    );
    return items;
  }
}
