import {
  deepClone,
  deepEqual,
  isJsonObject,
  JsonObject,
  JsonScalar,
} from '../types';
import {
  FieldPath,
  fieldNamesOf,
  PathElement,
  serializePathElement,
} from './fieldPath';
import { FieldSet } from './FieldSet';
import { ObjectStructure } from './objectStructure';

/** Fields the API server never attributes to a manager. */
const untrackedPaths: FieldPath[] = [
  [{ field: 'apiVersion' }],
  [{ field: 'kind' }],
  [{ field: 'metadata' }],
  ...[
    'name',
    'namespace',
    'creationTimestamp',
    'selfLink',
    'uid',
    'generation',
    'managedFields',
    'resourceVersion',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
  ].map(field => [{ field: 'metadata' }, { field }]),
];

function isScalar(value: unknown): value is JsonScalar {
  return (
    value === null || ['string', 'number', 'boolean'].includes(typeof value)
  );
}

export function keyElementOf(item: JsonObject, keys: string[]): PathElement {
  const key: Array<[string, JsonScalar]> = [...keys]
    .sort()
    .filter(name => item[name] !== undefined)
    .map(name => [name, item[name] as JsonScalar]);
  return { key };
}

function sameElement(left: PathElement, right: PathElement) {
  return serializePathElement(left) === serializePathElement(right);
}

/** The set of fields an object sets: every leaf value and every associative list item. */
export function fieldSetOf(
  object: JsonObject,
  structure: ObjectStructure,
): FieldSet {
  const set = new FieldSet();
  const walk = (value: unknown, path: FieldPath) => {
    const names = fieldNamesOf(path);
    const atomicObject = path.length > 0 && structure.isAtomicObject(names);
    if (isJsonObject(value) && Object.keys(value).length > 0 && !atomicObject) {
      for (const [name, child] of Object.entries(value)) {
        if (child !== undefined) walk(child, [...path, { field: name }]);
      }
      return;
    }
    if (Array.isArray(value) && value.length > 0) {
      const strategy = structure.listStrategy(names);
      if (strategy.type === 'map' && value.every(isJsonObject)) {
        for (const item of value) {
          const itemPath = [...path, keyElementOf(item, strategy.keys)];
          set.add(itemPath);
          for (const [name, child] of Object.entries(item)) {
            if (child !== undefined)
              walk(child, [...itemPath, { field: name }]);
          }
        }
        return;
      }
      if (strategy.type === 'set' && value.every(isScalar)) {
        for (const item of value) set.add([...path, { value: item }]);
        return;
      }
    }
    if (path.length > 0) set.add(path);
  };
  walk(object, []);
  for (const path of untrackedPaths) set.remove(path);
  return set;
}

function childOf(
  container: unknown,
  element: PathElement,
): { found: boolean; value?: unknown } {
  if ('field' in element) {
    return isJsonObject(container) && container[element.field] !== undefined
      ? { found: true, value: container[element.field] }
      : { found: false };
  }
  if (!Array.isArray(container)) return { found: false };
  const index = indexOfElement(container, element);
  return index >= 0 && index < container.length
    ? { found: true, value: container[index] }
    : { found: false };
}

export function valueAt(
  object: unknown,
  path: FieldPath,
): { found: boolean; value?: unknown } {
  let current: { found: boolean; value?: unknown } = {
    found: true,
    value: object,
  };
  for (const element of path) {
    current = childOf(current.value, element);
    if (!current.found) return current;
  }
  return current;
}

export function existsAt(object: unknown, path: FieldPath): boolean {
  return valueAt(object, path).found;
}

function removeChild(container: unknown, element: PathElement): void {
  if ('field' in element) {
    if (isJsonObject(container)) delete container[element.field];
    return;
  }
  if (!Array.isArray(container)) return;
  const index = indexOfElement(container, element);
  if (index >= 0 && index < container.length) container.splice(index, 1);
}

function indexOfElement(container: unknown[], element: PathElement): number {
  if ('key' in element) {
    const keys = element.key.map(([name]) => name);
    return container.findIndex(
      item =>
        isJsonObject(item) && sameElement(keyElementOf(item, keys), element),
    );
  }
  if ('value' in element) {
    return container.findIndex(item => deepEqual(item, element.value));
  }
  return 'index' in element ? element.index : -1;
}

function isEmptyContainer(value: unknown) {
  return (
    (isJsonObject(value) && Object.keys(value).length === 0) ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * Removes the value at `path`, then any parents the removal left empty
 * unless `keepParent` says someone still owns them.
 */
export function removeAt(
  object: JsonObject,
  path: FieldPath,
  keepParent: (path: FieldPath) => boolean,
): void {
  for (let depth = path.length; depth > 0; depth--) {
    const parentPath = path.slice(0, depth - 1);
    const parent = valueAt(object, parentPath);
    if (!parent.found) return;
    const child = valueAt(parent.value, [path[depth - 1]]);
    if (
      depth < path.length &&
      (!isEmptyContainer(child.value) || keepParent(path.slice(0, depth)))
    ) {
      return;
    }
    removeChild(parent.value, path[depth - 1]);
  }
}

/** Merges an applied configuration into the live object, following list strategies. */
export function mergeApplied(
  live: unknown,
  applied: unknown,
  structure: ObjectStructure,
  path: FieldPath = [],
): unknown {
  const names = fieldNamesOf(path);
  if (
    isJsonObject(applied) &&
    isJsonObject(live) &&
    !(path.length > 0 && structure.isAtomicObject(names))
  ) {
    const result: JsonObject = deepClone(live);
    for (const [name, value] of Object.entries(applied)) {
      result[name] =
        live[name] === undefined
          ? deepClone(value)
          : mergeApplied(live[name], value, structure, [
              ...path,
              { field: name },
            ]);
    }
    return result;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const strategy = structure.listStrategy(names);
    if (
      strategy.type === 'map' &&
      applied.every(isJsonObject) &&
      live.every(isJsonObject)
    ) {
      const result = live.map(item => deepClone(item));
      for (const item of applied) {
        const key = keyElementOf(item, strategy.keys);
        const index = result.findIndex(candidate =>
          sameElement(keyElementOf(candidate, strategy.keys), key),
        );
        if (index >= 0) {
          result[index] = mergeApplied(result[index], item, structure, [
            ...path,
            key,
          ]) as JsonObject;
        } else {
          result.push(deepClone(item));
        }
      }
      return result;
    }
    if (strategy.type === 'set') {
      return [
        ...live,
        ...applied.filter(
          item => !live.some(existing => deepEqual(existing, item)),
        ),
      ];
    }
  }
  return deepClone(applied);
}
