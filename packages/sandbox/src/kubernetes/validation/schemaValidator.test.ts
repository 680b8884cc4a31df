import { formatFieldError } from '../errors/fieldErrors';
import { OpenApiSchema } from './openApiSchema';
import { applySchemaDefaults, validateAgainstSchema } from './schemaValidator';

const schema: OpenApiSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['parameters'],
      properties: {
        parameters: {
          type: 'object',
          required: ['storageGB'],
          properties: {
            storageGB: { type: 'integer', minimum: 10, maximum: 1000 },
            version: {
              type: 'string',
              enum: ['14', '15', '16'],
              default: '16',
            },
            name: {
              type: 'string',
              minLength: 3,
              maxLength: 8,
              pattern: '^[a-z]+$',
            },
            ratio: { type: 'number', exclusiveMaximum: true, maximum: 1 },
            tags: {
              type: 'array',
              maxItems: 2,
              minItems: 1,
              items: { type: 'string' },
            },
            port: { 'x-kubernetes-int-or-string': true },
            labels: {
              type: 'object',
              additionalProperties: { type: 'string' },
            },
            optional: { type: 'string', nullable: true },
          },
        },
      },
    },
  },
};

function errorsFor(parameters: Record<string, unknown>) {
  return validateAgainstSchema(
    { metadata: { name: 'x' }, spec: { parameters } },
    schema,
  ).map(formatFieldError);
}

describe('validateAgainstSchema', () => {
  it.each([
    [
      'maximum',
      { storageGB: 5000 },
      'spec.parameters.storageGB: Invalid value: 5000: spec.parameters.storageGB in body should be less than or equal to 1000',
    ],
    [
      'minimum',
      { storageGB: 5 },
      'spec.parameters.storageGB: Invalid value: 5: spec.parameters.storageGB in body should be greater than or equal to 10',
    ],
    [
      'type',
      { storageGB: 'big' },
      'spec.parameters.storageGB: Invalid value: "big": spec.parameters.storageGB in body must be of type integer: "string"',
    ],
    [
      'integer vs number',
      { storageGB: 10.5 },
      'spec.parameters.storageGB: Invalid value: 10.5: spec.parameters.storageGB in body must be of type integer: "number"',
    ],
    ['required', {}, 'spec.parameters.storageGB: Required value'],
    [
      'enum',
      { storageGB: 20, version: '17' },
      'spec.parameters.version: Unsupported value: "17": supported values: "14", "15", "16"',
    ],
    [
      'minLength',
      { storageGB: 20, name: 'ab' },
      'spec.parameters.name: Invalid value: "ab": spec.parameters.name in body should be at least 3 chars long',
    ],
    [
      'maxLength',
      { storageGB: 20, name: 'abcdefghij' },
      'spec.parameters.name: Too long: may not be more than 8 bytes',
    ],
    [
      'pattern',
      { storageGB: 20, name: 'Abc' },
      'spec.parameters.name: Invalid value: "Abc": spec.parameters.name in body should match \'^[a-z]+$\'',
    ],
    [
      'exclusiveMaximum',
      { storageGB: 20, ratio: 1 },
      'spec.parameters.ratio: Invalid value: 1: spec.parameters.ratio in body should be less than 1',
    ],
    [
      'maxItems',
      { storageGB: 20, tags: ['a', 'b', 'c'] },
      'spec.parameters.tags: Too many: 3: must have at most 2 items',
    ],
    [
      'minItems',
      { storageGB: 20, tags: [] },
      'spec.parameters.tags: Invalid value: []: spec.parameters.tags in body should have at least 1 items',
    ],
    [
      'array items',
      { storageGB: 20, tags: ['a', 2] },
      'spec.parameters.tags[1]: Invalid value: 2: spec.parameters.tags[1] in body must be of type string: "integer"',
    ],
    [
      'additionalProperties',
      { storageGB: 20, labels: { team: 7 } },
      'spec.parameters.labels.team: Invalid value: 7: spec.parameters.labels.team in body must be of type string: "integer"',
    ],
    [
      'int-or-string',
      { storageGB: 20, port: true },
      'spec.parameters.port: Invalid value: true: spec.parameters.port in body must be of type integer,string: "boolean"',
    ],
  ])('reports %s like the API server', (_rule, parameters, message) => {
    expect(errorsFor(parameters)).toEqual([message]);
  });

  it('accepts a valid object, nullable nulls and int-or-string values', () => {
    expect(
      errorsFor({
        storageGB: 1000,
        version: '14',
        port: 'http',
        optional: null,
      }),
    ).toEqual([]);
    expect(errorsFor({ storageGB: 10, port: 5432 })).toEqual([]);
  });

  it('ignores metadata, which generic validation covers', () => {
    expect(
      validateAgainstSchema(
        { metadata: { name: 7 }, spec: { parameters: { storageGB: 20 } } },
        schema,
      ),
    ).toEqual([]);
  });
});

describe('applySchemaDefaults', () => {
  it('fills defaults and drops nulls the schema does not allow', () => {
    const object: Record<string, unknown> = {
      spec: { parameters: { storageGB: 20, name: null, optional: null } },
    };
    applySchemaDefaults(object, schema);
    expect(object).toEqual({
      spec: { parameters: { storageGB: 20, version: '16', optional: null } },
    });
  });
});
