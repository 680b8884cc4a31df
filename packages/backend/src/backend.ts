import { BackendFeature } from '@backstage/backend-plugin-api';
import { createBackend } from '@backstage/backend-defaults';
import { callboardPermissionPolicyModule } from './permissions';
import { lunrSearchEngineModule } from './search';
import { techDocsPrebuildModule } from './techdocs';
import { kubernetesSecretsGuardModule } from './kubernetes';
import { authModuleDevUsersProvider } from './auth/devUsersProvider';
import { scaffolderTaskEventStacksModule } from './scaffolder';
import { callboardRootHttpRouter } from './staticAssets';

/**
 * The portal's backend: every installed plugin and module. The permission policy is a parameter
 * only so that `yarn bench:permissions` can time the same backend with an allow-all policy.
 */
export function createCallboardBackend(
  options: { permissionPolicy?: BackendFeature } = {},
) {
  const backend = createBackend();

  // The app's static files leave compressed at build time, not on every request.
  backend.add(callboardRootHttpRouter);
  backend.add(import('@backstage/plugin-app-backend'));
  backend.add(import('@backstage/plugin-proxy-backend'));

  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
  backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
  backend.add(authModuleDevUsersProvider);

  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(
    import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
  );
  backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
  // Size limits and link schemes for every entity, whatever location it comes from.
  backend.add(import('@callboard/plugin-catalog-backend-module-callboard'));
  // Entities that fail processing never reach the catalog; this lists them with their errors.
  backend.add(import('@backstage/plugin-catalog-backend-module-unprocessed'));
  // The clusters' self-service databases (claims and v2 composites) as Resource entities.
  backend.add(
    import('@callboard/plugin-catalog-backend-module-infrastructure'),
  );

  backend.add(import('@backstage/plugin-scaffolder-backend'));
  backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
  backend.add(
    import('@backstage/plugin-scaffolder-backend-module-notifications'),
  );
  backend.add(import('@callboard/plugin-scaffolder-backend-module-callboard'));
  backend.add(scaffolderTaskEventStacksModule);
  // callboard:infrastructure:claim, which the provision-database template and the golden path run.
  backend.add(
    import('@callboard/plugin-scaffolder-backend-module-infrastructure'),
  );

  backend.add(import('@callboard/plugin-scorecards-backend'));
  backend.add(import('@callboard/plugin-scorecards-backend-module-dx-metrics'));
  // Live workloads in the clusters, judged by the workload standards of @callboard/policies.
  backend.add(import('@callboard/plugin-scorecards-backend-module-kubernetes'));

  backend.add(import('@callboard/plugin-dx-metrics-backend'));

  // The Provision a database form's schemas and dry run, a database's Status tab, resize and delete.
  backend.add(import('@callboard/plugin-infrastructure-backend'));

  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(options.permissionPolicy ?? callboardPermissionPolicyModule);

  // The Postgres engine takes over from the in-memory Lunr engine when the database is PostgreSQL.
  backend.add(import('@backstage/plugin-search-backend'));
  backend.add(import('@backstage/plugin-search-backend-module-pg'));
  // On SQLite: Lunr, answering "no results yet" for a type not indexed yet instead of a 500.
  backend.add(lunrSearchEngineModule);
  backend.add(import('@backstage/plugin-search-backend-module-catalog'));
  backend.add(import('@backstage/plugin-search-backend-module-techdocs'));
  // Builds every entity's docs up front, then refreshes the techdocs index.
  backend.add(techDocsPrebuildModule);

  backend.add(import('@backstage/plugin-techdocs-backend'));
  backend.add(import('@backstage/plugin-kubernetes-backend'));
  backend.add(kubernetesSecretsGuardModule);
  backend.add(import('@backstage/plugin-user-settings-backend'));
  backend.add(import('@backstage/plugin-notifications-backend'));
  backend.add(import('@backstage/plugin-signals-backend'));
  backend.add(import('@backstage/plugin-mcp-actions-backend'));
  return backend;
}
