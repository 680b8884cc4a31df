import { LabelSelector, MatchResources, ResourceRule } from './schema';
import { AdmissionOperation, KubernetesObject } from './types';

/** group, version and resource of an object, as an admission request names them. */
export type GroupVersionResource = {
  group: string;
  version: string;
  resource: string;
};

export function groupVersionResource(
  object: KubernetesObject,
): GroupVersionResource {
  const slash = object.apiVersion.indexOf('/');
  const group = slash === -1 ? '' : object.apiVersion.slice(0, slash);
  const version =
    slash === -1 ? object.apiVersion : object.apiVersion.slice(slash + 1);
  return { group, version, resource: guessResource(object.kind) };
}

/**
 * The resource (plural) of a kind, by the rule client-go uses when it has no
 * discovery (meta.UnsafeGuessKindToResource): lower-case, then `-s` → `-ses`,
 * `-y` → `-ies`, else `+s`. Right for every kind the policies match.
 */
export function guessResource(kind: string): string {
  const singular = kind.toLowerCase();
  if (singular.endsWith('s')) {
    return `${singular}es`;
  }
  if (singular.endsWith('y')) {
    return `${singular.slice(0, -1)}ies`;
  }
  return `${singular}s`;
}

function ruleMatches(
  rule: ResourceRule,
  gvr: GroupVersionResource,
  operation: AdmissionOperation,
  name: string | undefined,
): boolean {
  const includes = (list: string[], value: string) =>
    list.includes('*') || list.includes(value);
  return (
    includes(rule.apiGroups, gvr.group) &&
    includes(rule.apiVersions, gvr.version) &&
    (includes(rule.resources, gvr.resource) ||
      rule.resources.includes('*/*')) &&
    includes(rule.operations, operation) &&
    (!rule.resourceNames?.length ||
      (name !== undefined && rule.resourceNames.includes(name)))
  );
}

export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) {
    return true;
  }
  const actual = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (actual[key] !== value) {
      return false;
    }
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ??
    []) {
    const present = Object.prototype.hasOwnProperty.call(actual, key);
    const matches =
      (operator === 'Exists' && present) ||
      (operator === 'DoesNotExist' && !present) ||
      (operator === 'In' && present && values.includes(actual[key])) ||
      (operator === 'NotIn' && !(present && values.includes(actual[key])));
    if (!matches) {
      return false;
    }
  }
  return true;
}

/**
 * Whether matchConstraints' resource rules and object selector select an
 * object, as the API server decides it before any expression runs. The
 * namespaceSelector needs the object's Namespace, which the caller has.
 */
export function matchConstraintsSelect(
  constraints: MatchResources,
  object: KubernetesObject,
  operation: AdmissionOperation,
): boolean {
  const gvr = groupVersionResource(object);
  const name = object.metadata.name;
  return (
    constraints.resourceRules.some(rule =>
      ruleMatches(rule, gvr, operation, name),
    ) &&
    !(constraints.excludeResourceRules ?? []).some(rule =>
      ruleMatches(rule, gvr, operation, name),
    ) &&
    selectorMatches(constraints.objectSelector, object.metadata.labels)
  );
}
