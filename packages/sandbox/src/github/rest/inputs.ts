import { apiErrors } from './errors';

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/**
 * Typed access to a JSON request body, failing with GitHub's 422
 * "Invalid request" wording rather than letting bad input reach the store.
 */
export class BodyReader {
  readonly #body: Record<string, unknown>;
  readonly raw: unknown;

  constructor(body: unknown) {
    this.raw = body;
    this.#body =
      body && typeof body === 'object' && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : {};
  }

  has(name: string): boolean {
    return this.#body[name] !== undefined;
  }

  #required<T>(name: string, read: (name: string) => T | undefined): T {
    const value = read(name);
    if (value === undefined) {
      throw apiErrors.invalidRequest(`"${name}" wasn't supplied.`);
    }
    return value;
  }

  #typed<T>(
    name: string,
    type: string,
    test: (value: unknown) => boolean,
  ): T | undefined {
    const value = this.#body[name];
    if (value === undefined) {
      return undefined;
    }
    if (!test(value)) {
      throw apiErrors.invalidRequest(
        `For 'properties/${name}', ${describe(value)} is not ${type}.`,
      );
    }
    return value as T;
  }

  optionalString(name: string): string | undefined {
    return this.#typed<string>(name, 'a string', v => typeof v === 'string');
  }

  /** For fields GitHub documents as `string | null`. */
  optionalNullableString(name: string): string | null | undefined {
    return this.#typed<string | null>(
      name,
      'a string',
      v => v === null || typeof v === 'string',
    );
  }

  string(name: string): string {
    return this.#required(name, n => this.optionalString(n));
  }

  optionalBoolean(name: string): boolean | undefined {
    return this.#typed<boolean>(name, 'a boolean', v => typeof v === 'boolean');
  }

  /** For fields GitHub documents as `boolean | null`. */
  optionalNullableBoolean(name: string): boolean | null | undefined {
    return this.#typed<boolean | null>(
      name,
      'a boolean',
      v => v === null || typeof v === 'boolean',
    );
  }

  boolean(name: string): boolean {
    return this.#required(name, n => this.optionalBoolean(n));
  }

  optionalInteger(name: string): number | undefined {
    return this.#typed<number>(name, 'an integer', v => Number.isInteger(v));
  }

  optionalStringArray(name: string): string[] | undefined {
    return this.#typed<string[]>(
      name,
      'an array of strings',
      v => Array.isArray(v) && v.every(item => typeof item === 'string'),
    );
  }

  stringArray(name: string): string[] {
    return this.#required(name, n => this.optionalStringArray(n));
  }

  optionalObject(name: string): Record<string, unknown> | null | undefined {
    return this.#typed<Record<string, unknown> | null>(
      name,
      'an object',
      v => v === null || (typeof v === 'object' && !Array.isArray(v)),
    );
  }

  optionalArray(name: string): unknown[] | undefined {
    return this.#typed<unknown[]>(name, 'an array', v => Array.isArray(v));
  }

  optionalEnum<T extends string>(
    name: string,
    values: readonly T[],
  ): T | undefined {
    const value = this.optionalString(name);
    if (value !== undefined && !values.includes(value as T)) {
      throw apiErrors.invalidRequest(
        `For 'properties/${name}', ${describe(
          value,
        )} is not a member of ${JSON.stringify(values)}.`,
      );
    }
    return value as T | undefined;
  }

  /** For nested objects such as `author`/`committer`. */
  nested(name: string): BodyReader | undefined {
    const value = this.optionalObject(name);
    return value ? new BodyReader(value) : undefined;
  }
}

/** Query parameters; GitHub ignores malformed values rather than rejecting them. */
export class QueryReader {
  readonly #params: URLSearchParams;

  constructor(params: URLSearchParams) {
    this.#params = params;
  }

  string(name: string): string | undefined {
    const value = this.#params.get(name);
    return value === null || value === '' ? undefined : value;
  }

  integer(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined || !/^-?\d+$/.test(value)) {
      return undefined;
    }
    return Number(value);
  }

  boolean(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) {
      return undefined;
    }
    return value === 'true' || value === '1';
  }

  list(name: string): string[] | undefined {
    const value = this.string(name);
    return value
      ?.split(',')
      .map(item => item.trim())
      .filter(Boolean);
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const value = this.string(name);
    return values.includes(value as T) ? (value as T) : undefined;
  }
}
