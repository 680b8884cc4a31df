/** One problem found in a rendered file; `file` is relative to the rendered root. */
export type ValidationIssue = {
  file: string;
  problem: string;
};

/** A Kubernetes object as read from YAML, before any schema validation. */
export type KubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  [key: string]: unknown;
};

/** A Kubernetes object together with the file (or render source) it came from. */
export type SourcedKubernetesObject = {
  source: string;
  object: KubernetesObject;
};

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isKubernetesObject(value: unknown): value is KubernetesObject {
  return (
    isRecord(value) &&
    typeof value.apiVersion === 'string' &&
    typeof value.kind === 'string' &&
    isRecord(value.metadata) &&
    typeof value.metadata.name === 'string'
  );
}

export function describeObject(object: KubernetesObject): string {
  return `${object.kind} '${object.metadata.name}'`;
}

export function formatValidationIssues(issues: ValidationIssue[]): string {
  return issues.map(issue => `  - ${issue.file}: ${issue.problem}`).join('\n');
}
