import {
  aggregateFieldErrors,
  fieldErrorBody,
  FieldError,
} from './fieldErrors';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** The `v1 Status` object the API server sends for failures. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** Identifies a resource the way API server messages do (`deployments.apps`). */
export interface QualifiedResource {
  group: string;
  resource: string;
}

export interface QualifiedKind {
  group: string;
  kind: string;
}

export function formatQualifiedResource({
  group,
  resource,
}: QualifiedResource) {
  return group ? `${resource}.${group}` : resource;
}

export function formatQualifiedKind({ group, kind }: QualifiedKind) {
  return group ? `${kind}.${group}` : kind;
}

/**
 * An error that is sent to the client as a Status object. The constructors
 * mirror k8s.io/apimachinery/pkg/api/errors so messages match a real cluster.
 */
export class KubeApiError extends Error {
  readonly status: StatusBody;

  constructor(
    code: number,
    reason: string,
    message: string,
    details?: StatusDetails,
  ) {
    super(message);
    this.name = 'KubeApiError';
    this.status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    };
  }

  get code(): number {
    return this.status.code;
  }

  static notFound(resource: QualifiedResource, name: string): KubeApiError {
    return new KubeApiError(
      404,
      'NotFound',
      `${formatQualifiedResource(resource)} "${name}" not found`,
      detailsFor(resource, name),
    );
  }

  /** What the server says for a path inside a known API group that serves nothing. */
  static resourceNotFound(): KubeApiError {
    return new KubeApiError(
      404,
      'NotFound',
      'the server could not find the requested resource',
      {},
    );
  }

  static alreadyExists(
    resource: QualifiedResource,
    name: string,
  ): KubeApiError {
    return new KubeApiError(
      409,
      'AlreadyExists',
      `${formatQualifiedResource(resource)} "${name}" already exists`,
      detailsFor(resource, name),
    );
  }

  static conflict(
    resource: QualifiedResource,
    name: string,
    reason: string,
  ): KubeApiError {
    return new KubeApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${formatQualifiedResource(
        resource,
      )} "${name}": ${reason}`,
      detailsFor(resource, name),
    );
  }

  static modifiedConflict(resource: QualifiedResource, name: string) {
    return KubeApiError.conflict(
      resource,
      name,
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  }

  static invalid(
    kind: QualifiedKind,
    name: string,
    errors: FieldError[],
  ): KubeApiError {
    return new KubeApiError(
      422,
      'Invalid',
      `${formatQualifiedKind(
        kind,
      )} "${name}" is invalid: ${aggregateFieldErrors(errors)}`,
      {
        name,
        ...(kind.group ? { group: kind.group } : {}),
        kind: kind.kind,
        causes: errors.map(error => ({
          reason: error.type,
          message: fieldErrorBody(error),
          field: error.field,
        })),
      },
    );
  }

  static badRequest(message: string): KubeApiError {
    return new KubeApiError(400, 'BadRequest', message);
  }

  static unprocessable(serverMessage: string): KubeApiError {
    return new KubeApiError(
      422,
      'Invalid',
      'the server rejected our request due to an error in our request',
      {
        causes: [
          { reason: 'UnexpectedServerResponse', message: serverMessage },
        ],
      },
    );
  }

  static unsupportedMediaType(acceptedTypes: string[]): KubeApiError {
    return new KubeApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${acceptedTypes.join(
        ', ',
      )}`,
    );
  }

  static unauthorized(): KubeApiError {
    return new KubeApiError(401, 'Unauthorized', 'Unauthorized');
  }

  static methodNotSupported(
    resource: QualifiedResource,
    action: string,
  ): KubeApiError {
    return new KubeApiError(
      405,
      'MethodNotAllowed',
      `${action} is not supported on resources of kind "${formatQualifiedResource(
        resource,
      )}"`,
      {
        ...(resource.group ? { group: resource.group } : {}),
        kind: resource.resource,
      },
    );
  }

  static gone(message: string): KubeApiError {
    return new KubeApiError(410, 'Expired', message);
  }

  static internal(message: string): KubeApiError {
    return new KubeApiError(
      500,
      'InternalError',
      `Internal error occurred: ${message}`,
      { causes: [{ message }] },
    );
  }
}

function detailsFor(resource: QualifiedResource, name: string): StatusDetails {
  return {
    name,
    ...(resource.group ? { group: resource.group } : {}),
    kind: resource.resource,
  };
}

export function isKubeApiError(error: unknown): error is KubeApiError {
  return error instanceof KubeApiError;
}
