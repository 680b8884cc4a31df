import type { FieldError, StoreError } from '../store/errors';

export const DOCUMENTATION_URL = 'https://docs.github.com/rest';

/** An HTTP answer in GitHub's error format: `{message, documentation_url, status}` (+ `errors`). */
export class ApiError extends Error {
  readonly status: number;
  readonly errors: Array<FieldError | string> | undefined;
  readonly headers: Record<string, string>;
  readonly documentationUrl: string;

  constructor(
    status: number,
    message: string,
    options: {
      errors?: Array<FieldError | string>;
      headers?: Record<string, string>;
      documentationUrl?: string;
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.documentationUrl = options.documentationUrl ?? DOCUMENTATION_URL;
  }

  toBody(): Record<string, unknown> {
    return {
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      documentation_url: this.documentationUrl,
      status: String(this.status),
    };
  }
}

export const apiErrors = {
  notFound: () => new ApiError(404, 'Not Found'),
  requiresAuthentication: () => new ApiError(401, 'Requires authentication'),
  badCredentials: () => new ApiError(401, 'Bad credentials'),
  problemsParsingJson: () => new ApiError(400, 'Problems parsing JSON'),
  invalidRequest: (detail: string) =>
    new ApiError(422, `Invalid request.\n\n${detail}`),
  forbidden: (message: string) => new ApiError(403, message),
};

const STATUS_OF_KIND: Record<StoreError['kind'], number> = {
  not_found: 404,
  unprocessable: 422,
  conflict: 409,
  not_allowed: 405,
  forbidden: 403,
};

export function fromStoreError(error: StoreError): ApiError {
  return new ApiError(STATUS_OF_KIND[error.kind], error.message, {
    errors: error.fieldErrors,
  });
}
