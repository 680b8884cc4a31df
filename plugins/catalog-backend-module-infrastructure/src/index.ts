/**
 * Catalog module: the clusters' self-service databases as Resource entities.
 *
 * @packageDocumentation
 */

export { catalogModuleInfrastructure as default } from './module';
export { InfrastructureEntityProvider } from './InfrastructureEntityProvider';
export type {
  InfrastructureEntityProviderOptions,
  RunSummary,
} from './InfrastructureEntityProvider';
