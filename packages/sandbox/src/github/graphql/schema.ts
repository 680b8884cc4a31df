import { buildClientSchema, GraphQLSchema, IntrospectionQuery } from 'graphql';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE = '@octokit/graphql-schema';

/**
 * The package is ESM-only and exports no file paths, so its introspection
 * JSON is found the way Node would find the package itself.
 */
function schemaJsonPath(): string {
  const candidates = (require.resolve.paths(PACKAGE) ?? []).map(dir =>
    path.join(dir, PACKAGE, 'schema.json'),
  );
  const found = candidates.find(candidate => existsSync(candidate));
  if (!found) {
    throw new Error(`Cannot find ${PACKAGE}/schema.json`);
  }
  return found;
}

let cached: GraphQLSchema | undefined;

/**
 * GitHub's public GraphQL schema, built from the introspection result
 * GitHub publishes (its SDL rendering defines one field twice and does not
 * build). Built once per process: every sandbox shares it.
 */
export function gitHubSchema(): GraphQLSchema {
  if (!cached) {
    const document = JSON.parse(readFileSync(schemaJsonPath(), 'utf8')) as
      | IntrospectionQuery
      | { data: IntrospectionQuery };
    cached = buildClientSchema('data' in document ? document.data : document);
  }
  return cached;
}
