import { ObjectStructure } from '../apply/objectStructure';
import { KubeApiError } from '../errors/KubeApiError';
import {
  applyJsonPatch,
  JsonPatchApplyError,
  parseJsonPatch,
} from './jsonPatch';
import { applyMergePatch } from './mergePatch';
import { strategicMerge } from './strategicMergePatch';

export type PatchType = 'json' | 'merge' | 'strategic';

/**
 * Applies a non-apply patch. A malformed JSON patch document is a 400; one
 * that cannot apply to this object is the 422 the API server sends.
 */
export function patchObject(
  current: unknown,
  patchType: PatchType,
  patch: unknown,
  structure: ObjectStructure,
): unknown {
  switch (patchType) {
    case 'merge':
      return applyMergePatch(current, patch);
    case 'strategic':
      return strategicMerge(current, patch, structure);
    case 'json': {
      let operations;
      try {
        operations = parseJsonPatch(patch);
      } catch (error) {
        throw KubeApiError.badRequest((error as Error).message);
      }
      try {
        return applyJsonPatch(current, operations);
      } catch (error) {
        if (error instanceof JsonPatchApplyError) {
          throw KubeApiError.unprocessable(error.message);
        }
        throw error;
      }
    }
    default:
      throw KubeApiError.badRequest(`unknown patch type ${String(patchType)}`);
  }
}
