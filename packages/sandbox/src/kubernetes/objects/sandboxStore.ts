import { ResourceRegistry } from '../registry/ResourceRegistry';
import { ResourceType } from '../registry/ResourceType';
import { KubeObject } from '../types';
import { ObjectService } from './ObjectService';

/**
 * Direct access to the sandbox's objects for tests and seed scripts, with
 * the same validation, defaulting and watch events as API requests.
 */
export interface KubernetesSandboxStore {
  get(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): KubeObject | undefined;
  list(apiVersion: string, kind: string, namespace?: string): KubeObject[];
  create(object: KubeObject, options?: { fieldManager?: string }): KubeObject;
  /** Server-side apply; `force` defaults to true since seeding should win. */
  apply(
    object: KubeObject,
    options?: { fieldManager?: string; force?: boolean },
  ): KubeObject;
  /** Replaces the object's status through the status subresource. */
  updateStatus(
    object: KubeObject,
    options?: { fieldManager?: string },
  ): KubeObject;
  delete(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): void;
  /** The current global resourceVersion. */
  readonly resourceVersion: string;
}

export function createSandboxStore(
  objects: ObjectService,
  registry: ResourceRegistry,
): KubernetesSandboxStore {
  const typeOf = (apiVersion: string, kind: string): ResourceType => {
    const type = registry.findByKind(apiVersion, kind);
    if (!type)
      throw new Error(`The sandbox does not serve ${apiVersion} ${kind}`);
    return type;
  };
  return {
    get: (apiVersion, kind, name, namespace) =>
      objects.find(typeOf(apiVersion, kind), namespace, name),
    list: (apiVersion, kind, namespace) =>
      objects.list(typeOf(apiVersion, kind), namespace).items,
    create: (object, options) =>
      objects.create(
        typeOf(object.apiVersion, object.kind),
        object.metadata.namespace,
        object,
        {
          fieldManager: options?.fieldManager ?? 'sandbox-seed',
        },
      ),
    apply: (object, options) =>
      objects.apply(
        typeOf(object.apiVersion, object.kind),
        object.metadata.namespace,
        object.metadata.name ?? '',
        object,
        {
          fieldManager: options?.fieldManager ?? 'sandbox-seed',
          force: options?.force ?? true,
        },
      ).object,
    updateStatus: (object, options) =>
      objects.update(
        typeOf(object.apiVersion, object.kind),
        object.metadata.namespace,
        object.metadata.name ?? '',
        object,
        {
          subresource: 'status',
          fieldManager: options?.fieldManager ?? 'sandbox-seed',
        },
      ),
    delete: (apiVersion, kind, name, namespace) => {
      objects.delete(typeOf(apiVersion, kind), namespace, name);
    },
    get resourceVersion() {
      return String(objects.store.currentRevision);
    },
  };
}
