import type { ClusterObjects } from '@callboard/kubernetes-access';
import {
  ClaimStatus,
  Condition,
  ResourceNode,
  StatusEvent,
} from '@callboard/plugin-infrastructure-common';
import type { KubernetesObject } from '@kubernetes/client-node';
import { stringify as stringifyYaml } from 'yaml';
import { kubeStatusOf } from './apiErrors';

interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

type Crossplane = KubernetesObject & {
  spec?: {
    resourceRef?: ObjectRef;
    resourceRefs?: ObjectRef[];
    writeConnectionSecretToRef?: { name: string; namespace?: string };
    crossplane?: {
      resourceRefs?: ObjectRef[];
      writeConnectionSecretToRef?: { name: string; namespace?: string };
    };
    publishConnectionDetailsTo?: { name: string };
    parameters?: Record<string, unknown>;
  };
  status?: { conditions?: Condition[] };
};

export function conditionOf(
  object: { status?: { conditions?: Condition[] } } | undefined,
  type: string,
): Condition | undefined {
  return object?.status?.conditions?.find(c => c.type === type);
}

/** Composite of a claim (v1), or composed resources of a composite (v1 or v2). */
function childRefs(object: Crossplane): ObjectRef[] {
  const spec = object.spec ?? {};
  if (spec.resourceRef) return [spec.resourceRef];
  return spec.crossplane?.resourceRefs ?? spec.resourceRefs ?? [];
}

const MAX_DEPTH = 5;

async function readOptional(
  objects: ClusterObjects,
  ref: ObjectRef,
): Promise<Crossplane | undefined> {
  try {
    return (await objects.read({
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      metadata: { name: ref.name, namespace: ref.namespace },
    })) as Crossplane;
  } catch (error) {
    if (kubeStatusOf(error)?.code === 404) return undefined;
    // client-node's discovery does not know a kind no CRD serves (yet).
    if (/^Unrecognized API version and kind/.test((error as Error).message)) {
      return undefined;
    }
    throw error;
  }
}

async function nodeFor(
  objects: ClusterObjects,
  ref: ObjectRef,
  object: Crossplane | undefined,
  depth: number,
): Promise<ResourceNode> {
  const ready = conditionOf(object, 'Ready');
  const children: ResourceNode[] = [];
  if (object && depth < MAX_DEPTH) {
    for (const child of childRefs(object)) {
      // Namespaced kinds without a namespace in the ref live beside their parent;
      // client-node drops the namespace for cluster-scoped kinds.
      const childRef = {
        ...child,
        namespace: child.namespace ?? object.metadata?.namespace,
      };
      children.push(
        await nodeFor(
          objects,
          childRef,
          await readOptional(objects, childRef),
          depth + 1,
        ),
      );
    }
  }
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    name: ref.name,
    ...(ref.namespace ? { namespace: ref.namespace } : {}),
    ready: object
      ? (ready?.status as ResourceNode['ready'] | undefined) ?? 'Unknown'
      : 'Unknown',
    ...(ready?.reason ? { reason: ready.reason } : {}),
    ...(object && ready?.message ? { message: ready.message } : {}),
    ...(object ? {} : { message: 'not found in the cluster' }),
    children,
  };
}

/** `Kind/name` of the leaves of the tree that are not Ready. */
export function unreadyLeavesOf(node: ResourceNode): string[] {
  if (node.children.length === 0) {
    return node.ready === 'True' ? [] : [`${node.kind}/${node.name}`];
  }
  return node.children.flatMap(unreadyLeavesOf);
}

function withoutManagedFields(object: KubernetesObject): KubernetesObject {
  const { managedFields: _managed, ...metadata } = object.metadata ?? {};
  return { ...object, metadata };
}

/**
 * Everything the Status tab shows about one claim or composite, read live.
 * The connection Secret is named and its keys listed from the XRD's
 * `connectionSecretKeys`: the Secret itself is never read.
 */
export async function readClaimStatus(options: {
  objects: ClusterObjects;
  cluster: string;
  environment?: string;
  ref: ObjectRef;
  connectionSecretKeys: string[];
}): Promise<ClaimStatus | undefined> {
  const { objects, ref } = options;
  const object = await readOptional(objects, ref);
  if (!object) return undefined;
  const tree = await nodeFor(objects, ref, object, 0);
  const events = await objects.list(
    'v1',
    'Event',
    ref.namespace,
    undefined,
    undefined,
    undefined,
    `involvedObject.name=${ref.name},involvedObject.kind=${ref.kind}`,
  );
  // Where Crossplane writes the connection details, as the object itself says (v1 claim,
  // v2 composite, or a publishConnectionDetailsTo store); the Secret is never read.
  const secretRef: { name: string; namespace?: string } | undefined =
    object.spec?.writeConnectionSecretToRef ??
    object.spec?.crossplane?.writeConnectionSecretToRef ??
    object.spec?.publishConnectionDetailsTo;
  return {
    cluster: options.cluster,
    environment: options.environment,
    object: ref,
    synced: conditionOf(object, 'Synced'),
    ready: conditionOf(object, 'Ready'),
    events: (
      events.items as Array<
        KubernetesObject & Partial<StatusEvent> & { eventTime?: string }
      >
    )
      .map(event => ({
        type: event.type ?? 'Normal',
        reason: event.reason ?? '',
        message: event.message ?? '',
        count: event.count,
        lastTimestamp: event.lastTimestamp
          ? new Date(event.lastTimestamp).toISOString()
          : undefined,
      }))
      .sort((a, b) =>
        (b.lastTimestamp ?? '').localeCompare(a.lastTimestamp ?? ''),
      ),
    tree,
    unreadyLeaves: unreadyLeavesOf(tree),
    connectionSecret: secretRef
      ? {
          name: secretRef.name,
          namespace: secretRef.namespace ?? ref.namespace,
          keys: options.connectionSecretKeys,
        }
      : undefined,
    parameters: object.spec?.parameters ?? {},
    yaml: stringifyYaml(withoutManagedFields(object)),
  };
}
