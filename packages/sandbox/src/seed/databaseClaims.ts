import { stringify as stringifyYaml } from 'yaml';
import type { KubeObject } from '../kubernetes';
import type { DemoCatalog, DemoResource } from './demoCatalog';
import { KUBERNETES_ID_ANNOTATION } from './demoCatalog';
import type { SeededRandom } from './random';

export const CLAIM_API_VERSION = 'platform.callboard.dev/v1alpha1';
export const CLAIM_KIND = 'PostgreSQLInstance';

function isPostgres(resource: DemoResource): boolean {
  return resource.type === 'database' && resource.tags.includes('postgresql');
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
        labels: {
          [KUBERNETES_ID_ANNOTATION]: resource.name,
          'app.kubernetes.io/part-of': resource.system ?? 'default',
          'callboard.dev/owner': resource.owner,
        },
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
