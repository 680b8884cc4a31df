import fs from 'node:fs';
import path from 'node:path';

/** This package's folder, found through module resolution as `resolvePackagePath` does. */
export function sandboxPackageDir(): string {
  return path.dirname(require.resolve('@callboard/sandbox/package.json'));
}

/** The monorepo root: the nearest folder above this package that holds the demo catalog. */
export function findRepositoryRoot(from: string = sandboxPackageDir()): string {
  let current = path.resolve(from);
  for (;;) {
    if (fs.existsSync(path.join(current, 'catalog', 'demo', 'all.yaml'))) {
      return current;
    }
    const parent = path.dirname(current);
    if (parent === current) {
      throw new Error(
        `Could not find the Callboard repository (catalog/demo/all.yaml) above ${from}`,
      );
    }
    current = parent;
  }
}

export function defaultCatalogDir(): string {
  return path.join(findRepositoryRoot(), 'catalog', 'demo');
}

/** Callboard's own entity, which lives at the repository root rather than in the demo catalog. */
export function defaultRootCatalogInfoFile(): string {
  return path.join(findRepositoryRoot(), 'catalog-info.yaml');
}

/** `packages/sandbox/crossplane`: the platform's XRD and Composition. */
export function crossplaneManifestsDir(): string {
  return path.join(sandboxPackageDir(), 'crossplane');
}
