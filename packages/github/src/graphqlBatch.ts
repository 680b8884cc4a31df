import type { Octokit } from 'octokit';
import { GithubRateLimitError } from './errors';

/** One repository's part of a batched query, with its own values for the shared variables. */
export interface BatchedRepository {
  owner: string;
  name: string;
  variables?: Record<string, unknown>;
}

export interface RepositoryBatchQuery {
  /** The selection inside `repository(owner:, name:) { … }`; may use the variables below. */
  selection: string;
  /** Per-repository variables the selection uses, name → GraphQL type, e.g. `{ after: 'String' }`. */
  variables?: Record<string, string>;
  /** Named after what it fetches; GitHub's logs and the sandbox show it. */
  operationName: string;
}

/** A repository's answer: its data, or GitHub's error for it (e.g. NOT_FOUND after a deletion). */
export type BatchedRepositoryResult<T> =
  | { ok: true; data: T }
  | { ok: false; type: string; message: string };

interface GraphqlErrorShape {
  type?: string;
  message: string;
  path?: Array<string | number>;
}

interface GraphqlResponseErrorShape {
  name: 'GraphqlResponseError';
  errors?: GraphqlErrorShape[];
  data?: Record<string, unknown> | null;
  headers?: Record<string, string | number | undefined>;
}

function isGraphqlResponseError(
  error: unknown,
): error is GraphqlResponseErrorShape {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'GraphqlResponseError'
  );
}

/**
 * Asks about many repositories in one GraphQL request, one aliased `repository` field each:
 * GitHub charges a batched query by the nodes it returns, not per repository, so a poll of a
 * hundred repositories costs one request instead of a hundred. A repository GitHub cannot
 * resolve (deleted, or renamed beyond its redirect) comes back as a failed result; the others
 * still answer. An exhausted GraphQL budget throws {@link GithubRateLimitError}.
 */
export async function queryRepositoriesInBatch<T>(
  octokit: Octokit,
  query: RepositoryBatchQuery,
  repositories: BatchedRepository[],
): Promise<BatchedRepositoryResult<T>[]> {
  if (repositories.length === 0) {
    return [];
  }
  const variableTypes = query.variables ?? {};
  const names = Object.keys(variableTypes);
  const definitions: string[] = [];
  const fields: string[] = [];
  const values: Record<string, unknown> = {};
  repositories.forEach((repository, index) => {
    definitions.push(`$owner${index}: String!`, `$name${index}: String!`);
    values[`owner${index}`] = repository.owner;
    values[`name${index}`] = repository.name;
    for (const name of names) {
      definitions.push(`$${name}${index}: ${variableTypes[name]}`);
      values[`${name}${index}`] = repository.variables?.[name] ?? null;
    }
    const selection = names.reduce(
      (text, name) =>
        text.replace(new RegExp(`\\$${name}\\b`, 'g'), `$${name}${index}`),
      query.selection,
    );
    fields.push(
      `r${index}: repository(owner: $owner${index}, name: $name${index}) { ${selection} }`,
    );
  });
  const document = `query ${query.operationName}(${definitions.join(
    ', ',
  )}) { ${fields.join('\n')} }`;

  let data: Record<string, unknown> | null | undefined;
  let errors: GraphqlErrorShape[] = [];
  try {
    data = await octokit.graphql<Record<string, unknown>>(document, values);
  } catch (error) {
    if (!isGraphqlResponseError(error)) {
      throw error;
    }
    errors = error.errors ?? [];
    const limited = errors.find(e => e.type === 'RATE_LIMITED');
    if (limited) {
      const reset = Number(error.headers?.['x-ratelimit-reset']);
      throw new GithubRateLimitError({
        kind: 'primary',
        call: `POST /graphql (${query.operationName})`,
        status: 200,
        reason: `GitHub's GraphQL budget is exhausted: ${limited.message}`,
        resetAt: Number.isFinite(reset) ? new Date(reset * 1000) : undefined,
      });
    }
    data = error.data;
    if (!data) {
      throw error;
    }
  }
  return repositories.map((_, index) => {
    const alias = `r${index}`;
    const value = data?.[alias];
    if (value) {
      return { ok: true, data: value as T };
    }
    const failure = errors.find(e => e.path?.[0] === alias);
    return {
      ok: false,
      type: failure?.type ?? 'NOT_FOUND',
      message: failure?.message ?? `No repository answered for ${alias}`,
    };
  });
}
