import { JsonScalar } from '../types';

/**
 * One step of a structured-merge-diff path: a struct field, an associative
 * list item identified by its key fields, a set member, or a list index.
 */
export type PathElement =
  | { field: string }
  | { key: Array<[string, JsonScalar]> }
  | { value: JsonScalar }
  | { index: number };

export type FieldPath = PathElement[];

/** Serializes as in `fieldsV1`: `f:name`, `k:{"name":"x"}`, `v:"x"`, `i:0`. */
export function serializePathElement(element: PathElement): string {
  if ('field' in element) return `f:${element.field}`;
  if ('key' in element)
    return `k:${JSON.stringify(Object.fromEntries(element.key))}`;
  if ('value' in element) return `v:${JSON.stringify(element.value)}`;
  return `i:${element.index}`;
}

export function parsePathElement(serialized: string): PathElement {
  const prefix = serialized.slice(0, 2);
  const rest = serialized.slice(2);
  switch (prefix) {
    case 'f:':
      return { field: rest };
    case 'k:': {
      const fields = JSON.parse(rest) as Record<string, JsonScalar>;
      return {
        key: Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)),
      };
    }
    case 'v:':
      return { value: JSON.parse(rest) as JsonScalar };
    case 'i:':
      return { index: Number(rest) };
    default:
      throw new Error(`Unknown fieldsV1 path element '${serialized}'`);
  }
}

/** Formats like structured-merge-diff's `Path.String()`: `.spec.containers[name="app"].image`. */
export function formatFieldPath(path: FieldPath): string {
  return path
    .map(element => {
      if ('field' in element) return `.${element.field}`;
      if ('key' in element) {
        return `[${element.key
          .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
          .join(',')}]`;
      }
      if ('value' in element) return `[=${JSON.stringify(element.value)}]`;
      return `[${element.index}]`;
    })
    .join('');
}

/** Field names only, which is what list strategies are looked up by. */
export function fieldNamesOf(path: FieldPath): string[] {
  return path.flatMap(element => ('field' in element ? [element.field] : []));
}
