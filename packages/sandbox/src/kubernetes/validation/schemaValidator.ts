import { FieldError, fieldErrors } from '../errors/fieldErrors';
import { deepClone, deepEqual, isJsonObject } from '../types';
import { OpenApiSchema } from './openApiSchema';

function childPath(path: string, name: string) {
  return path ? `${path}.${name}` : name;
}

/** The JSON type name kube-openapi reports for a value. */
function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, schema: OpenApiSchema): boolean {
  if (schema['x-kubernetes-int-or-string']) {
    return typeof value === 'string' || Number.isInteger(value);
  }
  switch (schema.type) {
    case undefined:
      return true;
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'object':
      return isJsonObject(value);
    case 'array':
      return Array.isArray(value);
    default:
      return typeof value === schema.type;
  }
}

function compilePattern(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    // Go RE2 syntax JavaScript cannot compile is not enforced rather than rejecting every object.
    return undefined;
  }
}

function validateNumber(
  value: number,
  schema: OpenApiSchema,
  path: string,
  errors: FieldError[],
) {
  if (schema.maximum !== undefined) {
    const tooBig = schema.exclusiveMaximum
      ? value >= schema.maximum
      : value > schema.maximum;
    if (tooBig) {
      const bound = schema.exclusiveMaximum
        ? 'less than'
        : 'less than or equal to';
      errors.push(
        fieldErrors.invalid(
          path,
          value,
          `${path} in body should be ${bound} ${schema.maximum}`,
        ),
      );
    }
  }
  if (schema.minimum !== undefined) {
    const tooSmall = schema.exclusiveMinimum
      ? value <= schema.minimum
      : value < schema.minimum;
    if (tooSmall) {
      const bound = schema.exclusiveMinimum
        ? 'greater than'
        : 'greater than or equal to';
      errors.push(
        fieldErrors.invalid(
          path,
          value,
          `${path} in body should be ${bound} ${schema.minimum}`,
        ),
      );
    }
  }
  if (schema.multipleOf !== undefined && value % schema.multipleOf !== 0) {
    errors.push(
      fieldErrors.invalid(
        path,
        value,
        `${path} in body should be a multiple of ${schema.multipleOf}`,
      ),
    );
  }
}

function validateString(
  value: string,
  schema: OpenApiSchema,
  path: string,
  errors: FieldError[],
) {
  const length = [...value].length;
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    errors.push(fieldErrors.tooLong(path, schema.maxLength));
  }
  if (schema.minLength !== undefined && length < schema.minLength) {
    errors.push(
      fieldErrors.invalid(
        path,
        value,
        `${path} in body should be at least ${schema.minLength} chars long`,
      ),
    );
  }
  const pattern =
    schema.pattern === undefined ? undefined : compilePattern(schema.pattern);
  if (pattern && !pattern.test(value)) {
    errors.push(
      fieldErrors.invalid(
        path,
        value,
        `${path} in body should match '${schema.pattern}'`,
      ),
    );
  }
}

function validateArray(
  value: unknown[],
  schema: OpenApiSchema,
  path: string,
  errors: FieldError[],
) {
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    errors.push(fieldErrors.tooMany(path, value.length, schema.maxItems));
  }
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    errors.push(
      fieldErrors.invalid(
        path,
        value,
        `${path} in body should have at least ${schema.minItems} items`,
      ),
    );
  }
  if (schema.items) {
    const itemSchema = schema.items;
    value.forEach((item, index) =>
      validateValue(item, itemSchema, `${path}[${index}]`, errors),
    );
  }
}

function validateObject(
  value: Record<string, unknown>,
  schema: OpenApiSchema,
  path: string,
  errors: FieldError[],
) {
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) {
      errors.push(fieldErrors.required(childPath(path, name)));
    }
  }
  for (const [name, fieldValue] of Object.entries(value)) {
    const fieldSchema =
      schema.properties?.[name] ??
      (isJsonObject(schema.additionalProperties)
        ? schema.additionalProperties
        : undefined);
    if (fieldSchema && fieldValue !== undefined) {
      validateValue(fieldValue, fieldSchema, childPath(path, name), errors);
    }
  }
}

function validateValue(
  value: unknown,
  schema: OpenApiSchema,
  path: string,
  errors: FieldError[],
) {
  if (value === null && schema.nullable) {
    return;
  }
  if (!matchesType(value, schema)) {
    const expected = schema['x-kubernetes-int-or-string']
      ? 'integer,string'
      : schema.type;
    errors.push(
      fieldErrors.typeInvalid(
        path,
        value,
        `${path} in body must be of type ${expected}: "${jsonTypeOf(value)}"`,
      ),
    );
    return;
  }
  if (schema.enum && !schema.enum.some(allowed => deepEqual(allowed, value))) {
    errors.push(fieldErrors.notSupported(path, value, schema.enum));
  }
  if (typeof value === 'number') {
    validateNumber(value, schema, path, errors);
  } else if (typeof value === 'string') {
    validateString(value, schema, path, errors);
  } else if (Array.isArray(value)) {
    validateArray(value, schema, path, errors);
  } else if (isJsonObject(value)) {
    validateObject(value, schema, path, errors);
  }
  for (const part of schema.allOf ?? []) {
    validateValue(value, part, path, errors);
  }
}

/**
 * Validates a custom resource against its structural schema. `metadata` is
 * left to the generic object validation, as the API server does.
 */
export function validateAgainstSchema(
  object: Record<string, unknown>,
  schema: OpenApiSchema,
): FieldError[] {
  const errors: FieldError[] = [];
  const { metadata: _metadata, ...withoutMetadata } = object;
  const { metadata: _metadataSchema, ...propertiesWithoutMetadata } =
    schema.properties ?? {};
  validateValue(
    withoutMetadata,
    { ...schema, properties: propertiesWithoutMetadata },
    '',
    errors,
  );
  return errors;
}

/**
 * Fills schema defaults and drops nulls the schema does not allow, in place,
 * like the API server's structural defaulting.
 */
export function applySchemaDefaults(
  value: unknown,
  schema: OpenApiSchema,
): void {
  if (Array.isArray(value) && schema.items) {
    const itemSchema = schema.items;
    value.forEach(item => applySchemaDefaults(item, itemSchema));
    return;
  }
  if (!isJsonObject(value)) {
    return;
  }
  for (const [name, fieldSchema] of Object.entries(schema.properties ?? {})) {
    if (value[name] === null && !fieldSchema.nullable) {
      delete value[name];
    }
    if (value[name] === undefined && fieldSchema.default !== undefined) {
      value[name] = deepClone(fieldSchema.default);
    }
    if (value[name] !== undefined) {
      applySchemaDefaults(value[name], fieldSchema);
    }
  }
  if (isJsonObject(schema.additionalProperties)) {
    const additionalSchema = schema.additionalProperties;
    for (const [name, fieldValue] of Object.entries(value)) {
      if (!schema.properties?.[name]) {
        applySchemaDefaults(fieldValue, additionalSchema);
      }
    }
  }
}

/**
 * Paths of fields the schema does not declare, as the API server's strict
 * decoder names them (`spec.parameters.colour`). Objects whose schema lists
 * no properties, allows additional properties or preserves unknown fields
 * accept anything, as they do on a real server. `apiVersion`, `kind` and
 * `metadata` are the generic object's, not the schema's.
 */
export function undeclaredFields(
  object: Record<string, unknown>,
  schema: OpenApiSchema,
): string[] {
  const found: string[] = [];
  const visit = (value: unknown, at: OpenApiSchema, path: string) => {
    if (Array.isArray(value)) {
      const items = at.items;
      if (items)
        value.forEach((item, i) => visit(item, items, `${path}[${i}]`));
      return;
    }
    if (!isJsonObject(value)) return;
    const open =
      at['x-kubernetes-preserve-unknown-fields'] ||
      at.additionalProperties === true ||
      !at.properties;
    for (const [name, fieldValue] of Object.entries(value)) {
      const fieldSchema =
        at.properties?.[name] ??
        (isJsonObject(at.additionalProperties)
          ? at.additionalProperties
          : undefined);
      if (fieldSchema) {
        visit(fieldValue, fieldSchema, childPath(path, name));
      } else if (!open) {
        found.push(childPath(path, name));
      }
    }
  };
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = object;
  visit(rest, schema, '');
  return found;
}
