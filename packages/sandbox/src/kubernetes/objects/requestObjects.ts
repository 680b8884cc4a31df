import { KubeApiError } from '../errors/KubeApiError';
import { apiVersionOf, ResourceType } from '../registry/ResourceType';
import { deepClone, isJsonObject, KubeObject } from '../types';

/**
 * Checks a request body against the URL it was sent to, as the API server's
 * decoding does, and fills apiVersion, kind and namespace from the URL.
 * `fillName` lets server-side apply omit a name the URL already gives.
 */
export function decodeRequestObject(
  type: ResourceType,
  namespace: string | undefined,
  body: unknown,
  name?: string,
  { fillName = false } = {},
): KubeObject {
  if (!isJsonObject(body)) {
    throw KubeApiError.badRequest(
      `Object 'Kind' is missing in '${JSON.stringify(body)}'`,
    );
  }
  const object = deepClone(body);
  const expectedApiVersion = apiVersionOf(type);
  if (
    object.apiVersion !== undefined &&
    object.apiVersion !== expectedApiVersion
  ) {
    throw KubeApiError.badRequest(
      `the API version in the data (${String(
        object.apiVersion,
      )}) does not match the expected API version (${expectedApiVersion})`,
    );
  }
  if (object.kind !== undefined && object.kind !== type.kind) {
    throw KubeApiError.badRequest(
      `${String(object.kind)} in version "${
        type.version
      }" cannot be handled as a ${
        type.kind
      }: the kind in the data does not match the expected kind`,
    );
  }
  if (object.metadata !== undefined && !isJsonObject(object.metadata)) {
    throw KubeApiError.badRequest('metadata must be an object');
  }
  const metadata = (object.metadata ?? {}) as KubeObject['metadata'];
  if (type.namespaced) {
    if (metadata.namespace && namespace && metadata.namespace !== namespace) {
      throw KubeApiError.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    metadata.namespace = metadata.namespace || namespace;
  } else {
    delete metadata.namespace;
  }
  if (name !== undefined) {
    if (!metadata.name && fillName) metadata.name = name;
    if (metadata.name !== name) {
      throw KubeApiError.badRequest(
        `the name of the object (${
          metadata.name ?? ''
        }) does not match the name on the URL (${name})`,
      );
    }
  }
  return {
    ...object,
    apiVersion: expectedApiVersion,
    kind: type.kind,
    metadata,
  };
}
