/**
 * Publishes facts about an entity's live workloads in the configured
 * clusters, judged by the platform's workload standards, to Callboard's
 * scorecards.
 *
 * @packageDocumentation
 */

export { scorecardsModuleKubernetes as default } from './module';
export {
  KubernetesFactCollector,
  factNameOfPolicy,
} from './KubernetesFactCollector';
export type { KubernetesFactCollectorOptions } from './KubernetesFactCollector';
