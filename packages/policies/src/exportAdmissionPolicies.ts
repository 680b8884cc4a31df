import { stringify } from 'yaml';
import { PolicySet } from './PolicySet';
import { KubernetesObject } from './types';

export type AdmissionExportOptions = {
  /**
   * Namespaces the bindings leave alone, matched by the
   * `kubernetes.io/metadata.name` label every namespace has. Default: the
   * cluster's own (kube-system, kube-public, kube-node-lease).
   */
  excludedNamespaces?: string[];
  /** What a violation does; default `['Deny']`. `['Warn', 'Audit']` to try the policies out first. */
  validationActions?: Array<'Deny' | 'Warn' | 'Audit'>;
};

export type AdmissionExport = {
  /** Namespaces and params the bindings reference, the policies, then their bindings, in apply order. */
  documents: KubernetesObject[];
  /** Policies that admission cannot evaluate, with why. */
  skipped: Array<{ policy: string; reason: string }>;
};

const defaultExcludedNamespaces = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

/**
 * Turns a policy set into what a cluster applies to enforce it at
 * admission: each `object`-scoped policy as written, a
 * ValidatingAdmissionPolicyBinding per policy that references the same
 * params object, and that params object (with its Namespace). `object-set`
 * policies read other objects, which admission of one object cannot see;
 * they are listed in `skipped`.
 */
export function exportAdmissionPolicies(
  set: PolicySet,
  options: AdmissionExportOptions = {},
): AdmissionExport {
  const excludedNamespaces =
    options.excludedNamespaces ?? defaultExcludedNamespaces;
  const validationActions = options.validationActions ?? ['Deny'];
  const skipped: AdmissionExport['skipped'] = [];
  const policies: KubernetesObject[] = [];
  const bindings: KubernetesObject[] = [];
  const params = new Map<string, KubernetesObject>();

  for (const policy of set.policies) {
    if (policy.scope === 'object-set') {
      skipped.push({
        policy: policy.name,
        reason:
          'reads `objects` (other objects of the set), which admission of one object cannot see',
      });
      continue;
    }
    policies.push(policy.manifest);
    const paramsObject = set.paramsFor(policy.name);
    if (paramsObject) {
      params.set(identity(paramsObject), paramsObject);
    }
    bindings.push({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: {
        name: policy.name,
        labels: { 'app.kubernetes.io/managed-by': 'callboard-policies' },
      },
      spec: {
        policyName: policy.name,
        validationActions,
        ...(paramsObject
          ? {
              paramRef: {
                name: paramsObject.metadata.name,
                ...(paramsObject.metadata.namespace
                  ? { namespace: paramsObject.metadata.namespace }
                  : {}),
                parameterNotFoundAction: 'Deny',
              },
            }
          : {}),
        ...(excludedNamespaces.length > 0
          ? {
              matchResources: {
                namespaceSelector: {
                  matchExpressions: [
                    {
                      key: 'kubernetes.io/metadata.name',
                      operator: 'NotIn',
                      values: excludedNamespaces,
                    },
                  ],
                },
              },
            }
          : {}),
      },
    });
  }

  const namespaces = [
    ...new Set(
      [...params.values()]
        .map(object => object.metadata.namespace)
        .filter((name): name is string => Boolean(name)),
    ),
  ].map(
    (name): KubernetesObject => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    }),
  );
  return {
    documents: [...namespaces, ...params.values(), ...policies, ...bindings],
    skipped,
  };
}

/** Multi-document YAML, as `kubectl apply -f` reads it. */
export function stringifyManifests(documents: KubernetesObject[]): string {
  return documents
    .map(document => stringify(document, { lineWidth: 0 }))
    .join('---\n');
}

function identity(object: KubernetesObject): string {
  return `${object.apiVersion}/${object.kind}/${
    object.metadata.namespace ?? ''
  }/${object.metadata.name}`;
}
