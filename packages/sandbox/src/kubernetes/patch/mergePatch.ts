import { deepClone, isJsonObject } from '../types';

/** RFC 7386 JSON merge patch. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) {
    return deepClone(patch);
  }
  const result = isJsonObject(target) ? deepClone(target) : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[name];
    } else {
      result[name] = applyMergePatch(result[name], value);
    }
  }
  return result;
}
