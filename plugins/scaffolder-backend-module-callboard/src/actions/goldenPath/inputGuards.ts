import { InputError } from '@backstage/errors';
import { JsonObject, JsonValue } from '@backstage/types';
import { posix, win32 } from 'node:path';

export const serviceNamePattern = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;

// Values end up in the lock file committed to the new repository, so
// anything named like a credential is refused rather than recorded.
const secretLikeKey =
  /token|secret|password|passwd|credential|api[-_]?key|private[-_]?key/i;

const templateSyntax = ['${{', '{{', '{%', '{#'];

/**
 * Refuses values that are not plain data: the service name must be a valid
 * name, and no string may smuggle in template syntax, a path that escapes
 * the workspace, or a NUL byte. Runs before anything is fetched or written.
 */
export function assertSafeValues(
  values: unknown,
): asserts values is JsonObject {
  if (!isPlainObject(values)) {
    throw new InputError('values must be an object');
  }
  walk(values, 'values');
  const name = values.name;
  if (typeof name !== 'string') {
    throw new InputError('values.name is required and must be a string');
  }
  if (!serviceNamePattern.test(name)) {
    throw new InputError(
      `values.name '${name}' must match ${serviceNamePattern.source}: 3 to 40 lowercase letters, digits or dashes, starting with a letter and not ending with a dash`,
    );
  }
}

/** Free-text inputs other than values get the same string checks. */
export function assertPlainString(
  value: string,
  field: string,
  options: { allowParentSegments?: boolean } = {},
): void {
  const problem = stringProblem(value, options);
  if (problem) {
    throw new InputError(`${field} ${problem}`);
  }
}

/** `targetPath` and similar inputs must stay inside the workspace. */
export function assertRelativeInsidePath(value: string, field: string): void {
  const problem = stringProblem(value);
  if (problem) {
    throw new InputError(`${field} ${problem}`);
  }
  if (posix.normalize(value).split('/').includes('..')) {
    throw new InputError(`${field} '${value}' must not leave the workspace`);
  }
}

function walk(value: JsonValue | undefined, field: string): void {
  if (value === undefined) {
    throw new InputError(`${field} is undefined; values must be JSON`);
  }
  if (typeof value === 'string') {
    const problem = stringProblem(value);
    if (problem) {
      throw new InputError(`${field} ${problem}`);
    }
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new InputError(`${field} must be a finite number`);
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${field}[${index}]`));
    return;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = stringProblem(key);
      if (keyProblem) {
        throw new InputError(`${field} key '${key}' ${keyProblem}`);
      }
      if (secretLikeKey.test(key)) {
        throw new InputError(
          `${field}.${key} looks like a secret (token, secret, password, credential or key); values are recorded in .callboard/template.json, so secrets must not be passed as values`,
        );
      }
      walk(item, `${field}.${key}`);
    }
    return;
  }
  if (value !== null && typeof value !== 'boolean') {
    throw new InputError(`${field} must be JSON data`);
  }
}

function stringProblem(
  value: string,
  options: { allowParentSegments?: boolean } = {},
): string | undefined {
  if (value.includes('\0')) {
    return 'contains a NUL byte';
  }
  const syntax = templateSyntax.find(marker => value.includes(marker));
  if (syntax) {
    return `contains template syntax '${syntax}'; values are data, never templates`;
  }
  if (!options.allowParentSegments && /(^|[\\/])\.\.([\\/]|$)/.test(value)) {
    return `contains '../'; relative paths must not climb out of the repository`;
  }
  if (posix.isAbsolute(value) || win32.isAbsolute(value)) {
    return `'${value}' is an absolute path; only names and relative paths are allowed`;
  }
  return undefined;
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
