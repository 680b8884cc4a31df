import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The GraphQL operations Callboard's plugins send to GitHub, one `.graphql` file each. */
export const CALLBOARD_GRAPHQL_OPERATION_NAMES = [
  'CommitHistory',
  'DeploymentsWithStatuses',
  'IncidentIssues',
  'OrganizationRepositories',
  'PullRequestsWithCommitsAndReviews',
  'RepositoryFilesAtHead',
] as const;

export type CallboardGraphqlOperationName =
  (typeof CALLBOARD_GRAPHQL_OPERATION_NAMES)[number];

/** How many operations are validated against GitHub's schema and executed against the sandbox. */
export const CALLBOARD_GRAPHQL_OPERATION_COUNT =
  CALLBOARD_GRAPHQL_OPERATION_NAMES.length;

/** The folder of the `.graphql` files, found through the package (as `resolvePackagePath` does). */
export function callboardGraphqlOperationsDir(): string {
  return path.join(
    path.dirname(require.resolve('@callboard/sandbox/package.json')),
    'src',
    'github',
    'graphql',
    'operations',
  );
}

export function callboardGraphqlOperation(
  name: CallboardGraphqlOperationName,
): string {
  return readFileSync(
    path.join(callboardGraphqlOperationsDir(), `${name}.graphql`),
    'utf8',
  );
}
