/**
 * An error GitHub reports inside a GraphQL response. GitHub puts `type` at
 * the top level of the error object (not under `extensions`), and clients
 * such as octokit's throttling plugin read it there.
 */
export class GitHubGraphqlError extends Error {
  readonly type: string;

  constructor(type: string, message: string) {
    super(message);
    this.name = 'GitHubGraphqlError';
    this.type = type;
  }
}

export function notFound(message: string): GitHubGraphqlError {
  return new GitHubGraphqlError('NOT_FOUND', message);
}

export function notImplemented(
  typeName: string,
  fieldName: string,
): GitHubGraphqlError {
  return new GitHubGraphqlError(
    'NOT_IMPLEMENTED',
    `Field '${typeName}.${fieldName}' is not implemented by the Callboard sandbox`,
  );
}

export function invalidArgument(message: string): GitHubGraphqlError {
  return new GitHubGraphqlError('INVALID_ARGUMENTS', message);
}

/**
 * GitHub's wording, e.g. "Could not resolve to a User with the login of 'x'."
 *
 * @param subject the type with its article, as GitHub spells it ("an Issue")
 */
export function couldNotResolve(
  subject: string,
  what: string,
): GitHubGraphqlError {
  return notFound(`Could not resolve to ${subject} with ${what}.`);
}
