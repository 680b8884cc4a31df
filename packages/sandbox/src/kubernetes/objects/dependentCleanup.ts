import { ObjectStore } from '../store/ObjectStore';
import { ObjectService } from './ObjectService';

/**
 * Background garbage collection, done synchronously: when an object is
 * deleted, objects that list it in `ownerReferences` are deleted too, and
 * deleting a namespace deletes everything in it.
 */
export function startDependentCleanup(
  store: ObjectStore,
  objects: ObjectService,
): () => void {
  return store.subscribe(event => {
    if (event.type !== 'DELETED') return;
    const ownerUid = event.object.metadata.uid;
    const deletedNamespace =
      event.storageKey === 'namespaces'
        ? event.object.metadata.name
        : undefined;
    for (const key of store.storageKeys()) {
      for (const candidate of store.list(key)) {
        const owned = candidate.metadata.ownerReferences?.some(
          reference => reference.uid === ownerUid,
        );
        const inDeletedNamespace =
          deletedNamespace !== undefined &&
          candidate.metadata.namespace === deletedNamespace;
        if (owned || inDeletedNamespace) {
          objects.deleteStored(
            key,
            candidate.metadata.namespace,
            candidate.metadata.name ?? '',
          );
        }
      }
    }
  });
}

/** Deleting with `propagationPolicy: Orphan` leaves dependents, minus their reference to the owner. */
export function orphanDependents(store: ObjectStore, ownerUid: string): void {
  for (const key of store.storageKeys()) {
    for (const dependent of store.list(key)) {
      const references = dependent.metadata.ownerReferences ?? [];
      if (!references.some(reference => reference.uid === ownerUid)) continue;
      const remaining = references.filter(
        reference => reference.uid !== ownerUid,
      );
      if (remaining.length > 0) dependent.metadata.ownerReferences = remaining;
      else delete dependent.metadata.ownerReferences;
      store.put(key, dependent);
    }
  }
}
