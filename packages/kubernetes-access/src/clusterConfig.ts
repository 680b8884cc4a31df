import { Config } from '@backstage/config';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
  ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
} from '@backstage/plugin-kubernetes-common';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';

/** What `kubernetes.clusterLocatorMethods` yields for Callboard's server-side access. */
export interface ConfiguredClusters {
  clusters: ClusterDetails[];
  /** Locator method types Callboard's access does not read (e.g. `catalog`, `gke`). */
  skippedLocatorMethods: string[];
}

/** The address `kubectl proxy` listens on, as the kubernetes backend's locator assumes. */
const LOCAL_KUBECTL_PROXY_URL = 'http://127.0.0.1:8001';

function authMetadataOf(cluster: Config): Record<string, string> {
  const block =
    (cluster.getOptional('authMetadata') as Record<string, string>) ?? {};
  const name = cluster.getString('name');
  const authProvider =
    block[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ??
    cluster.getOptionalString('authProvider');
  if (!authProvider) {
    throw new Error(
      `Cluster '${name}' has no auth provider; set 'authProvider' or 'authMetadata.${ANNOTATION_KUBERNETES_AUTH_PROVIDER}'`,
    );
  }
  const optional: Array<[string, string | undefined]> = [
    ['serviceAccountToken', cluster.getOptionalString('serviceAccountToken')],
    [
      ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
      cluster.getOptionalString('assumeRole'),
    ],
    [
      ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
      cluster.getOptionalString('externalId'),
    ],
    [
      ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
      cluster.getOptionalString('oidcTokenProvider'),
    ],
  ];
  return {
    [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: authProvider,
    ...Object.fromEntries(optional.filter(([, value]) => value)),
    ...block,
  };
}

function configuredCluster(cluster: Config): ClusterDetails {
  const title = cluster.getOptionalString('title');
  return {
    name: cluster.getString('name'),
    ...(title ? { title } : {}),
    url: cluster.getString('url'),
    authMetadata: authMetadataOf(cluster),
    skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
    skipMetricsLookup: cluster.getOptionalBoolean('skipMetricsLookup') ?? false,
    caData: cluster.getOptionalString('caData'),
    caFile: cluster.getOptionalString('caFile'),
  };
}

/**
 * Reads clusters the way the kubernetes backend's `config` and
 * `localKubectlProxy` locators do, so one cluster entry serves the
 * Kubernetes tab and Callboard's server-side features alike.
 */
export function readConfiguredClusters(config: Config): ConfiguredClusters {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const clusters: ClusterDetails[] = [];
  const skippedLocatorMethods: string[] = [];
  for (const method of methods) {
    const type = method.getString('type');
    if (type === 'config') {
      clusters.push(
        ...(method.getOptionalConfigArray('clusters') ?? []).map(
          configuredCluster,
        ),
      );
    } else if (type === 'localKubectlProxy') {
      clusters.push({
        name: 'local',
        url: LOCAL_KUBECTL_PROXY_URL,
        authMetadata: {
          [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: 'localKubectlProxy',
        },
        skipMetricsLookup: true,
      });
    } else {
      skippedLocatorMethods.push(type);
    }
  }
  const seen = new Set<string>();
  for (const { name } of clusters) {
    if (seen.has(name)) {
      throw new Error(
        `Duplicate cluster name '${name}' in kubernetes.clusterLocatorMethods`,
      );
    }
    seen.add(name);
  }
  return { clusters, skippedLocatorMethods };
}
