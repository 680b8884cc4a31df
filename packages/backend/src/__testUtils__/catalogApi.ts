import { Entity } from '@backstage/catalog-model';
import { guestToken } from './guestSignIn';

export type SearchResult = {
  type: string;
  document: { title: string; location: string; text: string };
};

type ProcessingError = { name: string; message: string };

type UnprocessedEntity = {
  unprocessed_entity: Entity;
  /** Some database drivers hand the stored JSON column back as a string. */
  errors?: ProcessingError[] | string;
};

function errorsOf(entity: UnprocessedEntity): ProcessingError[] {
  const errors = entity.errors ?? [];
  return typeof errors === 'string' ? JSON.parse(errors) : errors;
}

/** A small client for the REST APIs a portal user's browser calls, with a guest token. */
export class CatalogApi {
  static async signInAsGuest(baseUrl: string): Promise<CatalogApi> {
    return new CatalogApi(baseUrl, await guestToken(baseUrl));
  }

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async get<T>(urlPath: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}${urlPath}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (!response.ok) {
      throw new Error(
        `GET ${urlPath} failed with ${
          response.status
        }: ${await response.text()}`,
      );
    }
    return (await response.json()) as T;
  }

  async countsByKind(): Promise<Record<string, number>> {
    const body = await this.get<{
      facets: { kind: { value: string; count: number }[] };
    }>('/api/catalog/entity-facets?facet=kind');
    return Object.fromEntries(body.facets.kind.map(f => [f.value, f.count]));
  }

  async getEntity(ref: string): Promise<Entity> {
    const [kind, rest] = ref.split(':');
    const [namespace, name] = rest.split('/');
    return this.get<Entity>(
      `/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
    );
  }

  async search(term: string): Promise<SearchResult[]> {
    const body = await this.get<{ results: SearchResult[] }>(
      `/api/search/query?term=${encodeURIComponent(
        term,
      )}&types[0]=software-catalog`,
    );
    return body.results;
  }

  /**
   * Processing errors of the entities that failed to enter the catalog from a file, as the
   * unprocessed-entities module reports them.
   */
  async processingErrorsFor(filePath: string): Promise<string[]> {
    return this.processingErrorsWhere(
      entity => entity.spec?.target === filePath,
    );
  }

  /** Processing errors of the entities the unprocessed-entities module lists as failed. */
  async processingErrorsWhere(
    matches: (entity: Entity) => boolean,
  ): Promise<string[]> {
    const { entities } = await this.get<{ entities: UnprocessedEntity[] }>(
      '/api/catalog/entities/unprocessed/failed',
    );
    return entities
      .filter(e => matches(e.unprocessed_entity))
      .flatMap(e => errorsOf(e).map(error => error.message));
  }

  async waitFor(
    condition: () => Promise<boolean>,
    description: string,
    timeoutMs = 90_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      try {
        if (await condition()) {
          return;
        }
      } catch (error) {
        lastError = error;
      }
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    throw new Error(
      `Timed out after ${timeoutMs} ms waiting for ${description}${
        lastError ? `: ${lastError}` : ''
      }`,
    );
  }
}
