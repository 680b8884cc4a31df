/**
 * Test helpers for packages that test against the sandbox: `@callboard/sandbox/testUtils`.
 * Kept out of the main entry point so the dev wiring does not load them.
 */
export {
  startCrossplaneCluster,
  sandboxClusterConfig,
  unreachableClusterConfig,
  kubernetesConfig,
  stagingAndProductionEnvironments,
  claimApiVersion,
  databaseClaim,
} from './clusters';
export type { CrossplaneClusterOptions } from './clusters';
export {
  demoUsers,
  demoTeamsOf,
  demoUserInfo,
  teamEntity,
  serviceEntity,
  loadTemplate,
} from './catalog';
