import {
  kubernetesClustersReadPermission,
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import { PermissionRules } from './types';

export const kubernetesPermissionRules: PermissionRules = {
  // The Kubernetes tab: workloads, pods, events and logs of an entity.
  [kubernetesResourcesReadPermission.name]: 'signed-in',
  [kubernetesClustersReadPermission.name]: 'signed-in',
  // The raw proxy speaks to the API server with the cluster's own credentials.
  [kubernetesProxyPermission.name]: 'admin',
};
