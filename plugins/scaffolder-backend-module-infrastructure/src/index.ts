/**
 * The scaffolder action behind Callboard's "Provision a database":
 * `callboard:infrastructure:claim`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleInfrastructure as default } from './module';
export { createClaimAction, CLAIM_ACTION_ID } from './actions/claim';
export type { ClaimActionOptions } from './actions/claim';
