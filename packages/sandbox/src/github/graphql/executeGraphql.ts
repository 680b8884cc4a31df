import { execute, GraphQLError } from 'graphql';
import { isStoreError, StoreError } from '../store/errors';
import type { GraphqlContext } from './context';
import { GitHubGraphqlError } from './errors';
import { GitHubErrorEntry, requestErrorEntry } from './githubErrors';
import { sandboxFieldResolver, sandboxTypeResolver } from './objects';
import { queryRoot } from './resolvers/query';
import { gitHubSchema } from './schema';
import { parseGitHubOperation } from './validateOperation';

export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface GraphqlResponseBody {
  data?: unknown;
  errors?: GitHubErrorEntry[];
}

const STORE_ERROR_TYPES: Record<StoreError['kind'], string> = {
  not_found: 'NOT_FOUND',
  forbidden: 'FORBIDDEN',
  unprocessable: 'UNPROCESSABLE',
  conflict: 'UNPROCESSABLE',
  not_allowed: 'FORBIDDEN',
};

function fieldErrorEntry(
  error: GraphQLError,
  onError: (error: unknown) => void,
): GitHubErrorEntry {
  const cause = error.originalError;
  const entry: GitHubErrorEntry = {
    path: error.path ? [...error.path] : undefined,
    locations: error.locations ? [...error.locations] : undefined,
    message: error.message,
  };
  if (cause instanceof GitHubGraphqlError) {
    return { type: cause.type, ...entry };
  }
  if (isStoreError(cause)) {
    return { type: STORE_ERROR_TYPES[cause.kind], ...entry };
  }
  if (cause) {
    // A resolver bug, not a client mistake: surfaced to the sandbox owner too.
    onError(cause);
  }
  return entry;
}

/**
 * Runs one GraphQL request against GitHub's schema: parse, validate and
 * execute, with every error rendered the way github.com renders it.
 */
export async function executeGraphql(
  request: GraphqlRequest,
  context: GraphqlContext,
  onError: (error: unknown) => void,
): Promise<GraphqlResponseBody> {
  const { document, errors } = parseGitHubOperation(request.query);
  if (!document) {
    return { errors };
  }
  const result = await execute({
    schema: gitHubSchema(),
    document,
    rootValue: queryRoot(context),
    contextValue: context,
    variableValues: request.variables ?? undefined,
    operationName: request.operationName ?? undefined,
    fieldResolver: sandboxFieldResolver,
    typeResolver: sandboxTypeResolver,
  });
  if (!('data' in result) || result.data === undefined) {
    return {
      errors: (result.errors ?? []).map(error =>
        requestErrorEntry(error, document),
      ),
    };
  }
  return {
    data: result.data,
    ...(result.errors?.length
      ? { errors: result.errors.map(error => fieldErrorEntry(error, onError)) }
      : {}),
  };
}
