import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** GitHub Enterprise Server release whose description the sandbox is checked against. */
export const DESCRIPTION_NAME = 'ghes-3.19';

const SCHEMA_ID = 'github';
const METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'patch',
  'head',
  'options',
] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface OperationObject {
  operationId?: string;
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

export interface ValidationIssue {
  message: string;
  errors?: ErrorObject[];
}

/**
 * OpenAPI 3.0 marks nulls with `nullable: true`, which Ajv only understands
 * next to `type`; elsewhere (e.g. beside `allOf`) it becomes an explicit
 * `anyOf` with `null`, and nullable enums get `null` as a member.
 */
function normalizeNullable(node: Json): Json {
  if (Array.isArray(node)) {
    return node.map(normalizeNullable);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const result: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    result[key] = normalizeNullable(value);
  }
  if (result.nullable === true) {
    if (result.type === undefined) {
      delete result.nullable;
      return { anyOf: [result, { type: 'null' }] };
    }
    if (Array.isArray(result.enum) && !result.enum.includes(null)) {
      result.enum = [...result.enum, null];
    }
  }
  return result;
}

function pointer(...segments: string[]): string {
  return segments
    .map(segment =>
      encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1')),
    )
    .join('/');
}

/**
 * GitHub's official REST description (from `@octokit/openapi`), loaded once,
 * with Ajv validators compiled lazily per operation and status.
 */
export class OpenApiDescription {
  readonly name: string;
  readonly openapiVersion: string;
  readonly #paths: Record<string, Record<string, OperationObject>>;
  readonly #ajv: Ajv;
  readonly #validators = new Map<string, ValidateFunction>();

  private constructor(name: string, document: { [key: string]: Json }) {
    this.name = name;
    this.openapiVersion = String(document.openapi);
    this.#paths = document.paths as unknown as Record<
      string,
      Record<string, OperationObject>
    >;
    this.#ajv = new Ajv({
      strict: false,
      allErrors: true,
      logger: false,
      discriminator: false,
    });
    addFormats(this.#ajv);
    // GitHub answers "" for unset URLs (e.g. a deployment status without
    // target_url) although its own description marks them `format: uri`.
    const uri = this.#ajv.formats.uri;
    const isUri = (value: string): boolean => {
      if (typeof uri === 'function') return uri(value);
      if (uri instanceof RegExp) return uri.test(value);
      return true;
    };
    this.#ajv.addFormat('uri', value => value === '' || isUri(value));
    for (const format of [
      'int32',
      'int64',
      'float',
      'double',
      'byte',
      'binary',
      'password',
    ]) {
      this.#ajv.addFormat(format, true);
    }
    this.#ajv.addSchema(normalizeNullable(document) as object, SCHEMA_ID);
  }

  static load(name = DESCRIPTION_NAME): OpenApiDescription {
    const packageDir = path.dirname(
      require.resolve('@octokit/openapi/package.json'),
    );
    const file = path.join(packageDir, 'generated', `${name}.json`);
    return new OpenApiDescription(name, JSON.parse(readFileSync(file, 'utf8')));
  }

  hasOperation(method: string, template: string): boolean {
    return this.#operation(method, template) !== undefined;
  }

  operationId(method: string, template: string): string | undefined {
    return this.#operation(method, template)?.operationId;
  }

  #operation(method: string, template: string): OperationObject | undefined {
    const lower = method.toLowerCase() as (typeof METHODS)[number];
    return this.#paths[template]?.[lower];
  }

  validateRequestBody(
    method: string,
    template: string,
    body: unknown,
  ): ValidationIssue[] {
    const operation = this.#operation(method, template);
    if (!operation) {
      return [{ message: `${method} ${template} is not in ${this.name}` }];
    }
    const content = operation.requestBody?.content?.['application/json'];
    // octokit sends "" as the body of a parameterless PUT/PATCH.
    if (!content?.schema || body === undefined || body === '') {
      return [];
    }
    return this.#validate(
      pointer(
        'paths',
        template,
        method.toLowerCase(),
        'requestBody',
        'content',
        'application/json',
        'schema',
      ),
      body,
      `request body of ${method} ${template}`,
    );
  }

  validateResponse(
    method: string,
    template: string,
    status: number,
    body: unknown,
  ): ValidationIssue[] {
    const operation = this.#operation(method, template);
    if (!operation) {
      return [{ message: `${method} ${template} is not in ${this.name}` }];
    }
    const statusKey = operation.responses?.[String(status)]
      ? String(status)
      : 'default';
    const response = operation.responses?.[statusKey];
    if (!response) {
      return [
        { message: `${method} ${template} does not document status ${status}` },
      ];
    }
    const mediaType = Object.keys(response.content ?? {}).find(type =>
      type.includes('json'),
    );
    if (!mediaType || body === undefined || body === '') {
      return [];
    }
    return this.#validate(
      pointer(
        'paths',
        template,
        method.toLowerCase(),
        'responses',
        statusKey,
        'content',
        mediaType,
        'schema',
      ),
      body,
      `${status} response of ${method} ${template}`,
    );
  }

  #validate(
    schemaPointer: string,
    data: unknown,
    what: string,
  ): ValidationIssue[] {
    let validate = this.#validators.get(schemaPointer);
    if (!validate) {
      validate = this.#ajv.compile({ $ref: `${SCHEMA_ID}#/${schemaPointer}` });
      this.#validators.set(schemaPointer, validate);
    }
    if (validate(data)) {
      return [];
    }
    return [
      {
        message: `${what} does not match ${this.name}`,
        errors: validate.errors ?? [],
      },
    ];
  }
}
