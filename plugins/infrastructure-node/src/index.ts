/**
 * Rules shared by Callboard's infrastructure backend, its scaffolder action
 * and its catalog provider.
 *
 * @packageDocumentation
 */

export { readInfrastructureConfig, environmentNamed } from './config';
export type { EnvironmentConfig, InfrastructureConfig } from './config';
export { SelfServiceApis } from './SelfServiceApis';
export { TeamAccess } from './TeamAccess';
export type { TeamAccessOptions } from './TeamAccess';
export { buildClaim, parseClaimRequest } from './claims';
export type { ClaimObject, ClaimContext } from './claims';
export { ClaimPlanner, inCluster } from './ClaimPlanner';
export type { ClaimPlan, ClaimPlannerOptions } from './ClaimPlanner';
export { kubeStatusOf, fieldErrorsOf } from './apiErrors';
export type { KubeStatus } from './apiErrors';
export { readClaimStatus, unreadyLeavesOf, conditionOf } from './claimStatus';
