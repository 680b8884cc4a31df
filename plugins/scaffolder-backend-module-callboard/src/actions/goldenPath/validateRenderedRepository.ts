import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { PolicySet } from '@callboard/policies';
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import {
  KustomizeError,
  SourcedKubernetesObject,
  ValidationIssue,
  checkJsonParses,
  checkWorkloadStandards,
  isJsonFile,
  isKubernetesObject,
  isRecord,
  isYamlFile,
  lintDockerfile,
  parseYamlDocuments,
  renderHelmChart,
  renderKustomization,
  validateCatalogInfo,
  validateKubernetesObject,
} from '../../validation';

export type RepositoryValidationOptions = {
  /** The platform's workload standards (`@callboard/policies`), loaded once. */
  standards: PolicySet;
  /** kubectl for rendering kustomize overlays; without it the bases are checked file by file. */
  kubectlPath?: string;
};

export type RepositoryValidationSummary = {
  yamlFiles: number;
  jsonFiles: number;
  entities: Entity[];
  kustomize: { mode: 'kubectl' | 'files'; targets: string[]; objects: number };
  charts: { dirs: string[]; objects: number };
  standaloneObjects: number;
  dockerfiles: string[];
};

export type RepositoryValidationResult = {
  issues: ValidationIssue[];
  summary: RepositoryValidationSummary;
};

const catalogInfoFile = 'catalog-info.yaml';
const kustomizationNames = new Set([
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
]);
// Documents of these API groups are not Kubernetes objects we deploy.
const nonKubernetesApiVersion =
  /^(backstage\.io|scaffolder\.backstage\.io|kustomize\.config\.k8s\.io)\//;

/**
 * Validates a rendered repository by convention: every YAML and JSON file
 * parses; the root catalog-info.yaml is a valid set of catalog entities;
 * kustomize overlays (the kustomizations nothing else builds on) render and
 * every object validates and meets the workload policy; Helm charts render
 * through the Go-template subset and meet the same policy; other YAML
 * documents that look like Kubernetes objects validate on their own; and
 * every Dockerfile passes the lint rules.
 */
export async function validateRenderedRepository(
  rootDir: string,
  files: string[],
  options: RepositoryValidationOptions,
): Promise<RepositoryValidationResult> {
  const issues: ValidationIssue[] = [];
  const chartDirs = files
    .filter(file => posix.basename(file) === 'Chart.yaml')
    .map(file => posix.dirname(file));
  const isChartTemplate = (file: string) =>
    chartDirs.some(dir =>
      file.startsWith(`${dir === '.' ? '' : `${dir}/`}templates/`),
    );

  const yamlDocuments = new Map<string, unknown[]>();
  let jsonFiles = 0;
  for (const file of files) {
    if (isYamlFile(file) && !isChartTemplate(file)) {
      const content = await readText(rootDir, file);
      const parsed = parseYamlDocuments(content, file);
      issues.push(...parsed.issues);
      yamlDocuments.set(file, parsed.documents);
    } else if (isJsonFile(file)) {
      jsonFiles++;
      issues.push(...checkJsonParses(await readText(rootDir, file), file));
    }
  }

  const entities: Entity[] = [];
  if (!files.includes(catalogInfoFile)) {
    issues.push({ file: catalogInfoFile, problem: 'is missing' });
  } else {
    const catalog = await validateCatalogInfo(rootDir, catalogInfoFile);
    issues.push(...catalog.issues);
    entities.push(...catalog.entities);
  }

  const kustomize = await validateKustomizations(
    rootDir,
    files,
    yamlDocuments,
    options,
  );
  issues.push(...kustomize.issues);

  let chartObjects = 0;
  for (const chartDir of chartDirs) {
    const chart = await renderHelmChart(rootDir, chartDir);
    issues.push(...chart.issues);
    issues.push(...validateObjects(chart.objects));
    issues.push(...checkWorkloadStandards(chart.objects, options.standards));
    chartObjects += chart.objects.length;
  }

  let standaloneObjects = 0;
  for (const [file, documents] of yamlDocuments) {
    if (file === catalogInfoFile || kustomize.managedFiles.has(file)) {
      continue;
    }
    for (const document of documents) {
      if (
        isRecord(document) &&
        typeof document.apiVersion === 'string' &&
        typeof document.kind === 'string' &&
        !nonKubernetesApiVersion.test(document.apiVersion)
      ) {
        standaloneObjects++;
        issues.push(...validateKubernetesObject(document, file));
      }
    }
  }

  const dockerfiles = files.filter(file =>
    /(^|\.)Dockerfile(\.[\w-]+)?$/.test(posix.basename(file)),
  );
  for (const file of dockerfiles) {
    issues.push(...lintDockerfile(await readText(rootDir, file), file));
  }

  return {
    issues: dedupe(issues).sort((a, b) => a.file.localeCompare(b.file)),
    summary: {
      yamlFiles: yamlDocuments.size,
      jsonFiles,
      entities,
      kustomize: {
        mode: kustomize.mode,
        targets: kustomize.targets,
        objects: kustomize.objects,
      },
      charts: { dirs: chartDirs, objects: chartObjects },
      standaloneObjects,
      dockerfiles,
    },
  };
}

type KustomizeValidation = {
  issues: ValidationIssue[];
  managedFiles: Set<string>;
  mode: 'kubectl' | 'files';
  targets: string[];
  objects: number;
};

async function validateKustomizations(
  rootDir: string,
  files: string[],
  yamlDocuments: Map<string, unknown[]>,
  options: RepositoryValidationOptions,
): Promise<KustomizeValidation> {
  const issues: ValidationIssue[] = [];
  const kustomizations = new Map<string, Record<string, unknown>>();
  for (const file of files) {
    if (kustomizationNames.has(posix.basename(file))) {
      const document = yamlDocuments.get(file)?.[0];
      kustomizations.set(
        posix.dirname(file),
        isRecord(document) ? document : {},
      );
    }
  }
  const dirs = [...kustomizations.keys()];
  const managedFiles = new Set(
    files.filter(file => dirs.some(dir => file.startsWith(`${dir}/`))),
  );
  const referenced = new Set<string>();
  for (const [dir, kustomization] of kustomizations) {
    for (const entry of listEntries(kustomization)) {
      referenced.add(posix.normalize(posix.join(dir, entry)));
    }
  }
  const leaves = dirs.filter(dir => !referenced.has(dir)).sort();
  const result = {
    issues,
    managedFiles,
    targets: [] as string[],
    objects: 0,
  };

  if (options.kubectlPath) {
    for (const leaf of leaves) {
      const kustomizationFile =
        files.find(
          file =>
            posix.dirname(file) === leaf &&
            kustomizationNames.has(posix.basename(file)),
        ) ?? posix.join(leaf, 'kustomization.yaml');
      let output: string;
      try {
        output = await renderKustomization(
          options.kubectlPath,
          resolveSafeChildPath(rootDir, leaf),
        );
      } catch (error) {
        if (!(error instanceof KustomizeError)) {
          throw error;
        }
        issues.push({
          file: kustomizationFile,
          problem: `kubectl kustomize fails: ${error.message}`,
        });
        continue;
      }
      const objects = toSourcedObjects(
        parseYamlDocuments(output, `${leaf} (kustomize output)`),
        kustomizationFile,
        yamlDocuments,
        managedFiles,
        issues,
      );
      issues.push(...validateObjects(objects));
      issues.push(...checkWorkloadStandards(objects, options.standards));
      result.targets.push(leaf);
      result.objects += objects.length;
    }
    return { ...result, mode: 'kubectl' };
  }

  // Without kubectl the overlays cannot be built; the bases they build on are
  // plain manifests, so those are validated as they are.
  const bases = dirs.filter(
    dir => referenced.has(dir) || leaves.length === dirs.length,
  );
  for (const base of bases) {
    const kustomization = kustomizations.get(base) ?? {};
    const objects: SourcedKubernetesObject[] = [];
    for (const entry of readStringList(kustomization.resources)) {
      const file = posix.normalize(posix.join(base, entry));
      for (const document of yamlDocuments.get(file) ?? []) {
        if (isKubernetesObject(document)) {
          objects.push({ source: file, object: document });
        } else {
          issues.push({
            file,
            problem: 'contains a document that is not a Kubernetes object',
          });
        }
      }
    }
    issues.push(...validateObjects(objects));
    issues.push(...checkWorkloadStandards(objects, options.standards));
    result.targets.push(base);
    result.objects += objects.length;
  }
  return { ...result, mode: 'files' };
}

// Maps each object kustomize printed back to the file that declared it, so
// problems name a file someone can open rather than an overlay's output.
function toSourcedObjects(
  parsed: { documents: unknown[]; issues: ValidationIssue[] },
  fallbackSource: string,
  yamlDocuments: Map<string, unknown[]>,
  managedFiles: Set<string>,
  issues: ValidationIssue[],
): SourcedKubernetesObject[] {
  issues.push(...parsed.issues);
  const objects: SourcedKubernetesObject[] = [];
  for (const document of parsed.documents) {
    if (!isKubernetesObject(document)) {
      issues.push({
        file: fallbackSource,
        problem:
          'kustomize output contains a document that is not a Kubernetes object',
      });
      continue;
    }
    const declaredIn = [...managedFiles].find(file =>
      (yamlDocuments.get(file) ?? []).some(
        candidate =>
          isKubernetesObject(candidate) &&
          candidate.kind === document.kind &&
          candidate.metadata.name === document.metadata.name &&
          !kustomizationNames.has(posix.basename(file)),
      ),
    );
    objects.push({
      source: declaredIn
        ? `${declaredIn} (via ${fallbackSource})`
        : fallbackSource,
      object: document,
    });
  }
  return objects;
}

function validateObjects(
  objects: SourcedKubernetesObject[],
): ValidationIssue[] {
  return objects.flatMap(({ source, object }) =>
    validateKubernetesObject(object, source),
  );
}

function listEntries(kustomization: Record<string, unknown>): string[] {
  return [
    ...readStringList(kustomization.resources),
    ...readStringList(kustomization.components),
    ...readStringList(kustomization.bases),
  ];
}

function readStringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

async function readText(rootDir: string, file: string): Promise<string> {
  return readFile(resolveSafeChildPath(rootDir, file), 'utf8');
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter(issue => {
    const key = `${issue.file}\0${issue.problem}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
