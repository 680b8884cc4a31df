import type { KubeObject, OwnerReference } from '../kubernetes';
import type { DemoComponent } from './demoCatalog';
import { KUBERNETES_ID_ANNOTATION } from './demoCatalog';
import type { SeededRandom } from './random';
import type { DemoStandards } from './standards';
import { DAY, HOUR, MINUTE } from './time';

export interface WorkloadOptions {
  component: DemoComponent;
  namespace: string;
  registry: string;
  imageTag: string | undefined;
  crashLooping: boolean;
  /** Which workload standards it meets (non-root, a disruption budget). */
  standards?: DemoStandards;
  random: SeededRandom;
  now: number;
}

export interface PodObjects {
  object: KubeObject;
  /** Events about the pod, once it exists (they reference its uid). */
  events(pod: KubeObject): KubeObject[];
}

/**
 * What a Deployment looks like on a cluster once its controllers have run:
 * the sandbox has no controllers, so the ReplicaSet, Pods and every status
 * are written out explicitly.
 */
export interface Workload {
  replicas: number;
  deployment: KubeObject;
  replicaSet(deployment: KubeObject): KubeObject;
  pods(replicaSet: KubeObject): PodObjects[];
  service: KubeObject;
  horizontalPodAutoscaler: KubeObject | undefined;
  podDisruptionBudget: KubeObject | undefined;
}

/** The alphabet Kubernetes uses for generated name suffixes. */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function suffix(random: SeededRandom, length: number): string {
  let result = '';
  for (let index = 0; index < length; index++) {
    result += NAME_ALPHABET[random.int(0, NAME_ALPHABET.length - 1)];
  }
  return result;
}

function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function ownerReference(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

function condition(
  type: string,
  status: 'True' | 'False',
  at: number,
  reason?: string,
  message?: string,
) {
  return {
    type,
    status,
    lastTransitionTime: timestamp(at),
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

function containerPort(component: DemoComponent): number {
  return component.type === 'website' ? 3000 : 8080;
}

export function buildWorkload(options: WorkloadOptions): Workload {
  const { component, namespace, random, now } = options;
  const name = component.name;
  const kubernetesId = component.kubernetesId ?? name;
  const production = component.lifecycle === 'production';
  const replicas = production ? random.pick([2, 3, 3]) : 2;
  const tag = options.imageTag ?? `1.${random.int(2, 24)}.${random.int(0, 9)}`;
  const image = `${options.registry}/${name}:${tag}`;
  const port = containerPort(component);
  const labels = {
    [KUBERNETES_ID_ANNOTATION]: kubernetesId,
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': component.system ?? namespace,
    'app.kubernetes.io/version': tag,
    'app.kubernetes.io/managed-by': 'callboard',
  };
  const selector = { 'app.kubernetes.io/name': name };
  const rolledOutAt = now - random.int(2, 72) * HOUR;
  const templateHash = suffix(random, 10);
  const memory = random.pick(['256Mi', '512Mi', '1Gi']);
  const container = {
    name: 'app',
    image,
    ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
    env: [
      { name: 'SERVICE_NAME', value: name },
      {
        name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
        value: 'http://otel-collector.observability:4317',
      },
    ],
    resources: {
      requests: { cpu: random.pick(['100m', '250m', '500m']), memory },
      limits: { memory },
    },
    readinessProbe: { httpGet: { path: '/healthz', port } },
    livenessProbe: { httpGet: { path: '/healthz', port } },
  };
  // The pod-level setting covers every container, as the kubelet applies it.
  const podSecurity = options.standards?.nonRoot
    ? { securityContext: { runAsNonRoot: true, runAsUser: 10001 } }
    : {};
  const podTemplate = {
    metadata: { labels: { ...labels, 'pod-template-hash': templateHash } },
    spec: { ...podSecurity, containers: [container] },
  };
  const crashingIndex = options.crashLooping ? replicas - 1 : -1;
  const readyReplicas = replicas - (options.crashLooping ? 1 : 0);

  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace,
      labels,
      annotations: {
        'deployment.kubernetes.io/revision': String(random.int(3, 60)),
        ...(component.projectSlug
          ? {
              'backstage.io/source-location': `url:https://github.com/${component.projectSlug}`,
            }
          : {}),
      },
    },
    spec: {
      replicas,
      selector: { matchLabels: selector },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      template: {
        metadata: { labels },
        spec: { ...podSecurity, containers: [container] },
      },
    },
    status: {
      observedGeneration: 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas,
      availableReplicas: readyReplicas,
      ...(readyReplicas < replicas
        ? { unavailableReplicas: replicas - readyReplicas }
        : {}),
      conditions: [
        condition(
          'Available',
          'True',
          rolledOutAt,
          'MinimumReplicasAvailable',
          'Deployment has minimum availability.',
        ),
        condition(
          'Progressing',
          'True',
          rolledOutAt,
          'NewReplicaSetAvailable',
          `ReplicaSet "${name}-${templateHash}" has successfully progressed.`,
        ),
      ],
    },
  };

  const replicaSetName = `${name}-${templateHash}`;
  const replicaSet = (owner: KubeObject): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: replicaSetName,
      namespace,
      labels: { ...labels, 'pod-template-hash': templateHash },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/revision':
          owner.metadata.annotations?.['deployment.kubernetes.io/revision'] ??
          '1',
      },
      ownerReferences: [ownerReference(owner)],
    },
    spec: {
      replicas,
      selector: {
        matchLabels: { ...selector, 'pod-template-hash': templateHash },
      },
      template: podTemplate,
    },
    status: {
      observedGeneration: 1,
      replicas,
      fullyLabeledReplicas: replicas,
      readyReplicas,
      availableReplicas: readyReplicas,
    },
  });

  const podNames = Array.from(
    { length: replicas },
    () => `${replicaSetName}-${suffix(random, 5)}`,
  );
  const restarts = podNames.map((_, index) =>
    index === crashingIndex ? random.int(12, 40) : random.int(0, 1),
  );
  const pods = (owner: KubeObject): PodObjects[] =>
    podNames.map((podName, index) => {
      const startedAt = rolledOutAt + random.int(10, 90) * 1000;
      const crashing = index === crashingIndex;
      const podIp = `10.244.${random.int(0, 3)}.${random.int(2, 250)}`;
      const containerStatus = {
        name: 'app',
        image,
        imageID: `${image}@sha256:${random.hex(64)}`,
        containerID: `containerd://${random.hex(64)}`,
        restartCount: restarts[index],
        started: !crashing,
        ready: !crashing,
        state: crashing
          ? {
              waiting: {
                reason: 'CrashLoopBackOff',
                message: `back-off 5m0s restarting failed container=app pod=${podName}_${namespace}`,
              },
            }
          : { running: { startedAt: timestamp(startedAt) } },
        ...(crashing
          ? {
              lastState: {
                terminated: {
                  exitCode: 1,
                  reason: 'Error',
                  startedAt: timestamp(now - 6 * MINUTE),
                  finishedAt: timestamp(now - 5 * MINUTE),
                },
              },
            }
          : {}),
      };
      const object: KubeObject = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: podName,
          namespace,
          labels: { ...labels, 'pod-template-hash': templateHash },
          ownerReferences: [ownerReference(owner)],
        },
        spec: {
          ...podSecurity,
          containers: [container],
          nodeName: `sandbox-node-${(index % 3) + 1}`,
          restartPolicy: 'Always',
        },
        status: {
          phase: 'Running',
          hostIP: `192.168.0.${(index % 3) + 11}`,
          podIP: podIp,
          podIPs: [{ ip: podIp }],
          startTime: timestamp(startedAt),
          qosClass: 'Burstable',
          conditions: [
            condition('Initialized', 'True', startedAt),
            crashing
              ? condition(
                  'Ready',
                  'False',
                  now - 5 * MINUTE,
                  'ContainersNotReady',
                  'containers with unready status: [app]',
                )
              : condition('Ready', 'True', startedAt + 20 * 1000),
            crashing
              ? condition(
                  'ContainersReady',
                  'False',
                  now - 5 * MINUTE,
                  'ContainersNotReady',
                  'containers with unready status: [app]',
                )
              : condition('ContainersReady', 'True', startedAt + 20 * 1000),
            condition('PodScheduled', 'True', startedAt - 2000),
          ],
          containerStatuses: [containerStatus],
        },
      };
      const events = (pod: KubeObject): KubeObject[] =>
        crashing
          ? [
              {
                apiVersion: 'v1',
                kind: 'Event',
                metadata: {
                  name: `${podName}.${random.hex(16)}`,
                  namespace,
                },
                involvedObject: {
                  apiVersion: 'v1',
                  kind: 'Pod',
                  name: podName,
                  namespace,
                  uid: pod.metadata.uid,
                  fieldPath: 'spec.containers{app}',
                },
                reason: 'BackOff',
                message: 'Back-off restarting failed container app',
                type: 'Warning',
                count: restarts[index],
                firstTimestamp: timestamp(startedAt),
                lastTimestamp: timestamp(now - 5 * MINUTE),
                source: {
                  component: 'kubelet',
                  host: `sandbox-node-${(index % 3) + 1}`,
                },
              },
            ]
          : [];
      return { object, events };
    });

  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels },
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };

  const autoscaled = production && random.chance(0.5);
  const horizontalPodAutoscaler: KubeObject | undefined = autoscaled
    ? {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name, namespace, labels },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: replicas,
          maxReplicas: replicas * 3,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: 70 },
              },
            },
          ],
        },
        status: {
          currentReplicas: replicas,
          desiredReplicas: replicas,
          lastScaleTime: timestamp(now - random.int(1, 6) * DAY),
          currentMetrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                current: { averageUtilization: random.int(25, 65) },
              },
            },
          ],
          conditions: [
            condition('AbleToScale', 'True', rolledOutAt, 'ReadyForNewScale'),
            condition('ScalingActive', 'True', rolledOutAt, 'ValidMetricFound'),
            condition(
              'ScalingLimited',
              'False',
              rolledOutAt,
              'DesiredWithinRange',
            ),
          ],
        },
      }
    : undefined;

  const podDisruptionBudget: KubeObject | undefined = options.standards
    ?.disruptionBudget
    ? {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name, namespace, labels },
        spec: { minAvailable: 1, selector: { matchLabels: selector } },
        status: {
          observedGeneration: 1,
          currentHealthy: readyReplicas,
          desiredHealthy: 1,
          disruptionsAllowed: Math.max(readyReplicas - 1, 0),
          expectedPods: replicas,
        },
      }
    : undefined;

  return {
    replicas,
    deployment,
    replicaSet,
    pods,
    service,
    horizontalPodAutoscaler,
    podDisruptionBudget,
  };
}
