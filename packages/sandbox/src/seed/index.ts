export {
  seedDemoOrganization,
  DEMO_ORGANIZATION,
  DEFAULT_SEED,
} from './seedDemoOrganization';
export type {
  SeedDemoOrganizationOptions,
  SeedDemoOrganizationResult,
  DemoOrganizationCounts,
} from './seedDemoOrganization';
export type { RepositoryCounts, WrittenRepository } from './historyWriter';
export { SeedClock } from './SeedClock';
export { loadDemoCatalog } from './demoCatalog';
export type {
  DemoCatalog,
  DemoComponent,
  DemoResource,
  DemoSystem,
  DemoTeam,
  DemoUser,
  LoadDemoCatalogOptions,
} from './demoCatalog';
export { SeededRandom } from './random';
export { seedDemoCluster, isDemoClusterSeeded } from './kubernetes';
export type {
  SeedDemoClusterOptions,
  SeedDemoClusterResult,
} from './kubernetes';
export { loadCrossplaneManifests } from './crossplaneManifests';
export type { CrossplaneManifest } from './crossplaneManifests';
export {
  databaseClaimsOf,
  mysqlCompositesOf,
  CLAIM_API_VERSION,
  CLAIM_KIND,
  MYSQL_KIND,
} from './databaseClaims';
