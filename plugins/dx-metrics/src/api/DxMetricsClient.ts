import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  DxAdoptionFigures,
  DxDrillDown,
  DxDrillDownKind,
  DxEntityFigures,
  DxOrgFigures,
  DxTeamFigures,
  DxWindow,
} from '@callboard/plugin-dx-metrics-common';
import { DxMetricsApi } from './DxMetricsApi';

function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return [kind, namespace, name].map(encodeURIComponent).join('/');
}

/** Talks to the dx-metrics backend with the signed-in user's identity. */
export class DxMetricsClient implements DxMetricsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async #json<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('dx-metrics');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }

  getFigures(entityRef: string, window: DxWindow) {
    return this.#json<DxEntityFigures | DxTeamFigures>(
      `/entity/${entityPath(entityRef)}/figures?window=${window}`,
    );
  }

  getDrillDown(entityRef: string, window: DxWindow, kind: DxDrillDownKind) {
    return this.#json<DxDrillDown>(
      `/entity/${entityPath(
        entityRef,
      )}/drill-down?window=${window}&kind=${kind}`,
    );
  }

  getOrgFigures(window: DxWindow) {
    return this.#json<DxOrgFigures>(`/org/figures?window=${window}`);
  }

  getAdoption() {
    return this.#json<DxAdoptionFigures>('/adoption');
  }
}
