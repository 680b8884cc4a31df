import { EventRecorder } from '../objects/EventRecorder';
import { ObjectService } from '../objects/ObjectService';
import { stableNameSuffix } from '../objects/objectNames';
import { ResourceRegistry } from '../registry/ResourceRegistry';
import { apiVersionOf, ResourceType } from '../registry/ResourceType';
import { isJsonObject, JsonObject, KubeObject, kubeTimestamp } from '../types';
import { CrossplaneRole, xrdSpecOf } from './compositeResourceDefinitions';
import {
  ensureComposedType,
  planComposition,
  selectComposition,
} from './compositions';
import { compositionKey } from './crossplaneApis';
import {
  Condition,
  conditionsOf,
  reconcileErrorCondition,
  syncedCondition,
  withCondition,
} from './conditions';
import { connectionSecretData } from './connectionSecrets';
import { ManagedType } from './managedTypes';

/** An object the stand-in wrote and will later mark Ready. */
export interface ObjectRef {
  type: ResourceType;
  namespace?: string;
  name: string;
}

/** A reconcile failure reported on the object (Synced=False) rather than thrown. */
export class ReconcileError extends Error {}

const fieldManagers: Record<CrossplaneRole, string> = {
  claim: 'apiextensions.crossplane.io/claim',
  composite: 'apiextensions.crossplane.io/composite',
};

const eventComponents: Record<CrossplaneRole, string> = {
  claim: 'offered/compositeresourcedefinition.apiextensions.crossplane.io',
  composite: 'defined/compositeresourcedefinition.apiextensions.crossplane.io',
};

export function specOf(object: KubeObject): JsonObject {
  return isJsonObject(object.spec) ? object.spec : {};
}

function refOf(type: ResourceType, object: KubeObject): ObjectRef {
  return {
    type,
    namespace: object.metadata.namespace,
    name: object.metadata.name ?? '',
  };
}

export interface CrossplaneWriterDependencies {
  registry: ResourceRegistry;
  objects: ObjectService;
  events: EventRecorder;
}

/**
 * What Crossplane's claim and composite controllers write for one reconcile:
 * the bound composite, composed resources, the connection Secret, Events and
 * conditions. When to reconcile is the CrossplaneReconciler's business.
 */
export class CrossplaneWriter {
  constructor(private readonly deps: CrossplaneWriterDependencies) {}

  /** Reports a failed reconcile as Synced=False/ReconcileError plus a Warning event. */
  markFailed(managed: ManagedType, object: KubeObject, message: string) {
    this.setCondition(
      refOf(managed.type, object),
      reconcileErrorCondition(message),
      managed.role,
    );
    this.deps.events.record(object, {
      type: 'Warning',
      reason:
        managed.role === 'claim'
          ? 'ConfigureCompositeResource'
          : 'ComposeResources',
      message,
      component: eventComponents[managed.role],
    });
  }

  syncClaim(claim: KubeObject, managed: ManagedType): ObjectRef[] {
    const { objects, events } = this.deps;
    const compositeType = this.compositeTypeOf(managed.xrd);
    const {
      resourceRef,
      writeConnectionSecretToRef,
      compositeDeletePolicy: _policy,
      ...inherited
    } = specOf(claim);
    const boundName =
      isJsonObject(resourceRef) && typeof resourceRef.name === 'string'
        ? resourceRef.name
        : undefined;
    const compositeName =
      boundName ??
      `${claim.metadata.name}-${stableNameSuffix(claim.metadata.uid ?? '')}`;
    const compositeNamespace = compositeType.namespaced
      ? claim.metadata.namespace
      : undefined;
    const desired: KubeObject = {
      apiVersion: apiVersionOf(compositeType),
      kind: compositeType.kind,
      metadata: {
        name: compositeName,
        ...(compositeNamespace ? { namespace: compositeNamespace } : {}),
        labels: {
          'crossplane.io/claim-name': claim.metadata.name ?? '',
          'crossplane.io/claim-namespace': claim.metadata.namespace ?? '',
          'crossplane.io/composite': compositeName,
        },
      },
      spec: {
        ...inherited,
        claimRef: {
          apiVersion: claim.apiVersion,
          kind: claim.kind,
          name: claim.metadata.name,
          namespace: claim.metadata.namespace,
        },
      },
    };
    const composition = this.requireComposition(desired, managed.xrd);
    const compositionRef = { name: composition.metadata.name };
    desired.spec = { ...specOf(desired), compositionRef };
    const applyComposite = (object: KubeObject) =>
      objects.apply(compositeType, compositeNamespace, compositeName, object, {
        fieldManager: fieldManagers.claim,
        force: true,
      }).object;
    const composite = applyComposite(desired);
    const component = eventComponents.claim;
    events.record(claim, {
      type: 'Normal',
      reason: 'ConfigureCompositeResource',
      message: 'Successfully applied composite resource',
      component,
    });
    if (!boundName) {
      objects.apply(
        managed.type,
        claim.metadata.namespace,
        claim.metadata.name ?? '',
        {
          apiVersion: claim.apiVersion,
          kind: claim.kind,
          metadata: {
            name: claim.metadata.name,
            namespace: claim.metadata.namespace,
          },
          spec: {
            resourceRef: {
              apiVersion: composite.apiVersion,
              kind: composite.kind,
              name: compositeName,
            },
            compositionRef,
          },
        },
        { fieldManager: fieldManagers.claim, force: true },
      );
      events.record(claim, {
        type: 'Normal',
        reason: 'BindCompositeResource',
        message: 'Successfully bound composite resource',
        component,
      });
    }
    const composed = this.compose(
      composition,
      composite,
      claim,
      claim,
      'claim',
    );
    applyComposite({
      ...desired,
      spec: {
        ...specOf(desired),
        resourceRefs: composed.map(ref => ({
          apiVersion: apiVersionOf(ref.type),
          kind: ref.type.kind,
          name: ref.name,
        })),
      },
    });
    let published = false;
    if (
      isJsonObject(writeConnectionSecretToRef) &&
      typeof writeConnectionSecretToRef.name === 'string'
    ) {
      this.publishConnectionSecret(
        claim,
        claim.metadata.namespace,
        writeConnectionSecretToRef.name,
        compositeName,
        managed.xrd,
        'claim',
      );
      published = true;
    }
    const compositeRef = refOf(compositeType, composite);
    for (const ref of composed)
      this.setCondition(ref, syncedCondition, 'claim');
    this.setCondition(compositeRef, syncedCondition, 'claim');
    this.setCondition(
      refOf(managed.type, claim),
      syncedCondition,
      'claim',
      published,
    );
    return [...composed, compositeRef, refOf(managed.type, claim)];
  }

  syncComposite(composite: KubeObject, managed: ManagedType): ObjectRef[] {
    const composition = this.requireComposition(composite, managed.xrd);
    const composed = this.compose(
      composition,
      composite,
      undefined,
      composite,
      'composite',
    );
    this.deps.objects.apply(
      managed.type,
      composite.metadata.namespace,
      composite.metadata.name ?? '',
      {
        apiVersion: composite.apiVersion,
        kind: composite.kind,
        metadata: {
          name: composite.metadata.name,
          ...(composite.metadata.namespace
            ? { namespace: composite.metadata.namespace }
            : {}),
        },
        spec: {
          compositionRef: { name: composition.metadata.name },
          resourceRefs: composed.map(ref => ({
            apiVersion: apiVersionOf(ref.type),
            kind: ref.type.kind,
            name: ref.name,
          })),
        },
      },
      { fieldManager: fieldManagers.composite, force: true },
    );
    const secretRef = specOf(composite).writeConnectionSecretToRef;
    let published = false;
    if (isJsonObject(secretRef) && typeof secretRef.name === 'string') {
      const namespace =
        typeof secretRef.namespace === 'string'
          ? secretRef.namespace
          : composite.metadata.namespace;
      if (!namespace)
        throw new ReconcileError(
          'spec.writeConnectionSecretToRef.namespace is required for a cluster-scoped composite',
        );
      this.publishConnectionSecret(
        composite,
        namespace,
        secretRef.name,
        composite.metadata.name ?? '',
        managed.xrd,
        'composite',
      );
      published = true;
    }
    for (const ref of composed)
      this.setCondition(ref, syncedCondition, 'composite');
    this.setCondition(
      refOf(managed.type, composite),
      syncedCondition,
      'composite',
      published,
    );
    return [...composed, refOf(managed.type, composite)];
  }

  setCondition(
    ref: ObjectRef,
    condition: Omit<Condition, 'lastTransitionTime'>,
    role: CrossplaneRole,
    connectionPublished = false,
  ) {
    if (!ref.type.hasStatusSubresource) return;
    const current = this.deps.objects.find(ref.type, ref.namespace, ref.name);
    if (!current) return;
    const status = isJsonObject(current.status) ? current.status : {};
    this.deps.objects.update(
      ref.type,
      ref.namespace,
      ref.name,
      {
        ...current,
        status: {
          ...status,
          conditions: withCondition(conditionsOf(current), condition),
          ...(connectionPublished
            ? { connectionDetails: { lastPublishedTime: kubeTimestamp() } }
            : {}),
        },
      },
      { subresource: 'status', fieldManager: fieldManagers[role] },
    );
  }

  deleteBoundComposite(claim: KubeObject) {
    const resourceRef = specOf(claim).resourceRef;
    if (
      !isJsonObject(resourceRef) ||
      typeof resourceRef.apiVersion !== 'string' ||
      typeof resourceRef.kind !== 'string'
    )
      return;
    const type = this.deps.registry.findByKind(
      resourceRef.apiVersion,
      resourceRef.kind,
    );
    const name = String(resourceRef.name ?? '');
    const namespace = type?.namespaced ? claim.metadata.namespace : undefined;
    if (type && this.deps.objects.find(type, namespace, name)) {
      this.deps.objects.delete(type, namespace, name);
    }
  }

  private compositeTypeOf(xrd: KubeObject): ResourceType {
    const spec = xrdSpecOf(xrd);
    const version =
      spec.versions?.find(candidate => candidate.referenceable)?.name ??
      spec.versions?.[0]?.name;
    const type = this.deps.registry.findByKind(
      `${spec.group}/${version}`,
      spec.names?.kind ?? '',
    );
    if (!type)
      throw new ReconcileError(
        `composite resource kind ${spec.names?.kind} is not served`,
      );
    return type;
  }

  private requireComposition(
    composite: KubeObject,
    xrd: KubeObject,
  ): KubeObject {
    const compositionType =
      this.deps.registry.findByStorageKey(compositionKey)[0];
    const compositions = compositionType
      ? this.deps.objects.list(compositionType, undefined).items
      : [];
    const composition = selectComposition(
      compositions,
      composite,
      xrdSpecOf(xrd).defaultCompositionRef?.name,
    );
    if (!composition) {
      throw new ReconcileError(
        `cannot select Composition: no compatible Composition found for ${
          composite.kind
        }.${composite.apiVersion.split('/')[0]}`,
      );
    }
    return composition;
  }

  private compose(
    composition: KubeObject,
    composite: KubeObject,
    claim: KubeObject | undefined,
    eventTarget: KubeObject,
    role: CrossplaneRole,
  ): ObjectRef[] {
    const { objects, registry, events } = this.deps;
    const plan = planComposition(composition, composite, claim);
    const component = eventComponents[role];
    if (plan.mode === 'Pipeline') {
      events.record(eventTarget, {
        type: 'Normal',
        reason: 'ComposeResources',
        message: `Composition ${
          composition.metadata.name
        } uses Pipeline mode; function steps are recorded, not run, by the sandbox: ${plan.steps.join(
          ', ',
        )}`,
        component,
      });
      return [];
    }
    const refs = plan.resources.map(resource => {
      const type = ensureComposedType(objects, registry, resource);
      const applied = objects.apply(
        type,
        resource.metadata.namespace,
        resource.metadata.name ?? '',
        resource,
        {
          fieldManager: fieldManagers.composite,
          force: true,
        },
      ).object;
      return refOf(type, applied);
    });
    events.record(eventTarget, {
      type: 'Normal',
      reason: 'ComposeResources',
      message: 'Successfully composed resources',
      component,
    });
    return refs;
  }

  private publishConnectionSecret(
    owner: KubeObject,
    namespace: string | undefined,
    name: string,
    compositeName: string,
    xrd: KubeObject,
    role: CrossplaneRole,
  ) {
    const secretType = this.deps.registry.findByKind('v1', 'Secret');
    if (!secretType) throw new Error('core/v1 Secret is not registered');
    this.deps.objects.apply(
      secretType,
      namespace,
      name,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name,
          namespace,
          ownerReferences: [
            {
              apiVersion: owner.apiVersion,
              kind: owner.kind,
              name: owner.metadata.name ?? '',
              uid: owner.metadata.uid ?? '',
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        type: 'connection.crossplane.io/v1alpha1',
        data: connectionSecretData(
          owner,
          compositeName,
          xrdSpecOf(xrd).connectionSecretKeys,
        ),
      },
      { fieldManager: fieldManagers[role], force: true },
    );
    this.deps.events.record(owner, {
      type: 'Normal',
      reason: 'PublishConnectionSecret',
      message: 'Successfully published connection details',
      component: eventComponents[role],
    });
  }
}
