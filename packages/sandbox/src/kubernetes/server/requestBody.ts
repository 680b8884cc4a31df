import YAML from 'yaml';
import { KubeApiError } from '../errors/KubeApiError';
import { PatchType } from '../patch/patchObject';
import { isBuiltin, ResourceType } from '../registry/ResourceType';

export type PatchRequestType = PatchType | 'apply';

const patchContentTypes: Record<string, PatchRequestType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function bodyText(body: unknown): string {
  return Buffer.isBuffer(body) ? body.toString('utf8') : '';
}

/** Decodes a create or update body; the API server accepts JSON and YAML there. */
export function decodeObjectBody(
  body: unknown,
  contentType: string | undefined,
): unknown {
  const type = mediaType(contentType) || 'application/json';
  const text = bodyText(body);
  if (type === 'application/yaml') {
    try {
      return YAML.parse(text);
    } catch (error) {
      throw KubeApiError.badRequest(
        `error decoding YAML: ${(error as Error).message}`,
      );
    }
  }
  if (type !== 'application/json') {
    throw KubeApiError.unsupportedMediaType([
      'application/json',
      'application/yaml',
    ]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw KubeApiError.badRequest(
      `couldn't get version/kind; json parse error: ${
        (error as Error).message
      }`,
    );
  }
}

/** Patch types a resource accepts, in the order the API server lists them. */
export function acceptedPatchTypes(type: ResourceType): string[] {
  return Object.entries(patchContentTypes)
    .filter(([, patchType]) => patchType !== 'strategic' || isBuiltin(type))
    .map(([contentType]) => contentType);
}

/** Strategic merge patch only exists for built-in kinds, as on a real cluster. */
export function patchTypeOf(
  type: ResourceType,
  contentType: string | undefined,
): PatchRequestType {
  const media = mediaType(contentType);
  const patchType = patchContentTypes[media];
  if (!patchType || (patchType === 'strategic' && !isBuiltin(type))) {
    throw KubeApiError.unsupportedMediaType(acceptedPatchTypes(type));
  }
  return patchType;
}

export function decodePatchBody(
  body: unknown,
  patchType: PatchRequestType,
): unknown {
  const text = bodyText(body);
  if (patchType === 'apply') {
    let parsed: unknown;
    try {
      // JSON is YAML, but JSON indented with tabs is not; clients mostly send JSON.
      parsed = text.trimStart().startsWith('{')
        ? parseJsonOrYaml(text)
        : YAML.parse(text);
    } catch (error) {
      throw KubeApiError.badRequest(
        `error decoding YAML: ${(error as Error).message}`,
      );
    }
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      Array.isArray(parsed)
    ) {
      throw KubeApiError.badRequest(
        'error decoding YAML: the apply configuration must be a single object',
      );
    }
    return parsed;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw KubeApiError.badRequest(
      `error decoding patch: ${(error as Error).message}`,
    );
  }
}

function parseJsonOrYaml(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return YAML.parse(text);
  }
}
