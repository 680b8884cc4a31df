import {
  KubernetesObject,
  SourcedKubernetesObject,
  ValidationIssue,
  describeObject,
  isRecord,
} from './types';

export type WorkloadPolicy = {
  /** Registry prefix every container image must start with, e.g. `registry.example/`. */
  approvedRegistry: string;
  /** Labels every object and every pod template must carry with a non-empty value. */
  requiredLabels: string[];
};

export const defaultRequiredLabels = [
  'app.kubernetes.io/name',
  'owner',
  'cost-center',
];

const workloadKinds = new Set(['Deployment', 'StatefulSet']);

/**
 * The platform's deployment guarantees, checked on a complete set of
 * manifests (one kustomize overlay, or one chart render): labels everywhere,
 * requests and limits, probes, non-root pods, approved images, and for every
 * workload an autoscaler and a disruption budget that actually select it.
 */
export function checkWorkloadPolicy(
  objects: SourcedKubernetesObject[],
  policy: WorkloadPolicy,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const workloads = objects.filter(({ object }) =>
    workloadKinds.has(object.kind),
  );
  for (const { source, object } of objects) {
    for (const label of missingLabels(object.metadata.labels, policy)) {
      issues.push({
        file: source,
        problem: `${describeObject(object)} lacks the label '${label}'`,
      });
    }
  }
  if (workloads.length === 0) {
    const source = objects[0]?.source ?? 'manifests';
    issues.push({ file: source, problem: 'contains no Deployment' });
  }
  for (const workload of workloads) {
    issues.push(...checkWorkload(workload, objects, policy));
  }
  return issues;
}

function checkWorkload(
  { source, object }: SourcedKubernetesObject,
  objects: SourcedKubernetesObject[],
  policy: WorkloadPolicy,
): ValidationIssue[] {
  const problems: string[] = [];
  const template = readPath(object, ['spec', 'template']);
  const podLabels = readStringMap(readPath(template, ['metadata', 'labels']));
  const podSpec = readPath(template, ['spec']);
  for (const label of missingLabels(podLabels, policy)) {
    problems.push(`pod template lacks the label '${label}'`);
  }
  const containers = readArray(readPath(podSpec, ['containers']));
  const initContainers = readArray(readPath(podSpec, ['initContainers']));
  if (!isRunAsNonRoot(podSpec, containers)) {
    problems.push('pods must set securityContext.runAsNonRoot: true');
  }
  for (const container of [...initContainers, ...containers]) {
    problems.push(...checkContainer(container, policy));
  }
  for (const container of containers) {
    const name = String(readPath(container, ['name']));
    for (const probe of ['readinessProbe', 'livenessProbe']) {
      if (!isRecord(readPath(container, [probe]))) {
        problems.push(`container '${name}' has no ${probe}`);
      }
    }
  }
  if (!objects.some(other => isAutoscalerFor(other.object, object))) {
    problems.push('no HorizontalPodAutoscaler targets it');
  }
  if (!objects.some(other => isDisruptionBudgetFor(other.object, podLabels))) {
    problems.push('no PodDisruptionBudget selects its pods');
  }
  return problems.map(problem => ({
    file: source,
    problem: `${describeObject(object)}: ${problem}`,
  }));
}

function checkContainer(container: unknown, policy: WorkloadPolicy): string[] {
  const problems: string[] = [];
  const name = String(readPath(container, ['name']));
  const image = readPath(container, ['image']);
  if (typeof image !== 'string' || !image.startsWith(policy.approvedRegistry)) {
    problems.push(
      `container '${name}' image '${String(
        image,
      )}' is not from the approved registry ${policy.approvedRegistry}`,
    );
  } else if (!hasPinnedTag(image)) {
    problems.push(
      `container '${name}' image '${image}' must be pinned to a tag other than latest, or a digest`,
    );
  }
  for (const kind of ['requests', 'limits']) {
    for (const resource of ['cpu', 'memory']) {
      const value = readPath(container, ['resources', kind, resource]);
      if (value === undefined || value === null || value === '') {
        problems.push(`container '${name}' has no ${kind}.${resource}`);
      }
    }
  }
  return problems;
}

function hasPinnedTag(image: string): boolean {
  if (image.includes('@sha256:')) {
    return true;
  }
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const separator = lastSegment.lastIndexOf(':');
  return separator > 0 && lastSegment.slice(separator + 1) !== 'latest';
}

function isRunAsNonRoot(podSpec: unknown, containers: unknown[]): boolean {
  if (readPath(podSpec, ['securityContext', 'runAsNonRoot']) === true) {
    return true;
  }
  return (
    containers.length > 0 &&
    containers.every(
      container =>
        readPath(container, ['securityContext', 'runAsNonRoot']) === true,
    )
  );
}

function isAutoscalerFor(
  candidate: KubernetesObject,
  workload: KubernetesObject,
): boolean {
  if (candidate.kind !== 'HorizontalPodAutoscaler') {
    return false;
  }
  const target = readPath(candidate, ['spec', 'scaleTargetRef']);
  return (
    readPath(target, ['kind']) === workload.kind &&
    readPath(target, ['name']) === workload.metadata.name &&
    sameNamespace(candidate, workload)
  );
}

function isDisruptionBudgetFor(
  candidate: KubernetesObject,
  podLabels: Record<string, string>,
): boolean {
  if (candidate.kind !== 'PodDisruptionBudget') {
    return false;
  }
  const matchLabels = readStringMap(
    readPath(candidate, ['spec', 'selector', 'matchLabels']),
  );
  const entries = Object.entries(matchLabels);
  return (
    entries.length > 0 &&
    entries.every(([key, value]) => podLabels[key] === value)
  );
}

function sameNamespace(a: KubernetesObject, b: KubernetesObject): boolean {
  return (a.metadata.namespace ?? '') === (b.metadata.namespace ?? '');
}

function missingLabels(
  labels: Record<string, string> | undefined,
  policy: WorkloadPolicy,
): string[] {
  return policy.requiredLabels.filter(
    label => typeof labels?.[label] !== 'string' || labels[label] === '',
  );
}

function readPath(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) {
      return undefined;
    }
    current = current[key];
  }
  return current;
}

function readArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function readStringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) {
    return {};
  }
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}
