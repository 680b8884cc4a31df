import { ObjectService } from '../objects/ObjectService';
import { ObjectStore } from '../store/ObjectStore';
import { isJsonObject, KubeObject, kubeTimestamp } from '../types';
import {
  crdAcceptedNames,
  crdStorageVersion,
  customResourceDefinitionKey,
  resourceTypesFromCrd,
  validateCustomResourceDefinition,
} from './customResourceDefinitions';
import { ResourceRegistry } from './ResourceRegistry';
import { storageKey } from './ResourceType';

function isEstablished(crd: KubeObject) {
  const conditions = isJsonObject(crd.status)
    ? crd.status.conditions
    : undefined;
  return (
    Array.isArray(conditions) &&
    conditions.some(
      condition =>
        isJsonObject(condition) &&
        condition.type === 'Established' &&
        condition.status === 'True',
    )
  );
}

/**
 * Keeps the registry in step with CustomResourceDefinition objects: serving
 * their versions once stored, marking them Established, and deleting their
 * custom resources when the CRD goes.
 */
export function startCustomResourceRegistrar(
  store: ObjectStore,
  registry: ResourceRegistry,
  objects: ObjectService,
): () => void {
  objects.addValidator(
    customResourceDefinitionKey,
    validateCustomResourceDefinition,
  );
  const crdType = () => {
    const type = registry.findByKind(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
    );
    if (!type)
      throw new Error('CustomResourceDefinition is not a registered kind');
    return type;
  };

  const establish = (changed: KubeObject) => {
    registry.registerCustomResourceDefinition(
      changed.metadata.name ?? '',
      resourceTypesFromCrd(changed),
    );
    // Later writes may already be queued behind this event; update the latest state.
    const crd = objects.find(crdType(), undefined, changed.metadata.name ?? '');
    if (!crd || isEstablished(crd)) return;
    const now = kubeTimestamp();
    objects.update(
      crdType(),
      undefined,
      crd.metadata.name ?? '',
      {
        ...crd,
        status: {
          acceptedNames: crdAcceptedNames(crd),
          conditions: [
            {
              type: 'NamesAccepted',
              status: 'True',
              lastTransitionTime: now,
              reason: 'NoConflicts',
              message: 'no conflicts found',
            },
            {
              type: 'Established',
              status: 'True',
              lastTransitionTime: now,
              reason: 'InitialNamesAccepted',
              message: 'the initial names have been accepted',
            },
          ],
          storedVersions: [crdStorageVersion(crd)].filter(Boolean),
        },
      },
      { subresource: 'status', fieldManager: 'kube-apiserver' },
    );
  };

  for (const crd of store.list(customResourceDefinitionKey)) {
    registry.registerCustomResourceDefinition(
      crd.metadata.name ?? '',
      resourceTypesFromCrd(crd),
    );
  }

  return store.subscribe(event => {
    if (event.storageKey !== customResourceDefinitionKey) return;
    if (event.type === 'DELETED') {
      const crdName = event.object.metadata.name ?? '';
      const keys = new Set(resourceTypesFromCrd(event.object).map(storageKey));
      for (const key of keys) {
        for (const object of store.list(key)) {
          store.remove(
            key,
            object.metadata.namespace,
            object.metadata.name ?? '',
          );
        }
      }
      registry.unregisterCustomResourceDefinition(crdName);
      return;
    }
    establish(event.object);
  });
}
