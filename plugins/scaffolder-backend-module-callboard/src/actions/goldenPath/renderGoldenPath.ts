import {
  UrlReaderService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import {
  ActionContext,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import { PolicySet, loadPolicySet } from '@callboard/policies';
import { mkdir } from 'node:fs/promises';
import { posix } from 'node:path';
import { findExecutable, formatValidationIssues } from '../../validation';
import {
  assertPlainString,
  assertRelativeInsidePath,
  assertSafeValues,
} from './inputGuards';
import { lockFilePath, writeLockFile } from './lockFile';
import { examples } from './renderGoldenPath.examples';
import { fetchSkeleton } from './fetchSkeleton';
import {
  copyIntoWorkspace,
  createTemplateRenderer,
  renderSkeleton,
} from './skeletonRenderer';
import {
  RepositoryValidationSummary,
  validateRenderedRepository,
} from './validateRenderedRepository';

/** Template annotation the lock file's version is read from by default. */
export const templateVersionAnnotation = 'callboard.dev/template-version';

export type GoldenPathRenderActionOptions = {
  reader: UrlReaderService;
  integrations: ScmIntegrations;
  /**
   * Image prefixes (comma-separated) every rendered container image must use,
   * replacing the `approvedRegistries` parameter of `@callboard/policies`.
   */
  approvedImageRegistry?: string;
  /**
   * kubectl used to build kustomize overlays offline. Looked up on PATH when
   * unset; `false` validates the kustomize bases file by file instead.
   */
  kubectlPath?: string | false;
};

/**
 * `callboard:golden-path:render` renders a golden-path skeleton into the
 * workspace, refuses unsafe input before writing anything, validates the
 * result as the platform would review it, and records a lock file.
 */
export function createGoldenPathRenderAction(
  options: GoldenPathRenderActionOptions,
) {
  let standards: Promise<PolicySet> | undefined;
  const loadStandards = () => {
    standards ??= loadPolicySet({
      paramOverrides: options.approvedImageRegistry
        ? { approvedRegistries: options.approvedImageRegistry }
        : undefined,
    }).then(set => {
      if (set.problems.length > 0) {
        throw new Error(
          `The workload standards did not load: ${set.problems
            .map(
              p => `${p.file}${p.policy ? ` (${p.policy})` : ''}: ${p.error}`,
            )
            .join('; ')}`,
        );
      }
      return set;
    });
    return standards;
  };
  let kubectl: Promise<string | undefined> | undefined;
  const resolveKubectl = () => {
    if (options.kubectlPath === false) {
      return Promise.resolve(undefined);
    }
    kubectl ??= options.kubectlPath
      ? Promise.resolve(options.kubectlPath)
      : findExecutable('kubectl');
    return kubectl;
  };

  return createTemplateAction({
    id: 'callboard:golden-path:render',
    description:
      'Renders a golden-path skeleton (nunjucks `${{ }}` and `{% %}` tags over `values`) into the workspace, validates the rendered repository (YAML, catalog entities, Kubernetes manifests, Dockerfile) and writes .callboard/template.json.',
    examples,
    // Rendering only touches the task's own workspace, so a dry run does the
    // full render and validation and shows exactly what would be published.
    supportsDryRun: true,
    schema: {
      input: {
        url: z =>
          z
            .string()
            .describe(
              'Location of the skeleton, relative to the template (like fetch:template), e.g. ./skeleton, or an absolute URL',
            ),
        values: z =>
          z
            .record(z.unknown())
            .describe(
              'JSON values available to the skeleton as values.*; plain data only: name, description, owner, system, lifecycle, exposesApi, needsDatabase, repoSlug, ...',
            ),
        templateName: z =>
          z
            .string()
            .optional()
            .describe(
              "Template name recorded in the lock file; defaults to the name in the task's template entity ref",
            ),
        templateVersion: z =>
          z
            .string()
            .optional()
            .describe(
              `Template version recorded in the lock file; defaults to the template's ${templateVersionAnnotation} annotation, else 'unversioned'`,
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              "Directory inside the workspace to render into; defaults to '.'",
            ),
      },
      output: {
        files: z =>
          z
            .array(z.string())
            .describe(
              'Files written, as POSIX paths relative to the workspace (targetPath included), lock file included',
            ),
        lockFile: z =>
          z
            .string()
            .describe(
              "Path of the lock file relative to the workspace, '.callboard/template.json' for the default targetPath",
            ),
        entityRef: z =>
          z
            .string()
            .describe(
              'Ref of the Component declared by the rendered catalog-info.yaml, e.g. component:default/payments-api',
            ),
      },
    },
    async handler(ctx) {
      // No ctx.checkpoint here: the action has no remote side effects. It
      // writes only into the task workspace, so a re-run after a crash simply
      // renders the same files again.
      const { url, values } = ctx.input;
      const targetPath = ctx.input.targetPath ?? '.';
      // Like fetch:template, the url may climb to a shared skeleton
      // (`../skeletons/x`); fetchContents keeps it inside the template source.
      assertPlainString(url, 'url', { allowParentSegments: true });
      assertRelativeInsidePath(targetPath, 'targetPath');
      assertSafeValues(values);
      const template = resolveTemplateIdentity(ctx.input, ctx.templateInfo);

      const workDir = await ctx.createTemporaryDirectory();
      const skeletonDir = resolveSafeChildPath(workDir, 'skeleton');
      const stagingDir = resolveSafeChildPath(workDir, 'rendered');

      ctx.logger.info(`Fetching the skeleton from ${url}`);
      const entries = await fetchSkeleton({
        url,
        baseUrl: ctx.templateInfo?.baseUrl,
        reader: options.reader,
        integrations: options.integrations,
        outputPath: skeletonDir,
      });

      await mkdir(stagingDir, { recursive: true });
      const rendered = await renderSkeleton({
        skeletonDir,
        entries,
        outputDir: stagingDir,
        render: createTemplateRenderer(values),
      });
      if (rendered.files.includes(lockFilePath)) {
        throw new InputError(
          `The skeleton must not contain ${lockFilePath}; the action writes it`,
        );
      }
      await writeLockFile(stagingDir, {
        template,
        values,
        renderedAt: new Date().toISOString(),
      });
      const files = [...rendered.files, lockFilePath].sort();
      ctx.logger.info(
        `Rendered ${files.length} files from ${
          entries.length
        } skeleton entries with values ${Object.keys(values)
          .sort()
          .join(', ')}`,
      );

      const validation = await validateRenderedRepository(stagingDir, files, {
        standards: await loadStandards(),
        kubectlPath: await resolveKubectl(),
      });
      if (validation.issues.length > 0) {
        throw new InputError(
          `The rendered repository failed validation with ${
            validation.issues.length
          } problem(s):\n${formatValidationIssues(validation.issues)}`,
        );
      }
      const component = validation.summary.entities.find(
        entity => entity.kind === 'Component',
      );
      if (!component) {
        throw new InputError(
          'The rendered repository failed validation: catalog-info.yaml declares no Component entity',
        );
      }
      ctx.logger.info(describeValidation(validation.summary));

      const workspaceRelative = (file: string) =>
        posix.normalize(posix.join(targetPath, file));
      for (const file of files) {
        await copyIntoWorkspace(
          resolveSafeChildPath(stagingDir, file),
          resolveSafeChildPath(ctx.workspacePath, workspaceRelative(file)),
        );
      }
      ctx.logger.info(
        `Wrote ${files.length} files to ${targetPath}, including ${lockFilePath} for ${template.name}@${template.version}`,
      );
      ctx.output('files', files.map(workspaceRelative));
      ctx.output('lockFile', workspaceRelative(lockFilePath));
      ctx.output('entityRef', stringifyEntityRef(component));
    },
  });
}

type TemplateIdentity = { name: string; version: string; entityRef?: string };

function resolveTemplateIdentity(
  input: { templateName?: string; templateVersion?: string },
  templateInfo: ActionContext<JsonObject>['templateInfo'],
): TemplateIdentity {
  const entityRef = templateInfo?.entityRef;
  const name =
    input.templateName ??
    (entityRef ? parseEntityRef(entityRef).name : undefined);
  if (!name) {
    throw new InputError(
      'templateName is required when the task carries no template entity ref',
    );
  }
  const version =
    input.templateVersion ??
    templateInfo?.entity?.metadata.annotations?.[templateVersionAnnotation] ??
    'unversioned';
  assertPlainString(name, 'templateName');
  assertPlainString(version, 'templateVersion');
  return entityRef ? { name, version, entityRef } : { name, version };
}

function describeValidation(summary: RepositoryValidationSummary): string {
  const kustomize =
    summary.kustomize.mode === 'kubectl'
      ? `${summary.kustomize.targets.length} kustomize overlay(s) built with kubectl`
      : `${summary.kustomize.targets.length} kustomize base(s) checked file by file (no kubectl)`;
  return [
    `Validated ${summary.yamlFiles} YAML and ${summary.jsonFiles} JSON files`,
    `${summary.entities.length} catalog entities`,
    `${kustomize} (${summary.kustomize.objects} objects)`,
    `${summary.charts.dirs.length} Helm chart(s) rendered with the Go-template subset (${summary.charts.objects} objects)`,
    `${summary.standaloneObjects} other Kubernetes objects`,
    `${summary.dockerfiles.length} Dockerfile(s): no problems found`,
  ].join(', ');
}
