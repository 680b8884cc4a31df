import { DocumentNode, GraphQLError, parse, validate } from 'graphql';
import {
  GitHubErrorEntry,
  syntaxErrorEntry,
  validationErrorEntries,
} from './githubErrors';
import { gitHubSchema } from './schema';

export type ParsedOperation =
  | { document: DocumentNode; errors?: undefined }
  | { document?: undefined; errors: GitHubErrorEntry[] };

/** Parses and validates against GitHub's schema, failing the way github.com would. */
export function parseGitHubOperation(source: string): ParsedOperation {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    if (error instanceof GraphQLError) {
      return { errors: [syntaxErrorEntry(error, source)] };
    }
    throw error;
  }
  const errors = validate(gitHubSchema(), document);
  return errors.length > 0
    ? { errors: validationErrorEntries(gitHubSchema(), document, errors) }
    : { document };
}

/**
 * The errors github.com would answer for this operation before running it;
 * empty when it is valid. For plugin tests that keep their queries honest.
 */
export function validateGitHubOperation(source: string): GitHubErrorEntry[] {
  return parseGitHubOperation(source).errors ?? [];
}
