import crypto from 'node:crypto';
import { isJsonObject, JsonObject, KubeObject } from '../types';

function objectAt(parent: JsonObject, name: string): JsonObject {
  if (!isJsonObject(parent[name])) parent[name] = {};
  return parent[name] as JsonObject;
}

function eachPodSpec(object: JsonObject, visit: (podSpec: JsonObject) => void) {
  const spec = object.spec;
  if (!isJsonObject(spec)) return;
  if (object.kind === 'Pod') {
    visit(spec);
    return;
  }
  const template = isJsonObject(spec.jobTemplate)
    ? spec.jobTemplate.spec
    : spec;
  if (
    isJsonObject(template) &&
    isJsonObject(template.template) &&
    isJsonObject(template.template.spec)
  ) {
    visit(template.template.spec);
  }
}

function defaultPortProtocols(ports: unknown) {
  if (!Array.isArray(ports)) return;
  for (const port of ports) {
    if (isJsonObject(port) && port.protocol === undefined)
      port.protocol = 'TCP';
  }
}

/**
 * Defaults for list-map key fields. Server-side apply defaults these in the
 * applied configuration too, so `ports` items from different writers match.
 */
export function defaultListMapKeys(object: JsonObject): void {
  eachPodSpec(object, podSpec => {
    for (const listName of ['containers', 'initContainers']) {
      const containers = podSpec[listName];
      if (!Array.isArray(containers)) continue;
      for (const container of containers) {
        if (isJsonObject(container)) defaultPortProtocols(container.ports);
      }
    }
  });
  if (object.kind === 'Service' && isJsonObject(object.spec)) {
    defaultPortProtocols(object.spec.ports);
  }
}

function clusterIpFor(object: KubeObject): string {
  const digest = crypto
    .createHash('sha256')
    .update(`${object.metadata.namespace}/${object.metadata.name}`)
    .digest();
  return `10.96.${digest[0]}.${(digest[1] % 253) + 1}`;
}

/**
 * The handful of defaults and server-populated fields that clients and the
 * Backstage kubernetes plugin read back (service IPs, pod phase, namespace
 * phase); not the full defaulting of a real API server.
 */
export function applyBuiltinDefaults(
  object: KubeObject,
  creating: boolean,
): void {
  defaultListMapKeys(object);
  switch (object.kind) {
    case 'Namespace':
      if (creating) {
        object.metadata.labels = {
          ...object.metadata.labels,
          'kubernetes.io/metadata.name': object.metadata.name ?? '',
        };
        objectAt(object, 'spec').finalizers ??= ['kubernetes'];
        object.status = { phase: 'Active' };
      }
      break;
    case 'Secret':
      object.type ??= 'Opaque';
      if (isJsonObject(object.stringData)) {
        const data = objectAt(object, 'data');
        for (const [key, value] of Object.entries(object.stringData)) {
          data[key] = Buffer.from(String(value)).toString('base64');
        }
        delete object.stringData;
      }
      break;
    case 'Service': {
      const spec = objectAt(object, 'spec');
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      if (Array.isArray(spec.ports)) {
        for (const port of spec.ports) {
          if (isJsonObject(port)) port.targetPort ??= port.port;
        }
      }
      if (spec.type !== 'ExternalName' && spec.clusterIP === undefined) {
        spec.clusterIP = clusterIpFor(object);
        spec.clusterIPs = [spec.clusterIP];
      }
      break;
    }
    case 'Pod':
      if (creating) object.status = { phase: 'Pending' };
      break;
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
      objectAt(object, 'spec').replicas ??= 1;
      break;
    default:
      break;
  }
}
