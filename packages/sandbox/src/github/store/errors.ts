/** One entry of the `errors` array GitHub puts in 422 responses. */
export interface FieldError {
  resource: string;
  code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'custom';
  field?: string;
  message?: string;
  [extra: string]: unknown;
}

/**
 * Why a store operation was refused. The REST layer maps each kind to the
 * status GitHub uses for it; the message is already GitHub's wording so that
 * every consumer (REST, GraphQL, seeding) reports the same text.
 */
export type StoreErrorKind =
  | 'not_found'
  | 'unprocessable'
  | 'conflict'
  | 'not_allowed'
  | 'forbidden';

export class StoreError extends Error {
  readonly kind: StoreErrorKind;
  /** Usually objects; a few endpoints (reviews) answer with plain strings. */
  readonly fieldErrors: Array<FieldError | string> | undefined;

  constructor(
    kind: StoreErrorKind,
    message: string,
    fieldErrors?: Array<FieldError | string>,
  ) {
    super(message);
    this.name = 'StoreError';
    this.kind = kind;
    this.fieldErrors = fieldErrors;
  }
}

export function notFound(message = 'Not Found'): StoreError {
  return new StoreError('not_found', message);
}

export function unprocessable(message: string): StoreError {
  return new StoreError('unprocessable', message);
}

export function validationFailed(...errors: FieldError[]): StoreError {
  return new StoreError('unprocessable', 'Validation Failed', errors);
}

export function conflict(message: string): StoreError {
  return new StoreError('conflict', message);
}

export function notAllowed(message: string): StoreError {
  return new StoreError('not_allowed', message);
}

export function forbidden(message: string): StoreError {
  return new StoreError('forbidden', message);
}

export const EMPTY_REPOSITORY_MESSAGE = 'Git Repository is empty.';

export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}
