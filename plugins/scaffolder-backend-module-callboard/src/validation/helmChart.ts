import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { readFile, readdir } from 'node:fs/promises';
import { posix } from 'node:path';
import { GoTemplateError, GoTemplateSubset } from './goTemplateSubset';
import { parseYamlDocuments } from './structuredFiles';
import {
  SourcedKubernetesObject,
  ValidationIssue,
  isKubernetesObject,
  isRecord,
} from './types';

export type HelmRenderOptions = {
  /** Deep-merged over the chart's values.yaml, like `helm template --set`. */
  valueOverrides?: Record<string, unknown>;
  releaseName?: string;
  namespace?: string;
};

export type HelmRenderResult = {
  objects: SourcedKubernetesObject[];
  issues: ValidationIssue[];
};

/**
 * Renders a chart's templates with the Go-template subset and parses the
 * output into Kubernetes objects, reporting each failure against the
 * template file it came from. It is a stand-in for `helm template`, limited to
 * the constructs {@link GoTemplateSubset} documents.
 *
 * @param rootDir - the rendered repository root
 * @param chartDir - the chart's directory relative to `rootDir`, e.g. `chart`
 */
export async function renderHelmChart(
  rootDir: string,
  chartDir: string,
  options: HelmRenderOptions = {},
): Promise<HelmRenderResult> {
  const issues: ValidationIssue[] = [];
  const chartFile = posix.join(chartDir, 'Chart.yaml');
  const valuesFile = posix.join(chartDir, 'values.yaml');
  const chart = await readSingleYaml(rootDir, chartFile, issues);
  const values = await readSingleYaml(rootDir, valuesFile, issues, true);
  if (!isRecord(chart) || !isRecord(values)) {
    return { objects: [], issues };
  }
  if (chart.apiVersion !== 'v2' || typeof chart.name !== 'string') {
    issues.push({
      file: chartFile,
      problem: 'must declare apiVersion: v2 and a name',
    });
    return { objects: [], issues };
  }

  const templateFiles = await listFiles(
    rootDir,
    posix.join(chartDir, 'templates'),
  );
  const engine = new GoTemplateSubset();
  const renderable: string[] = [];
  for (const file of templateFiles) {
    const base = posix.basename(file);
    if (base === 'NOTES.txt' || !/\.(ya?ml|tpl)$/.test(base)) {
      continue;
    }
    try {
      engine.addFile(
        file,
        await readFile(resolveSafeChildPath(rootDir, file), 'utf8'),
      );
      if (!base.startsWith('_')) {
        renderable.push(file);
      }
    } catch (error) {
      issues.push({
        file,
        problem: `does not parse: ${(error as Error).message}`,
      });
    }
  }

  const context = {
    Values: deepMerge(values, options.valueOverrides ?? {}),
    Chart: {
      Name: chart.name,
      Version: chart.version,
      AppVersion: chart.appVersion,
      Description: chart.description,
    },
    Release: {
      Name: options.releaseName ?? chart.name,
      Namespace: options.namespace ?? 'default',
      Service: 'Helm',
      IsInstall: true,
      IsUpgrade: false,
    },
  };

  const objects: SourcedKubernetesObject[] = [];
  for (const file of renderable) {
    let output: string;
    try {
      output = engine.render(file, { ...context, Template: { Name: file } });
    } catch (error) {
      if (!(error instanceof GoTemplateError)) {
        throw error;
      }
      issues.push({ file, problem: `does not render: ${error.message}` });
      continue;
    }
    const parsed = parseYamlDocuments(output, file);
    issues.push(
      ...parsed.issues.map(issue => ({
        ...issue,
        problem: `rendered output: ${issue.problem}`,
      })),
    );
    for (const document of parsed.documents) {
      if (isKubernetesObject(document)) {
        objects.push({ source: file, object: document });
      } else {
        issues.push({
          file,
          problem: 'renders a document that is not a Kubernetes object',
        });
      }
    }
  }
  return { objects, issues };
}

async function readSingleYaml(
  rootDir: string,
  file: string,
  issues: ValidationIssue[],
  optional = false,
): Promise<unknown> {
  let content: string;
  try {
    content = await readFile(resolveSafeChildPath(rootDir, file), 'utf8');
  } catch {
    if (optional) {
      return {};
    }
    issues.push({ file, problem: 'is missing' });
    return undefined;
  }
  const parsed = parseYamlDocuments(content, file);
  issues.push(...parsed.issues);
  return parsed.documents[0] ?? {};
}

async function listFiles(rootDir: string, dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(resolveSafeChildPath(rootDir, dir), {
      withFileTypes: true,
    });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await listFiles(rootDir, path)));
    } else if (entry.isFile()) {
      files.push(path);
    }
  }
  return files;
}

function deepMerge(
  base: Record<string, unknown>,
  overrides: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    merged[key] =
      isRecord(current) && isRecord(value) ? deepMerge(current, value) : value;
  }
  return merged;
}
