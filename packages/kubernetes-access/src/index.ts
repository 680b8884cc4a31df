/**
 * Callboard's one way into Kubernetes clusters: the clusters configured for
 * the kubernetes plugin, as `@kubernetes/client-node` clients with discovery.
 *
 * @packageDocumentation
 */

export { KubernetesClusters } from './KubernetesClusters';
export type {
  ClusterRequest,
  ClusterSummary,
  FieldValidation,
  KubernetesClustersOptions,
} from './KubernetesClusters';
export { ClusterObjects } from './ClusterObjects';
export type { ServedResource } from './ClusterObjects';
export { isClusterUnreachable } from './errors';
export { kubernetesClustersServiceRef } from './serviceRef';
export { readConfiguredClusters } from './clusterConfig';
export type { ConfiguredClusters } from './clusterConfig';
