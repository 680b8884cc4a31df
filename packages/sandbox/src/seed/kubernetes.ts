import type { KubeObject, KubernetesSandboxStore } from '../kubernetes';
import { loadCrossplaneManifests } from './crossplaneManifests';
import { databaseClaimsOf, mysqlCompositesOf } from './databaseClaims';
import { KUBERNETES_ID_ANNOTATION, loadDemoCatalog } from './demoCatalog';
import type { DemoComponent } from './demoCatalog';
import { SeededRandom } from './random';
import { DEFAULT_SEED, DEMO_ORGANIZATION } from './seedDemoOrganization';
import { NAMESPACE_COST_CENTERS, demoStandardsOf } from './standards';
import { buildWorkload } from './workloads';
import type { Workload } from './workloads';

export interface SeedDemoClusterOptions {
  /** A running Kubernetes sandbox, or anything exposing its object store. */
  kubernetes: { store: KubernetesSandboxStore };
  seed?: string;
  catalogDir?: string;
  rootCatalogInfoFile?: string | false;
  /**
   * Component name → image tag, e.g. the commit production runs in the
   * GitHub seed; components without one get a version-like tag.
   */
  imageTags?: Record<string, string>;
  /** Reference time for container start times and restarts; defaults to now. */
  now?: Date;
  /**
   * Whether to create the demo's databases (a claim per PostgreSQL database,
   * a namespaced composite per MySQL one). Defaults to true.
   */
  databases?: boolean;
}

export interface SeedDemoClusterResult {
  namespaces: string[];
  /** `backstage.io/kubernetes-id` values that have workloads. */
  workloads: string[];
  /** The workload with a pod in CrashLoopBackOff. */
  crashLooping: string | undefined;
  counts: {
    deployments: number;
    replicaSets: number;
    pods: number;
    services: number;
    horizontalPodAutoscalers: number;
    databaseClaims: number;
  };
}

const FIELD_MANAGER = 'callboard-sandbox-seed';

/** Namespaces that mark a cluster as seeded: one per catalog system. */
export function isDemoClusterSeeded(
  store: KubernetesSandboxStore,
  options: Pick<
    SeedDemoClusterOptions,
    'catalogDir' | 'rootCatalogInfoFile'
  > = {},
): boolean {
  const catalog = loadDemoCatalog(options);
  return catalog.systems.every(
    system => store.get('v1', 'Namespace', system.name) !== undefined,
  );
}

function runsOnKubernetes(component: DemoComponent): boolean {
  return (
    component.kubernetesId !== undefined &&
    (component.type === 'service' || component.type === 'website')
  );
}

/** Experimental services break most; one of them crash-loops. */
function crashLoopCandidate(
  components: readonly DemoComponent[],
  random: SeededRandom,
): DemoComponent | undefined {
  const experimental = components.filter(c => c.lifecycle === 'experimental');
  const candidates = experimental.length > 0 ? experimental : components;
  return candidates.length > 0 ? random.pick(candidates) : undefined;
}

function apply(store: KubernetesSandboxStore, object: KubeObject): KubeObject {
  const applied = store.apply(object, { fieldManager: FIELD_MANAGER });
  if (object.status === undefined) {
    return applied;
  }
  return store.updateStatus(
    { ...applied, status: object.status },
    { fieldManager: FIELD_MANAGER },
  );
}

/** Applies a workload's objects, wiring each owner reference to the uid the server assigned. */
function applyWorkload(
  store: KubernetesSandboxStore,
  workload: Workload,
): void {
  const deployment = apply(store, workload.deployment);
  const replicaSet = apply(store, workload.replicaSet(deployment));
  for (const pod of workload.pods(replicaSet)) {
    apply(store, pod.object);
    const created = store.get(
      'v1',
      'Pod',
      pod.object.metadata.name ?? '',
      pod.object.metadata.namespace,
    );
    for (const event of pod.events(created ?? pod.object)) {
      apply(store, event);
    }
  }
  apply(store, workload.service);
  if (workload.horizontalPodAutoscaler) {
    apply(store, workload.horizontalPodAutoscaler);
  }
  if (workload.podDisruptionBudget) {
    apply(store, workload.podDisruptionBudget);
  }
}

/**
 * Seeds the Kubernetes sandbox so Backstage's Kubernetes tab has something
 * to show: the platform's Crossplane API, a namespace per system, workloads
 * (Deployment, ReplicaSet, Pods, Service, sometimes an HPA) for every
 * catalogued service and website with `backstage.io/kubernetes-id`, and a
 * PostgreSQL claim per catalogued database.
 */
export async function seedDemoCluster(
  options: SeedDemoClusterOptions,
): Promise<SeedDemoClusterResult> {
  const store = options.kubernetes.store;
  const random = new SeededRandom(options.seed ?? DEFAULT_SEED);
  const now = options.now ?? new Date();
  const catalog = loadDemoCatalog(options);

  for (const manifest of loadCrossplaneManifests()) {
    for (const object of manifest.objects) {
      store.apply(object, { fieldManager: 'callboard-platform' });
    }
  }

  const namespaces = catalog.systems.map(system => system.name);
  for (const name of namespaces) {
    apply(store, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: {
          'callboard.dev/system': name,
          ...(NAMESPACE_COST_CENTERS[name]
            ? { 'cost-center': NAMESPACE_COST_CENTERS[name] }
            : {}),
        },
      },
    });
  }

  const components = catalog.components.filter(runsOnKubernetes);
  const crashing = crashLoopCandidate(components, random.fork('crash-loop'));
  const counts = {
    deployments: 0,
    replicaSets: 0,
    pods: 0,
    services: 0,
    horizontalPodAutoscalers: 0,
    databaseClaims: 0,
  };
  for (const component of components) {
    const workload = buildWorkload({
      component,
      namespace: component.system ?? 'default',
      registry: `ghcr.io/${DEMO_ORGANIZATION}`,
      imageTag: options.imageTags?.[component.name]?.slice(0, 12),
      crashLooping: component === crashing,
      standards: demoStandardsOf(component.name),
      random: random.fork(`workload:${component.name}`),
      now: now.getTime(),
    });
    if (!namespaces.includes(workload.deployment.metadata.namespace ?? '')) {
      apply(store, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: workload.deployment.metadata.namespace },
      });
    }
    applyWorkload(store, workload);
    counts.deployments += 1;
    counts.replicaSets += 1;
    counts.pods += workload.replicas;
    counts.services += 1;
    counts.horizontalPodAutoscalers += workload.horizontalPodAutoscaler ? 1 : 0;
  }

  const databases =
    options.databases === false
      ? []
      : [
          ...databaseClaimsOf(catalog, random.fork('claims')),
          ...mysqlCompositesOf(catalog, random.fork('mysql')),
        ];
  for (const claim of databases) {
    if (!namespaces.includes(claim.metadata.namespace ?? '')) {
      apply(store, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: claim.metadata.namespace },
      });
    }
    store.apply(claim, { fieldManager: FIELD_MANAGER });
    counts.databaseClaims += 1;
  }

  return {
    namespaces,
    workloads: components.map(
      component =>
        component.entity.metadata.annotations?.[KUBERNETES_ID_ANNOTATION] ??
        component.name,
    ),
    crashLooping: crashing?.kubernetesId,
    counts,
  };
}
