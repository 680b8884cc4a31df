import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const DEMO_CATALOG_ENTRY = path.join(REPO_ROOT, 'catalog/demo/all.yaml');
/** The databases the sandbox's production cluster holds; the entity provider catalogs them. */
export const DEMO_CLUSTER_DATABASES = path.join(
  REPO_ROOT,
  'catalog/demo/databases.yaml',
);

export type DemoEntity = { entity: Entity; file: string };

/** Reads every entity reachable from a Location file, following its targets like the catalog. */
export function readCatalogFiles(entryFile = DEMO_CATALOG_ENTRY): DemoEntity[] {
  const result: DemoEntity[] = [];
  const visit = (file: string) => {
    for (const document of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      if (document.errors.length > 0) {
        throw new Error(`${file}: ${document.errors[0].message}`);
      }
      const entity = document.toJS() as Entity | null;
      if (!entity) {
        continue;
      }
      result.push({ entity, file });
      if (entity.kind === 'Location') {
        const spec = entity.spec as { target?: string; targets?: string[] };
        for (const target of [spec.target, ...(spec.targets ?? [])]) {
          if (target) {
            visit(path.resolve(path.dirname(file), target));
          }
        }
      }
    }
  };
  visit(entryFile);
  return result;
}

export function countByKind(entities: Entity[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { kind } of entities) {
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}
