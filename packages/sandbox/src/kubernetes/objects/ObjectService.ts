import crypto from 'node:crypto';
import { applyConfiguration, recordUpdate } from '../apply/managedFields';
import {
  builtinStructure,
  ObjectStructure,
  schemaStructure,
} from '../apply/objectStructure';
import { KubeApiError } from '../errors/KubeApiError';
import { patchObject, PatchType } from '../patch/patchObject';
import {
  apiVersionOf,
  isBuiltin,
  qualifiedResource,
  ResourceType,
  storageKey,
} from '../registry/ResourceType';
import { ResourceRegistry } from '../registry/ResourceRegistry';
import { ObjectStore } from '../store/ObjectStore';
import { matchesObjectFilter, parseObjectFilter } from '../store/selectors';
import {
  deepClone,
  deepEqual,
  isJsonObject,
  JsonObject,
  KubeObject,
  kubeTimestamp,
  ManagedFieldsEntry,
} from '../types';
import { admitObject, ObjectValidator } from './admission';
import { defaultListMapKeys } from './builtinDefaults';
import { orphanDependents } from './dependentCleanup';
import {
  decodeContinueToken,
  encodeContinueToken,
  objectSortKey,
} from './listPages';
import { randomNameSuffix } from './objectNames';
import { decodeRequestObject } from './requestObjects';

export interface WriteOptions {
  dryRun?: boolean;
  /** Recorded in managedFields; the HTTP layer derives it from the User-Agent when absent. */
  fieldManager?: string;
}

export interface UpdateOptions extends WriteOptions {
  subresource?: 'status';
}

export interface ApplyOptions {
  fieldManager: string;
  force?: boolean;
  dryRun?: boolean;
  subresource?: 'status';
}

export interface DeleteOptions {
  dryRun?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continueToken?: string;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

const defaultFieldManager = 'sandbox';

function withoutMetadataAndStatus(object: KubeObject) {
  const {
    metadata: _metadata,
    status: _status,
    apiVersion: _apiVersion,
    kind: _kind,
    ...rest
  } = object;
  return rest;
}

function withoutManagedFieldTimes(object: KubeObject) {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      resourceVersion: undefined,
      managedFields: object.metadata.managedFields?.map(
        ({ time: _time, ...entry }) => entry,
      ),
    },
  };
}

function dropUndefined<T extends JsonObject>(object: T): T {
  return Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined),
  ) as T;
}

/**
 * The API semantics of every write and read: validation, defaulting,
 * optimistic concurrency, generation, status subresource rules, managed
 * fields and finalizers. Used by the HTTP handlers, the Crossplane stand-in
 * and the exported store facade, so they all behave the same.
 */
export class ObjectService {
  private readonly validators = new Map<string, ObjectValidator>();

  constructor(
    readonly store: ObjectStore,
    readonly registry: ResourceRegistry,
  ) {}

  addValidator(key: string, validator: ObjectValidator) {
    this.validators.set(key, validator);
  }

  structureOf(type: ResourceType): ObjectStructure {
    return isBuiltin(type) ? builtinStructure : schemaStructure(type.schema);
  }

  /** An object as served under `type`'s version (storage is shared across versions). */
  served(type: ResourceType, object: KubeObject): KubeObject {
    return { ...object, apiVersion: apiVersionOf(type), kind: type.kind };
  }

  find(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const object = this.store.get(
      storageKey(type),
      type.namespaced ? namespace : undefined,
      name,
    );
    return object && this.served(type, object);
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const object = this.find(type, namespace, name);
    if (!object) throw KubeApiError.notFound(qualifiedResource(type), name);
    return object;
  }

  list(
    type: ResourceType,
    namespace: string | undefined,
    options: ListOptions = {},
  ): ListResult {
    const filter = parseObjectFilter(
      type.namespaced ? namespace : undefined,
      options.labelSelector,
      options.fieldSelector,
    );
    let items = this.store
      .list(storageKey(type))
      .filter(object => matchesObjectFilter(object, filter));
    const resourceVersion = String(this.store.currentRevision);
    if (options.continueToken) {
      const after = decodeContinueToken(options.continueToken);
      items = items.filter(object => objectSortKey(object) > after);
    }
    if (options.limit && options.limit > 0 && items.length > options.limit) {
      const page = items.slice(0, options.limit);
      return {
        items: page.map(object => this.served(type, object)),
        resourceVersion,
        continueToken: encodeContinueToken(
          objectSortKey(page[page.length - 1]),
        ),
        remainingItemCount: items.length - options.limit,
      };
    }
    return {
      items: items.map(object => this.served(type, object)),
      resourceVersion,
    };
  }

  create(
    type: ResourceType,
    namespace: string | undefined,
    body: unknown,
    options: WriteOptions = {},
  ): KubeObject {
    const object = decodeRequestObject(type, namespace, body);
    const { name, generateName } = object.metadata;
    if (!name && generateName) {
      object.metadata.name = `${generateName}${randomNameSuffix()}`;
    }
    return this.insert(type, object, {
      manager: options.fieldManager ?? defaultFieldManager,
      dryRun: options.dryRun ?? false,
    });
  }

  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options: UpdateOptions = {},
  ): KubeObject {
    const candidate = decodeRequestObject(type, namespace, body, name);
    const live = this.getStored(type, namespace, name);
    this.checkResourceVersion(type, live, candidate.metadata.resourceVersion);
    return this.replace(type, live, candidate, {
      manager: options.fieldManager ?? defaultFieldManager,
      dryRun: options.dryRun ?? false,
      subresource: options.subresource,
    });
  }

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    patch: unknown,
    options: UpdateOptions = {},
  ): KubeObject {
    const live = this.getStored(type, namespace, name);
    const current = this.served(type, live);
    const patched = patchObject(
      current,
      patchType,
      patch,
      this.structureOf(type),
    );
    const candidate = decodeRequestObject(type, namespace, patched, name);
    this.checkResourceVersion(type, live, candidate.metadata.resourceVersion);
    return this.replace(type, live, candidate, {
      manager: options.fieldManager ?? defaultFieldManager,
      dryRun: options.dryRun ?? false,
      subresource: options.subresource,
    });
  }

  apply(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options: ApplyOptions,
  ): { object: KubeObject; created: boolean } {
    if (
      !isJsonObject(body) ||
      typeof body.apiVersion !== 'string' ||
      typeof body.kind !== 'string'
    ) {
      throw KubeApiError.badRequest(
        `invalid object type: ${
          isJsonObject(body)
            ? `${String(body.apiVersion ?? '')}, Kind=${String(
                body.kind ?? '',
              )}`
            : ''
        }`,
      );
    }
    const applied = decodeRequestObject(type, namespace, body, name, {
      fillName: true,
    });
    if (isBuiltin(type)) defaultListMapKeys(applied);
    const live = this.store.get(
      storageKey(type),
      type.namespaced ? namespace : undefined,
      name,
    );
    if (live)
      this.checkResourceVersion(type, live, applied.metadata.resourceVersion);
    delete applied.metadata.resourceVersion;
    if (!live && options.subresource)
      throw KubeApiError.notFound(qualifiedResource(type), name);

    const scoped: KubeObject =
      options.subresource === 'status'
        ? {
            apiVersion: applied.apiVersion,
            kind: applied.kind,
            metadata: dropUndefined({
              name: applied.metadata.name,
              namespace: applied.metadata.namespace,
            }),
            status: applied.status,
          }
        : applied;
    if (options.subresource !== 'status' && type.hasStatusSubresource)
      delete scoped.status;
    const { object, managedFields } = applyConfiguration({
      live: live && this.served(type, live),
      managedFields: live?.metadata.managedFields,
      applied: scoped,
      manager: options.fieldManager,
      force: options.force ?? false,
      apiVersion: apiVersionOf(type),
      subresource: options.subresource,
      structure: this.structureOf(type),
      time: kubeTimestamp(),
    });
    const writeOptions = {
      manager: options.fieldManager,
      dryRun: options.dryRun ?? false,
      subresource: options.subresource,
      managedFields,
    };
    if (!live) {
      return {
        object: this.insert(type, object as KubeObject, writeOptions),
        created: true,
      };
    }
    return {
      object: this.replace(type, live, object as KubeObject, writeOptions),
      created: false,
    };
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): { object: KubeObject; deleted: boolean } {
    const live = this.getStored(type, namespace, name);
    const { uid, resourceVersion } = options.preconditions ?? {};
    if (uid && uid !== live.metadata.uid) {
      throw KubeApiError.conflict(
        qualifiedResource(type),
        name,
        `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${live.metadata.uid}`,
      );
    }
    if (resourceVersion && resourceVersion !== live.metadata.resourceVersion) {
      throw KubeApiError.conflict(
        qualifiedResource(type),
        name,
        `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${live.metadata.resourceVersion}`,
      );
    }
    if (live.metadata.finalizers?.length) {
      // Finalizers are honoured: the object stays, marked for deletion, until they are removed.
      if (live.metadata.deletionTimestamp)
        return { object: this.served(type, live), deleted: false };
      const marked = deepClone(live);
      marked.metadata.deletionTimestamp = kubeTimestamp();
      marked.metadata.deletionGracePeriodSeconds = 0;
      if (options.dryRun)
        return { object: this.served(type, marked), deleted: false };
      return {
        object: this.served(type, this.store.put(storageKey(type), marked)),
        deleted: false,
      };
    }
    if (options.dryRun)
      return { object: this.served(type, live), deleted: true };
    if (options.propagationPolicy === 'Orphan') {
      orphanDependents(this.store, live.metadata.uid ?? '');
    }
    const removed =
      this.store.remove(storageKey(type), live.metadata.namespace, name) ??
      live;
    return { object: this.served(type, removed), deleted: true };
  }

  deleteCollection(
    type: ResourceType,
    namespace: string | undefined,
    listOptions: ListOptions,
    options: DeleteOptions = {},
  ): KubeObject[] {
    const { items } = this.list(type, namespace, {
      ...listOptions,
      limit: undefined,
      continueToken: undefined,
    });
    return items.map(
      item =>
        this.delete(type, item.metadata.namespace, item.metadata.name ?? '', {
          dryRun: options.dryRun,
          propagationPolicy: options.propagationPolicy,
        }).object,
    );
  }

  /** Deletes by storage key, for cleanups that run after the serving type is gone. */
  deleteStored(key: string, namespace: string | undefined, name: string): void {
    const type = this.registry.findByStorageKey(key)[0];
    if (type) {
      if (this.find(type, namespace, name)) this.delete(type, namespace, name);
    } else {
      this.store.remove(key, namespace, name);
    }
  }

  private getStored(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const object = this.store.get(
      storageKey(type),
      type.namespaced ? namespace : undefined,
      name,
    );
    if (!object) throw KubeApiError.notFound(qualifiedResource(type), name);
    return object;
  }

  private checkResourceVersion(
    type: ResourceType,
    live: KubeObject,
    requested: string | undefined,
  ) {
    if (requested && requested !== live.metadata.resourceVersion) {
      throw KubeApiError.modifiedConflict(
        qualifiedResource(type),
        live.metadata.name ?? '',
      );
    }
  }

  private requireNamespace(type: ResourceType, namespace: string | undefined) {
    if (!type.namespaced) return;
    if (!namespace) {
      throw KubeApiError.badRequest(
        'the server could not find the requested resource: namespace is required',
      );
    }
    if (!this.store.get('namespaces', undefined, namespace)) {
      throw KubeApiError.notFound(
        { group: '', resource: 'namespaces' },
        namespace,
      );
    }
  }

  private insert(
    type: ResourceType,
    candidate: KubeObject,
    options: {
      manager: string;
      dryRun: boolean;
      managedFields?: ManagedFieldsEntry[];
    },
  ): KubeObject {
    const object = deepClone(candidate);
    object.apiVersion = apiVersionOf(type);
    object.kind = type.kind;
    if (type.hasStatusSubresource) delete object.status;
    admitObject(type, object, true, this.validators.get(storageKey(type)));
    this.requireNamespace(type, object.metadata.namespace);
    const name = object.metadata.name ?? '';
    if (this.store.get(storageKey(type), object.metadata.namespace, name)) {
      throw KubeApiError.alreadyExists(qualifiedResource(type), name);
    }
    const metadata = object.metadata;
    delete metadata.resourceVersion;
    delete metadata.deletionTimestamp;
    delete metadata.deletionGracePeriodSeconds;
    metadata.uid = crypto.randomUUID();
    metadata.creationTimestamp = kubeTimestamp();
    metadata.generation = 1;
    metadata.managedFields =
      options.managedFields ??
      recordUpdate({
        previous: undefined,
        next: object,
        managedFields: [],
        manager: options.manager,
        apiVersion: apiVersionOf(type),
        structure: this.structureOf(type),
        time: metadata.creationTimestamp,
      });
    if (options.dryRun) return object;
    return this.served(type, this.store.put(storageKey(type), object));
  }

  private replace(
    type: ResourceType,
    live: KubeObject,
    candidate: KubeObject,
    options: {
      manager: string;
      dryRun: boolean;
      subresource?: 'status';
      managedFields?: ManagedFieldsEntry[];
    },
  ): KubeObject {
    let next: KubeObject;
    if (options.subresource === 'status') {
      next = dropUndefined({
        ...deepClone(live),
        status: deepClone(candidate.status),
      });
    } else {
      next = deepClone(candidate);
      next.metadata = dropUndefined({
        ...next.metadata,
        name: live.metadata.name,
        namespace: live.metadata.namespace,
        uid: live.metadata.uid,
        creationTimestamp: live.metadata.creationTimestamp,
        generation: live.metadata.generation,
        resourceVersion: live.metadata.resourceVersion,
        deletionTimestamp: live.metadata.deletionTimestamp,
        deletionGracePeriodSeconds: live.metadata.deletionGracePeriodSeconds,
      });
      if (type.hasStatusSubresource) {
        next = dropUndefined({ ...next, status: deepClone(live.status) });
      }
    }
    next.apiVersion = apiVersionOf(type);
    next.kind = type.kind;
    admitObject(type, next, false, this.validators.get(storageKey(type)));
    const previous = this.served(type, live);
    if (
      !deepEqual(
        withoutMetadataAndStatus(previous),
        withoutMetadataAndStatus(next),
      )
    ) {
      next.metadata.generation = (live.metadata.generation ?? 0) + 1;
    }
    next.metadata.managedFields =
      options.managedFields ??
      recordUpdate({
        previous,
        next,
        managedFields: live.metadata.managedFields,
        manager: options.manager,
        apiVersion: apiVersionOf(type),
        subresource: options.subresource,
        structure: this.structureOf(type),
        time: kubeTimestamp(),
      });
    if (
      deepEqual(
        withoutManagedFieldTimes(previous),
        withoutManagedFieldTimes(next),
      )
    ) {
      return previous;
    }
    const key = storageKey(type);
    if (next.metadata.deletionTimestamp && !next.metadata.finalizers?.length) {
      if (options.dryRun) return next;
      return this.served(
        type,
        this.store.remove(
          key,
          live.metadata.namespace,
          live.metadata.name ?? '',
        ) ?? next,
      );
    }
    if (options.dryRun) return next;
    return this.served(type, this.store.put(key, next));
  }
}
