import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ClaimRequest,
  DeleteRequest,
  ResizeRequest,
  TaskStarted,
} from '@callboard/plugin-infrastructure-common';
import { InfrastructureApi } from './InfrastructureApi';

/** Talks to the infrastructure backend with the signed-in user's identity. */
export class InfrastructureClient implements InfrastructureApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async #json<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(
      'infrastructure',
    );
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      headers: init?.body ? { 'Content-Type': 'application/json' } : undefined,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }

  async environments() {
    const { environments } = await this.#json<{
      environments: Awaited<ReturnType<InfrastructureApi['environments']>>;
    }>('/environments');
    return environments;
  }

  teams() {
    return this.#json<Awaited<ReturnType<InfrastructureApi['teams']>>>(
      '/teams',
    );
  }

  async apis(environment: string) {
    const { apis } = await this.#json<{
      apis: Awaited<ReturnType<InfrastructureApi['apis']>>;
    }>(`/apis?environment=${encodeURIComponent(environment)}`);
    return apis;
  }

  dryRun(request: ClaimRequest) {
    return this.#json<Awaited<ReturnType<InfrastructureApi['dryRun']>>>(
      '/dry-run',
      { method: 'POST', body: JSON.stringify(request) },
    );
  }

  status(entityRef: string) {
    return this.#json<Awaited<ReturnType<InfrastructureApi['status']>>>(
      `/status?entityRef=${encodeURIComponent(entityRef)}`,
    );
  }

  resize(request: ResizeRequest) {
    return this.#json<TaskStarted>('/resize', {
      method: 'POST',
      body: JSON.stringify(request),
    });
  }

  remove(request: DeleteRequest) {
    return this.#json<TaskStarted>('/delete', {
      method: 'POST',
      body: JSON.stringify(request),
    });
  }
}
