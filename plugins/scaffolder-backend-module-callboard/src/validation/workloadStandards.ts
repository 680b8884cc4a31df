import { PolicySet } from '@callboard/policies';
import {
  SourcedKubernetesObject,
  ValidationIssue,
  describeObject,
} from './types';

const workloadKinds = new Set(['Deployment', 'StatefulSet']);

/**
 * Checks one complete set of manifests (a kustomize overlay, or a chart
 * render) against the platform's workload standards from
 * `@callboard/policies`: the same CEL that scorecards score live workloads
 * with and that clusters enforce at admission. A standard that cannot be
 * decided from the rendered files (the Namespace's labels when the repository
 * does not declare its Namespace) is left to the cluster, not failed here.
 */
export function checkWorkloadStandards(
  objects: SourcedKubernetesObject[],
  standards: PolicySet,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!objects.some(({ object }) => workloadKinds.has(object.kind))) {
    issues.push({
      file: objects[0]?.source ?? 'manifests',
      problem: 'contains no Deployment',
    });
  }
  const results = standards.evaluate({
    objects: objects.map(({ object }) => object),
    namespaces: objects
      .map(({ object }) => object)
      .filter(object => object.kind === 'Namespace'),
  });
  for (const result of results) {
    if (result.outcome !== 'fail') {
      continue;
    }
    const { source, object } = objects[result.objectIndex];
    issues.push({
      file: source,
      problem: `${describeObject(object)}: ${result.message ?? result.title}`,
    });
  }
  return issues;
}
