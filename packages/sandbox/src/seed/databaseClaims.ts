import { stringify as stringifyYaml } from 'yaml';
import type { KubeObject } from '../kubernetes';
import type { DemoCatalog, DemoResource } from './demoCatalog';
import { KUBERNETES_ID_ANNOTATION } from './demoCatalog';
import type { SeededRandom } from './random';

export const CLAIM_API_VERSION = 'platform.callboard.dev/v1alpha1';
export const CLAIM_KIND = 'PostgreSQLInstance';
/** The Crossplane v2 namespaced composite (no claim) the demo also has one of. */
export const MYSQL_KIND = 'MySQLInstance';

function isPostgres(resource: DemoResource): boolean {
  return resource.type === 'database' && resource.tags.includes('postgresql');
}

function isMysql(resource: DemoResource): boolean {
  return resource.type === 'database' && resource.tags.includes('mysql');
}

/**
 * What the portal's entity provider reads back to catalog the database:
 * the owning team, the system and what depends on it.
 */
function catalogMetadata(resource: DemoResource) {
  return {
    labels: {
      [KUBERNETES_ID_ANNOTATION]: resource.name,
      'app.kubernetes.io/part-of': resource.system ?? 'default',
      'callboard.dev/owner': resource.owner,
    },
    annotations: {
      'callboard.dev/title': resource.title,
      'callboard.dev/description': resource.description,
      'callboard.dev/dependency-of': resource.dependencyOf.join(','),
    },
  };
}

/** The v2 `MySQLInstance` composites for the demo's MySQL databases. */
export function mysqlCompositesOf(
  catalog: DemoCatalog,
  random: SeededRandom,
): KubeObject[] {
  return catalog.resources.filter(isMysql).map(resource => {
    const rng = random.fork(resource.name);
    return {
      apiVersion: CLAIM_API_VERSION,
      kind: MYSQL_KIND,
      metadata: {
        name: resource.name,
        namespace: resource.system ?? 'default',
        ...catalogMetadata(resource),
      },
      spec: {
        parameters: {
          storageGB: rng.pick([50, 100, 200]),
          version: '8.0',
          size: rng.pick(['small', 'medium']),
        },
        writeConnectionSecretToRef: { name: `${resource.name}-connection` },
      },
    };
  });
}

/**
 * A `PostgreSQLInstance` claim for each PostgreSQL database in the catalog,
 * in its system's namespace: what the platform would have provisioned
 * before Callboard's database template existed. Regulated data (PCI, PII)
 * gets high availability.
 */
export function databaseClaimsOf(
  catalog: DemoCatalog,
  random: SeededRandom,
): KubeObject[] {
  return catalog.resources.filter(isPostgres).map(resource => {
    const rng = random.fork(resource.name);
    const version = /PostgreSQL (\d+)/.exec(resource.description)?.[1] ?? '16';
    const regulated =
      resource.tags.includes('pci') || resource.tags.includes('pii');
    return {
      apiVersion: CLAIM_API_VERSION,
      kind: CLAIM_KIND,
      metadata: {
        name: resource.name,
        namespace: resource.system ?? 'default',
        ...catalogMetadata(resource),
      },
      spec: {
        parameters: {
          storageGB: rng.pick([50, 100, 200, 250]),
          version: ['14', '15', '16'].includes(version) ? version : '16',
          size: rng.pick(['small', 'medium', 'medium', 'large']),
          highAvailability: regulated,
        },
        writeConnectionSecretToRef: { name: `${resource.name}-connection` },
      },
    };
  });
}

/** `claims/<namespace>/<name>.yaml` → YAML, as committed to the infrastructure repository. */
export function claimFiles(
  claims: readonly KubeObject[],
): Record<string, string> {
  return Object.fromEntries(
    claims.map(claim => [
      `claims/${claim.metadata.namespace}/${claim.metadata.name}.yaml`,
      stringifyYaml(claim),
    ]),
  );
}
