export { startKubernetesServer } from './startKubernetesServer';
export type {
  KubernetesSandbox,
  KubernetesServerOptions,
} from './startKubernetesServer';
export type { KubernetesSandboxStore } from './objects/sandboxStore';
export type {
  CrossplaneControls,
  ReconcileMatcher,
} from './crossplane/CrossplaneReconciler';
export { failureAnnotation } from './crossplane/CrossplaneReconciler';
export type {
  KubeObject,
  ObjectMeta,
  ManagedFieldsEntry,
  OwnerReference,
} from './types';
