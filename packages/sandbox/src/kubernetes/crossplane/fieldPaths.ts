import { isJsonObject, JsonObject } from '../types';

/** Splits Crossplane field paths like `spec.forProvider.tags[0]` or `metadata.labels[app.kubernetes.io/name]`. */
function segments(path: string): Array<string | number> {
  const result: Array<string | number> = [];
  const pattern = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (let match = pattern.exec(path); match; match = pattern.exec(path)) {
    if (match[1] !== undefined) result.push(match[1]);
    else result.push(/^\d+$/.test(match[2]) ? Number(match[2]) : match[2]);
  }
  return result;
}

export function getFieldPath(object: unknown, path: string): unknown {
  let current: unknown = object;
  for (const segment of segments(path)) {
    if (typeof segment === 'number')
      current = Array.isArray(current) ? current[segment] : undefined;
    else current = isJsonObject(current) ? current[segment] : undefined;
  }
  return current;
}

export function setFieldPath(
  object: JsonObject,
  path: string,
  value: unknown,
): void {
  const parts = segments(path);
  let current: JsonObject | unknown[] = object;
  parts.forEach((segment, index) => {
    const last = index === parts.length - 1;
    const nextIsIndex = typeof parts[index + 1] === 'number';
    if (Array.isArray(current) && typeof segment === 'number') {
      if (last) current[segment] = value;
      else {
        current[segment] ??= nextIsIndex ? [] : {};
        current = current[segment] as JsonObject | unknown[];
      }
    } else if (!Array.isArray(current)) {
      const key = String(segment);
      if (last) current[key] = value;
      else {
        if (!isJsonObject(current[key]) && !Array.isArray(current[key]))
          current[key] = nextIsIndex ? [] : {};
        current = current[key] as JsonObject | unknown[];
      }
    }
  });
}
