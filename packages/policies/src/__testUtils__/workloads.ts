import { KubernetesObject } from '../types';

const labels = {
  'app.kubernetes.io/name': 'payments-api',
  owner: 'team-payments',
  'cost-center': 'payments',
};

export type Container = {
  name: string;
  image?: string;
  securityContext?: { runAsNonRoot?: boolean };
  resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
  readinessProbe?: Record<string, unknown>;
  livenessProbe?: Record<string, unknown>;
};

export type Deployment = KubernetesObject & {
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: {
    replicas?: unknown;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        securityContext?: { runAsNonRoot?: boolean };
        containers: Container[];
        initContainers?: Container[];
      };
    };
  };
};

export type Autoscaler = KubernetesObject & {
  spec: {
    scaleTargetRef: { apiVersion: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
  };
};

export type Budget = KubernetesObject & {
  spec: {
    maxUnavailable: number;
    selector: { matchLabels: Record<string, string> };
  };
};

/**
 * What the golden path renders for one service, plus its Namespace: every
 * policy passes. Tests change one part to break one standard.
 */
export function compliantWorkload() {
  const namespace: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'payments', labels: { 'cost-center': 'payments' } },
  };
  const container: Container = {
    name: 'app',
    image: 'registry.tidewater.example/tidewater/payments-api:0.1.0',
    resources: {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    },
    readinessProbe: { httpGet: { path: '/readyz', port: 'http' } },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
  };
  const deployment: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'payments-api',
      namespace: 'payments',
      labels: { ...labels },
    },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'payments-api' } },
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          securityContext: { runAsNonRoot: true },
          containers: [container],
        },
      },
    },
  };
  const autoscaler: Autoscaler = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: 'payments-api',
      namespace: 'payments',
      labels: { ...labels },
    },
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
  const budget: Budget = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {
      name: 'payments-api',
      namespace: 'payments',
      labels: { ...labels },
    },
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'payments-api' } },
    },
  };
  const service: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'payments-api',
      namespace: 'payments',
      labels: { ...labels },
    },
    spec: {
      selector: { 'app.kubernetes.io/name': 'payments-api' },
      ports: [{ port: 80 }],
    },
  };
  const serviceAccount: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: 'payments-api',
      namespace: 'payments',
      labels: { ...labels },
    },
  };
  return {
    namespace,
    deployment,
    container,
    autoscaler,
    budget,
    service,
    serviceAccount,
    get objects(): KubernetesObject[] {
      return [deployment, autoscaler, budget, service, serviceAccount];
    },
  };
}

export type Workload = ReturnType<typeof compliantWorkload>;
