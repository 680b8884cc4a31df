import { FieldError } from '../errors/fieldErrors';
import { KubeApiError } from '../errors/KubeApiError';
import {
  isBuiltin,
  qualifiedKind,
  ResourceType,
  storageKey,
} from '../registry/ResourceType';
import { KubeObject } from '../types';
import {
  applySchemaDefaults,
  validateAgainstSchema,
} from '../validation/schemaValidator';
import { applyBuiltinDefaults } from './builtinDefaults';
import { nameRuleFor, validateObjectName } from './objectNames';

/** Extra validation for particular kinds (CRDs, XRDs), run after schema validation. */
export type ObjectValidator = (object: KubeObject) => FieldError[];

/**
 * Defaults then validates an object in place, as the API server's admission
 * chain does before storage; throws a 422 Invalid listing every problem.
 */
export function admitObject(
  type: ResourceType,
  object: KubeObject,
  creating: boolean,
  kindValidator: ObjectValidator | undefined,
): void {
  if (isBuiltin(type)) {
    applyBuiltinDefaults(object, creating);
  } else if (type.schema) {
    applySchemaDefaults(object, type.schema);
  }
  const errors = validateObjectName(
    object.metadata.name,
    nameRuleFor(storageKey(type)),
  );
  if (type.schema) errors.push(...validateAgainstSchema(object, type.schema));
  errors.push(...(kindValidator?.(object) ?? []));
  if (errors.length > 0) {
    throw KubeApiError.invalid(
      qualifiedKind(type),
      object.metadata.name ?? '',
      errors,
    );
  }
}
