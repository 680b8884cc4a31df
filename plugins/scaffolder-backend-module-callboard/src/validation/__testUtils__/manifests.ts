import { KubernetesObject, SourcedKubernetesObject } from '../types';

export const approvedRegistry = 'registry.tidewater.example/';

export const serviceLabels = {
  'app.kubernetes.io/name': 'payments-api',
  owner: 'team-payments',
  'cost-center': 'payments',
};

export type ContainerFixture = {
  name: string;
  image?: string;
  resources: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
  readinessProbe?: Record<string, unknown>;
  livenessProbe?: Record<string, unknown>;
};

export type DeploymentFixture = KubernetesObject & {
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    replicas?: unknown;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        securityContext?: { runAsNonRoot?: boolean };
        containers: ContainerFixture[];
      };
    };
  };
};

export type AutoscalerFixture = KubernetesObject & {
  spec: {
    scaleTargetRef: { apiVersion: string; kind: string; name: string };
    minReplicas: number;
    maxReplicas: number;
  };
};

export function deployment(): DeploymentFixture {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'payments-api', labels: { ...serviceLabels } },
    spec: {
      selector: {
        matchLabels: { 'app.kubernetes.io/name': 'payments-api' },
      },
      template: {
        metadata: { labels: { ...serviceLabels } },
        spec: {
          securityContext: { runAsNonRoot: true },
          containers: [
            {
              name: 'app',
              image: `${approvedRegistry}tidewater/payments-api:0.1.0`,
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { cpu: '500m', memory: '256Mi' },
              },
              readinessProbe: { httpGet: { path: '/readyz', port: 'http' } },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
            },
          ],
        },
      },
    },
  };
}

export function autoscaler(): AutoscalerFixture {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'payments-api', labels: { ...serviceLabels } },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'payments-api',
      },
      minReplicas: 2,
      maxReplicas: 6,
    },
  };
}

export function disruptionBudget(): KubernetesObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'payments-api', labels: { ...serviceLabels } },
    spec: {
      maxUnavailable: 1,
      selector: {
        matchLabels: { 'app.kubernetes.io/name': 'payments-api' },
      },
    },
  };
}

export function service(): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'payments-api', labels: { ...serviceLabels } },
    spec: {
      selector: { 'app.kubernetes.io/name': 'payments-api' },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  };
}

/** A deployment with everything the policy asks for, and handles to change it. */
export function compliantSet() {
  const parts = {
    deployment: deployment(),
    autoscaler: autoscaler(),
    disruptionBudget: disruptionBudget(),
    service: service(),
  };
  const objects: SourcedKubernetesObject[] = Object.values(parts).map(
    object => ({ source: `deploy/${object.kind.toLowerCase()}.yaml`, object }),
  );
  return {
    ...parts,
    container: parts.deployment.spec.template.spec.containers[0],
    objects,
  };
}
