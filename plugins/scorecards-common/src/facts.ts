import { z } from 'zod';

/**
 * The types a fact can have. They are CEL's own type names, because checks
 * read facts in CEL: a fact of type `int` is a CEL `int` in an expression.
 *
 * | type           | JSON value a collector returns           |
 * | -------------- | ---------------------------------------- |
 * | `bool`         | `true` / `false`                         |
 * | `int`          | an integer number                        |
 * | `double`       | any finite number                        |
 * | `string`       | a string                                 |
 * | `timestamp`    | an ISO 8601 date-time string             |
 * | `list<string>` | an array of strings                      |
 * | `list<int>`    | an array of integers                     |
 * | `map`          | a JSON object (CEL `map<string, dyn>`)   |
 */
export const factTypes = [
  'bool',
  'int',
  'double',
  'string',
  'timestamp',
  'list<string>',
  'list<int>',
  'map',
] as const;

export type FactType = (typeof factTypes)[number];

/** A JSON value, as facts are stored and sent to the frontend. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** Collector ids and fact names: the identifiers CEL expressions use. */
export const factIdentifierPattern = /^[a-z][a-zA-Z0-9]*$/;

/** `<collectorId>.<factName>`, e.g. `github.hasReadme`. */
export const factIdPattern = /^[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*$/;

export type FactId = `${string}.${string}`;

export function parseFactId(id: string): {
  collectorId: string;
  name: string;
} {
  if (!factIdPattern.test(id)) {
    throw new Error(
      `'${id}' is not a fact id; expected <collector>.<fact>, e.g. github.hasReadme`,
    );
  }
  const [collectorId, name] = id.split('.');
  return { collectorId, name };
}

const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.null(),
    z.boolean(),
    z.number().finite(),
    z.string(),
    z.array(jsonValueSchema),
    z.record(jsonValueSchema),
  ]),
);

const valueSchemas: Record<FactType, z.ZodType<JsonValue>> = {
  bool: z.boolean(),
  int: z.number().int(),
  double: z.number().finite(),
  string: z.string(),
  timestamp: z.string().datetime({ offset: true }),
  'list<string>': z.array(z.string()),
  'list<int>': z.array(z.number().int()),
  map: z.record(jsonValueSchema),
};

/** The zod schema a fact's value must satisfy for its declared type. */
export function factValueSchema(type: FactType): z.ZodType<JsonValue> {
  return valueSchemas[type];
}

/**
 * Checks a collected value against its declared type and says what is wrong,
 * or returns undefined when the value fits.
 */
export function describeFactValueProblem(
  type: FactType,
  value: unknown,
): string | undefined {
  const result = valueSchemas[type].safeParse(value);
  if (result.success) {
    return undefined;
  }
  const shown = JSON.stringify(value);
  return `expected a value of type ${type}, got ${
    shown === undefined ? 'undefined' : shown.slice(0, 80)
  }`;
}
