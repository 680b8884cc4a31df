import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { KubernetesClusters } from '@callboard/kubernetes-access';
import { KubernetesSandbox, startKubernetesServer } from '@callboard/sandbox';
import {
  sandboxClusterConfig,
  unreachableClusterConfig,
} from '@callboard/sandbox/testUtils';
import net from 'node:net';

export function service(
  name: string,
  annotations: Record<string, string> = {
    'backstage.io/kubernetes-id': name,
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
  };
}

/** A Deployment that meets every standard, unless `overrides` break one. */
export function deployment(
  name: string,
  namespace: string,
  overrides: { image?: string; runAsNonRoot?: boolean; replicas?: number } = {},
) {
  const labels = {
    'backstage.io/kubernetes-id': name,
    'app.kubernetes.io/name': name,
    owner: 'team-a',
    'cost-center': 'cc-1',
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: overrides.replicas ?? 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels },
        spec: {
          securityContext: { runAsNonRoot: overrides.runAsNonRoot ?? true },
          containers: [
            {
              name: 'app',
              image: overrides.image ?? `ghcr.io/tidewater/${name}:1.0.0`,
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { memory: '256Mi' },
              },
              readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
              livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
            },
          ],
        },
      },
    },
  };
}

/** A budget without the entity's label: it counts because it selects the pods. */
export function budget(name: string, namespace: string) {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {
      name: `${name}-budget`,
      namespace,
      labels: {
        'app.kubernetes.io/name': name,
        owner: 'team-a',
        'cost-center': 'cc-1',
      },
    },
    spec: {
      minAvailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
    },
  };
}

export function namespaceObject(name: string, costCenter = true) {
  const labels: Record<string, string> = costCenter
    ? { 'cost-center': 'cc-1' }
    : {};
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A URL nothing listens on: a port that was free a moment ago. */
export async function closedUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return `https://127.0.0.1:${port}`;
}

export function clustersFor(
  sandboxes: Array<{ name: string; sandbox?: KubernetesSandbox; url?: string }>,
): KubernetesClusters {
  return KubernetesClusters.fromConfig(
    new ConfigReader({
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: sandboxes.map(({ name, sandbox, url }) =>
              sandbox
                ? sandboxClusterConfig(name, sandbox)
                : unreachableClusterConfig(name, url),
            ),
          },
        ],
      },
    }),
  );
}

export const startCluster = () =>
  startKubernetesServer({ tls: true, port: 0, reconcileDelayMs: 10 });
