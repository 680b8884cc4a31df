import { ObjectStructure } from '../apply/objectStructure';
import { deepClone, deepEqual, isJsonObject, JsonObject } from '../types';

const setElementOrderPrefix = '$setElementOrder/';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList/';

function isDirective(name: string) {
  return name.startsWith('$');
}

function mergeKeyedList(
  live: unknown[],
  patch: unknown[],
  keys: string[],
  structure: ObjectStructure,
  path: string[],
) {
  const sameKey = (left: JsonObject, right: JsonObject) =>
    keys.every(key => deepEqual(left[key], right[key]));
  const result = live.map(item => deepClone(item));
  for (const patchItem of patch) {
    if (!isJsonObject(patchItem)) continue;
    const index = result.findIndex(
      item => isJsonObject(item) && sameKey(item, patchItem),
    );
    if (patchItem.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = strategicMerge(result[index], patchItem, structure, path);
    } else {
      result.push(strategicMerge({}, patchItem, structure, path));
    }
  }
  return result;
}

/**
 * Strategic merge patch for built-in kinds: a merge patch, except that lists
 * with a merge key merge item by item (`$patch: delete` removes an item) and
 * set-like lists of scalars are unioned. Ordering directives from kubectl are
 * accepted and ignored.
 */
export function strategicMerge(
  target: unknown,
  patch: unknown,
  structure: ObjectStructure,
  path: string[] = [],
): unknown {
  if (!isJsonObject(patch)) {
    return deepClone(patch);
  }
  if (patch.$patch === 'replace') {
    return Object.fromEntries(
      Object.entries(patch).filter(([name]) => !isDirective(name)),
    );
  }
  const result: JsonObject = isJsonObject(target) ? deepClone(target) : {};
  for (const [name, value] of Object.entries(patch)) {
    if (
      name.startsWith(deleteFromPrimitiveListPrefix) &&
      Array.isArray(value)
    ) {
      const listName = name.slice(deleteFromPrimitiveListPrefix.length);
      const list = result[listName];
      if (Array.isArray(list)) {
        result[listName] = list.filter(
          item => !value.some(removed => deepEqual(removed, item)),
        );
      }
      continue;
    }
    if (isDirective(name) || name.startsWith(setElementOrderPrefix)) {
      continue;
    }
    const childPath = [...path, name];
    if (value === null) {
      delete result[name];
    } else if (Array.isArray(value)) {
      const strategy = structure.listStrategy(childPath);
      const live = Array.isArray(result[name])
        ? (result[name] as unknown[])
        : [];
      if (strategy.type === 'map' && strategy.keys.length > 0) {
        result[name] = mergeKeyedList(
          live,
          value,
          strategy.keys,
          structure,
          childPath,
        );
      } else if (strategy.type === 'set') {
        result[name] = [
          ...live,
          ...value.filter(
            item => !live.some(existing => deepEqual(existing, item)),
          ),
        ];
      } else {
        result[name] = deepClone(value);
      }
    } else if (isJsonObject(value) && !structure.isAtomicObject(childPath)) {
      result[name] = strategicMerge(result[name], value, structure, childPath);
    } else {
      result[name] = deepClone(value);
    }
  }
  return result;
}
