import { deepClone, deepEqual, isJsonObject } from '../types';

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

/** Raised when a well-formed patch cannot be applied to the document. */
export class JsonPatchApplyError extends Error {}

const operations = new Set([
  'add',
  'remove',
  'replace',
  'move',
  'copy',
  'test',
]);

/** Checks the patch document's shape; throws a plain Error describing the first problem. */
export function parseJsonPatch(document: unknown): JsonPatchOperation[] {
  if (!Array.isArray(document)) {
    throw new Error(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  return document.map(operation => {
    if (
      !isJsonObject(operation) ||
      typeof operation.op !== 'string' ||
      !operations.has(operation.op)
    ) {
      throw new Error(
        `Unexpected kind: ${JSON.stringify(
          isJsonObject(operation) ? operation.op : operation,
        )}`,
      );
    }
    if (typeof operation.path !== 'string') {
      throw new Error(`operation missing path: ${JSON.stringify(operation)}`);
    }
    return operation as unknown as JsonPatchOperation;
  });
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new JsonPatchApplyError(
      `JSON pointer must start with '/': ${pointer}`,
    );
  }
  return pointer
    .slice(1)
    .split('/')
    .map(token => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function containerFor(
  document: unknown,
  tokens: string[],
  pointer: string,
): unknown {
  let current = document;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) {
      current = current[Number(token)];
    } else if (isJsonObject(current)) {
      current = current[token];
    } else {
      current = undefined;
    }
    if (current === undefined) {
      throw new JsonPatchApplyError(
        `doc is missing path: "${pointer}": missing value`,
      );
    }
  }
  return current;
}

function arrayIndex(
  container: unknown[],
  token: string,
  pointer: string,
  allowEnd: boolean,
): number {
  if (token === '-' && allowEnd) return container.length;
  const index = Number(token);
  if (
    !Number.isInteger(index) ||
    index < 0 ||
    index > container.length ||
    (!allowEnd && index === container.length)
  ) {
    throw new JsonPatchApplyError(
      `Unable to access invalid index: ${token}: "${pointer}"`,
    );
  }
  return index;
}

function read(document: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return document;
  const container = containerFor(document, tokens, pointer);
  const last = tokens[tokens.length - 1];
  let value: unknown;
  if (Array.isArray(container)) {
    value = container[arrayIndex(container, last, pointer, false)];
  } else if (isJsonObject(container)) {
    value = container[last];
  }
  if (value === undefined) {
    throw new JsonPatchApplyError(
      `doc is missing path: "${pointer}": missing value`,
    );
  }
  return value;
}

function add(document: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return deepClone(value);
  const container = containerFor(document, tokens, pointer);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(container)) {
    container.splice(
      arrayIndex(container, last, pointer, true),
      0,
      deepClone(value),
    );
  } else if (isJsonObject(container)) {
    container[last] = deepClone(value);
  } else {
    throw new JsonPatchApplyError(
      `doc is missing path: "${pointer}": missing value`,
    );
  }
  return document;
}

function remove(document: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) {
    throw new JsonPatchApplyError('cannot remove the document root');
  }
  read(document, pointer);
  const container = containerFor(document, tokens, pointer);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(container)) {
    container.splice(arrayIndex(container, last, pointer, false), 1);
  } else if (isJsonObject(container)) {
    delete container[last];
  }
  return document;
}

/** RFC 6902 JSON patch; the input is not modified. */
export function applyJsonPatch(
  target: unknown,
  patch: JsonPatchOperation[],
): unknown {
  let document = deepClone(target);
  for (const operation of patch) {
    switch (operation.op) {
      case 'add':
        document = add(document, operation.path, operation.value);
        break;
      case 'remove':
        document = remove(document, operation.path);
        break;
      case 'replace':
        read(document, operation.path);
        document =
          operation.path === ''
            ? deepClone(operation.value)
            : add(
                remove(document, operation.path),
                operation.path,
                operation.value,
              );
        break;
      case 'move': {
        const value = read(document, operation.from ?? '');
        document = add(
          remove(document, operation.from ?? ''),
          operation.path,
          value,
        );
        break;
      }
      case 'copy':
        document = add(
          document,
          operation.path,
          read(document, operation.from ?? ''),
        );
        break;
      case 'test':
        if (!deepEqual(read(document, operation.path), operation.value)) {
          throw new JsonPatchApplyError(
            `testing value ${operation.path} failed: test failed`,
          );
        }
        break;
      default:
        throw new JsonPatchApplyError(
          `Unexpected kind: ${String((operation as { op: unknown }).op)}`,
        );
    }
  }
  return document;
}
