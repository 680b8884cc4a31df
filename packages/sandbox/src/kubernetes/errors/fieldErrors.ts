/**
 * Field-level validation errors, formatted like k8s.io/apimachinery's
 * `field.Error` so clients that parse `details.causes` see familiar text.
 */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueTypeInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueForbidden'
  | 'FieldValueDuplicate';

export interface FieldError {
  type: FieldErrorType;
  field: string;
  value?: unknown;
  detail?: string;
}

const typeLabels: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueForbidden: 'Forbidden',
  FieldValueDuplicate: 'Duplicate value',
};

const typesWithoutValue = new Set<FieldErrorType>([
  'FieldValueRequired',
  'FieldValueForbidden',
  'FieldValueTooLong',
]);

/** Renders a bad value the way Go's `%v`/`%q` would for JSON data. */
export function formatBadValue(value: unknown): string {
  if (value === undefined || value === null) {
    return 'null';
  }
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value);
}

/** The part of the message after `<field>: `. */
export function fieldErrorBody(error: FieldError): string {
  let body = typeLabels[error.type];
  if (!typesWithoutValue.has(error.type)) {
    body += `: ${formatBadValue(error.value)}`;
  }
  if (error.detail) {
    body += `: ${error.detail}`;
  }
  return body;
}

export function formatFieldError(error: FieldError): string {
  return `${error.field}: ${fieldErrorBody(error)}`;
}

/** Mirrors `utilerrors.NewAggregate(...).Error()`: one message bare, several in brackets. */
export function aggregateFieldErrors(errors: FieldError[]): string {
  const messages = [...new Set(errors.map(formatFieldError))];
  return messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
}

export const fieldErrors = {
  required(field: string, detail?: string): FieldError {
    return { type: 'FieldValueRequired', field, detail };
  },
  invalid(field: string, value: unknown, detail: string): FieldError {
    return { type: 'FieldValueInvalid', field, value, detail };
  },
  typeInvalid(field: string, value: unknown, detail: string): FieldError {
    return { type: 'FieldValueTypeInvalid', field, value, detail };
  },
  notSupported(
    field: string,
    value: unknown,
    supported: unknown[],
  ): FieldError {
    return {
      type: 'FieldValueNotSupported',
      field,
      value,
      detail: `supported values: ${supported.map(formatBadValue).join(', ')}`,
    };
  },
  tooLong(field: string, maxLength: number): FieldError {
    return {
      type: 'FieldValueTooLong',
      field,
      detail: `may not be more than ${maxLength} bytes`,
    };
  },
  tooMany(field: string, actual: number, maxItems: number): FieldError {
    return {
      type: 'FieldValueTooMany',
      field,
      value: actual,
      detail: `must have at most ${maxItems} items`,
    };
  },
  forbidden(field: string, detail: string): FieldError {
    return { type: 'FieldValueForbidden', field, detail };
  },
};
