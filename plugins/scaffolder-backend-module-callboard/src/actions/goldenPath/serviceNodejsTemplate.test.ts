import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import yaml from 'yaml';
import { PolicySet, loadPolicySet } from '@callboard/policies';
import {
  KubernetesObject,
  ValidationIssue,
  checkWorkloadStandards,
  findExecutable,
  isKubernetesObject,
  isYamlFile,
  lintDockerfile,
  parseYamlDocuments,
  renderHelmChart,
  renderKustomization,
  validateCatalogInfo,
  validateKubernetesObject,
} from '../../validation';
import {
  RunResult,
  ServiceChoices,
  createGoldenPathTestbed,
  realisticValues,
  repositoryRoot,
  serviceTemplateFile,
} from './__testUtils__/goldenPathTestbed';
import { examples } from './renderGoldenPath.examples';

const execFileAsync = promisify(execFile);
const approvedRegistry = 'registry.tidewater.example/';
let standards: PolicySet;
beforeAll(async () => {
  standards = await loadPolicySet();
});

const alwaysRendered = [
  '.callboard/template.json',
  '.dockerignore',
  '.github/CODEOWNERS',
  '.github/workflows/cd.yaml',
  '.github/workflows/ci.yaml',
  '.gitignore',
  'Dockerfile',
  'README.md',
  'catalog-info.yaml',
  'chart/.helmignore',
  'chart/Chart.yaml',
  'chart/templates/_helpers.tpl',
  'chart/templates/deployment.yaml',
  'chart/templates/hpa.yaml',
  'chart/templates/pdb.yaml',
  'chart/templates/service.yaml',
  'chart/templates/serviceaccount.yaml',
  'chart/values.yaml',
  'deploy/base/deployment.yaml',
  'deploy/base/hpa.yaml',
  'deploy/base/kustomization.yaml',
  'deploy/base/pdb.yaml',
  'deploy/base/service.yaml',
  'deploy/base/serviceaccount.yaml',
  'deploy/overlays/dev/deployment.yaml',
  'deploy/overlays/dev/hpa.yaml',
  'deploy/overlays/dev/kustomization.yaml',
  'deploy/overlays/prod/deployment.yaml',
  'deploy/overlays/prod/hpa.yaml',
  'deploy/overlays/prod/kustomization.yaml',
  'deploy/overlays/staging/hpa.yaml',
  'deploy/overlays/staging/kustomization.yaml',
  'docs/index.md',
  'docs/operations.md',
  'mkdocs.yml',
  'monitoring/grafana-dashboard.json',
  'monitoring/prometheusrule.yaml',
  'monitoring/servicemonitor.yaml',
  'package-lock.json',
  'package.json',
  'src/app.ts',
  'src/features.ts',
  'src/health.ts',
  'src/index.ts',
  'src/logger.test.ts',
  'src/logger.ts',
  'src/metrics.ts',
  'src/server.test.ts',
  'src/server.ts',
  'tsconfig.build.json',
  'tsconfig.json',
];
const apiOnly = [
  'docs/api.md',
  'openapi.yaml',
  'src/greetings.test.ts',
  'src/greetings.ts',
];
const databaseOnly = [
  'db/README.md',
  'db/migrations/0001_initial.sql',
  'docs/database.md',
  'src/database.test.ts',
  'src/database.ts',
];

const combinations: ServiceChoices[] = [
  { exposesApi: true, needsDatabase: false },
  { exposesApi: true, needsDatabase: true },
  { exposesApi: false, needsDatabase: false },
  { exposesApi: false, needsDatabase: true },
];

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter(entry => entry.isFile())
    .map(entry => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

function readObjects(yamlText: string, source: string): KubernetesObject[] {
  const parsed = parseYamlDocuments(yamlText, source);
  expect(parsed.issues).toEqual([]);
  return parsed.documents.filter(isKubernetesObject);
}

function podSpec(deployment: KubernetesObject) {
  const spec = deployment.spec as {
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        containers: Array<{
          image: string;
          env?: Array<{
            name: string;
            valueFrom?: { secretKeyRef?: { name: string } };
          }>;
          resources: { requests: object; limits: object };
          readinessProbe?: object;
          livenessProbe?: object;
        }>;
      };
    };
  };
  return spec.template;
}

describe('templates/service-nodejs rendered by callboard:golden-path:render', () => {
  const testbed = createGoldenPathTestbed();
  let kubectl: string;

  beforeAll(async () => {
    const found = await findExecutable('kubectl');
    if (!found) {
      throw new Error(
        'kubectl is required to build the kustomize overlays (Debian package kubernetes-client)',
      );
    }
    kubectl = found;
  });

  describe.each(combinations)(
    'with exposesApi=$exposesApi and needsDatabase=$needsDatabase',
    choices => {
      const values = realisticValues(choices);
      let rendered: RunResult;
      const read = (file: string) =>
        readFile(resolveSafeChildPath(rendered.workspacePath, file), 'utf8');

      beforeAll(async () => {
        rendered = await testbed.run({ url: './skeleton', values });
      });

      it('writes exactly the files for the chosen capabilities', async () => {
        const expected = [
          ...alwaysRendered,
          ...(choices.exposesApi ? apiOnly : []),
          ...(choices.needsDatabase ? databaseOnly : []),
        ].sort();
        expect(await listFiles(rendered.workspacePath)).toEqual(expected);
        expect(rendered.outputs).toEqual({
          files: expected,
          lockFile: '.callboard/template.json',
          entityRef: 'component:default/payments-api',
        });
      });

      it('leaves no template syntax behind and parses every YAML file', async () => {
        const leftovers: string[] = [];
        const yamlIssues: ValidationIssue[] = [];
        for (const file of await listFiles(rendered.workspacePath)) {
          const content = await read(file);
          if (/\{%|\$\{\{ *values/.test(content)) {
            leftovers.push(file);
          }
          if (isYamlFile(file) && !file.startsWith('chart/templates/')) {
            yamlIssues.push(...parseYamlDocuments(content, file).issues);
          }
        }
        expect(leftovers).toEqual([]);
        expect(yamlIssues).toEqual([]);
      });

      it('declares catalog entities with the annotations the portal reads', async () => {
        const catalog = await validateCatalogInfo(
          rendered.workspacePath,
          'catalog-info.yaml',
        );
        expect(catalog.issues).toEqual([]);
        const component = catalog.entities.find(
          entity => entity.kind === 'Component',
        ) as Entity;
        expect(component.metadata.annotations).toMatchObject({
          'github.com/project-slug': 'tidewater/payments-api',
          'backstage.io/kubernetes-id': 'payments-api',
          'backstage.io/techdocs-ref': 'dir:.',
        });
        expect(component.metadata.description).toBe(values.description);
        expect(component.spec).toMatchObject({
          type: 'service',
          lifecycle: 'experimental',
          owner: 'group:default/team-payments',
          system: 'system:default/payments',
        });
        expect(component.spec?.providesApis).toEqual(
          choices.exposesApi ? ['payments-api-api'] : undefined,
        );
        // The database's Resource names the component (dependencyOf) once it exists in its
        // cluster; a dependsOn here would warn about a missing entity until then.
        expect(component.spec?.dependsOn).toBeUndefined();
        const api = catalog.entities.find(entity => entity.kind === 'API');
        expect(
          api && {
            type: api.spec?.type,
            documentsGreetings: String(api.spec?.definition).includes(
              '/v1/greetings:',
            ),
          },
        ).toEqual(
          choices.exposesApi
            ? { type: 'openapi', documentsGreetings: true }
            : undefined,
        );
      });

      it.each(['dev', 'staging', 'prod'])(
        'builds the %s overlay into valid manifests that meet the platform policy',
        async environment => {
          const output = await renderKustomization(
            kubectl,
            join(rendered.workspacePath, 'deploy/overlays', environment),
          );
          const objects = readObjects(output, environment);
          expect(objects.map(object => object.kind).sort()).toEqual([
            'Deployment',
            'HorizontalPodAutoscaler',
            'PodDisruptionBudget',
            'Service',
            'ServiceAccount',
          ]);
          for (const object of objects) {
            expect(validateKubernetesObject(object, environment)).toEqual([]);
            expect(object.metadata.namespace).toBe('payments');
            expect(object.metadata.labels).toMatchObject({
              'app.kubernetes.io/name': 'payments-api',
              owner: 'team-payments',
              'cost-center': 'payments',
              environment,
            });
          }
          const sourced = objects.map(object => ({
            source: environment,
            object,
          }));
          expect(checkWorkloadStandards(sourced, standards)).toEqual([]);

          const template = podSpec(
            objects.find(object => object.kind === 'Deployment')!,
          );
          expect(template.metadata.labels).toMatchObject({
            owner: 'team-payments',
            'cost-center': 'payments',
          });
          for (const container of template.spec.containers) {
            expect(container.image.startsWith(approvedRegistry)).toBe(true);
            expect(container.resources.requests).toMatchObject({
              cpu: expect.anything(),
              memory: expect.anything(),
            });
            expect(container.resources.limits).toMatchObject({
              cpu: expect.anything(),
              memory: expect.anything(),
            });
            expect(container.readinessProbe).toBeDefined();
            expect(container.livenessProbe).toBeDefined();
            const databaseSecrets = (container.env ?? []).flatMap(variable =>
              variable.valueFrom?.secretKeyRef
                ? [variable.valueFrom.secretKeyRef.name]
                : [],
            );
            expect(databaseSecrets).toEqual(
              choices.needsDatabase
                ? Array(4).fill('payments-api-db-connection')
                : [],
            );
          }
        },
      );

      it('renders the Helm chart to the same guarantees', async () => {
        const chart = await renderHelmChart(rendered.workspacePath, 'chart', {
          namespace: 'payments',
        });
        expect(chart.issues).toEqual([]);
        expect(chart.objects.map(({ object }) => object.kind).sort()).toEqual([
          'Deployment',
          'HorizontalPodAutoscaler',
          'PodDisruptionBudget',
          'Service',
          'ServiceAccount',
        ]);
        for (const { source, object } of chart.objects) {
          expect(validateKubernetesObject(object, source)).toEqual([]);
        }
        expect(checkWorkloadStandards(chart.objects, standards)).toEqual([]);
        const deployment = chart.objects.find(
          ({ object }) => object.kind === 'Deployment',
        )!.object;
        const envNames = (podSpec(deployment).spec.containers[0].env ?? []).map(
          variable => variable.name,
        );
        expect(envNames.includes('PGHOST')).toBe(choices.needsDatabase);
      });

      it('makes the chart fail on an image from an unapproved registry', async () => {
        const chart = await renderHelmChart(rendered.workspacePath, 'chart', {
          valueOverrides: { image: { repository: 'docker.io/library/node' } },
        });
        expect(chart.issues).toContainEqual({
          file: 'chart/templates/deployment.yaml',
          problem: expect.stringContaining(
            'image.repository "docker.io/library/node" is not from the approved registry registry.tidewater.example/',
          ),
        });
      });

      it('ships a Dockerfile that passes the lint rules', async () => {
        expect(lintDockerfile(await read('Dockerfile'), 'Dockerfile')).toEqual(
          [],
        );
      });

      it('ships valid monitoring resources and a RED dashboard', async () => {
        for (const file of [
          'monitoring/servicemonitor.yaml',
          'monitoring/prometheusrule.yaml',
        ]) {
          for (const object of readObjects(await read(file), file)) {
            expect(validateKubernetesObject(object, file)).toEqual([]);
          }
        }
        const dashboard = JSON.parse(
          await read('monitoring/grafana-dashboard.json'),
        );
        const expressions: string[] = dashboard.panels.flatMap(
          (panel: { targets: Array<{ expr: string }> }) =>
            panel.targets.map(target => target.expr),
        );
        expect(dashboard.title).toBe('payments-api RED');
        expect(expressions.join('\n')).toEqual(
          expect.stringContaining('http_requests_total{job="payments-api"}'),
        );
        expect(
          expressions.some(expr => expr.includes('status_code=~"5.."')),
        ).toBe(true);
        expect(
          expressions.some(expr =>
            expr.includes('http_request_duration_seconds_bucket'),
          ),
        ).toBe(true);
      });

      it('pins the reusable CI workflow and records the lock file', async () => {
        const ci = parseYamlDocuments(
          await read('.github/workflows/ci.yaml'),
          'ci',
        ).documents[0] as {
          jobs: Record<string, { uses: string; with: object }>;
        };
        expect(ci.jobs['node-service']).toMatchObject({
          uses: 'tidewater/ci-templates/.github/workflows/node-service.yaml@v3.2.0',
          with: {
            lint: true,
            test: true,
            build: true,
            scan: true,
            sign: "${{ github.event_name == 'push' }}",
            push: "${{ github.event_name == 'push' }}",
          },
        });

        const lock = JSON.parse(await read('.callboard/template.json'));
        expect(lock).toEqual({
          template: {
            name: 'service-nodejs',
            version: '1.0.0',
            entityRef: 'template:default/service-nodejs',
          },
          values,
          renderedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        });
        expect(Date.now() - Date.parse(lock.renderedAt)).toBeLessThan(120_000);
      });

      it('logs what it rendered and validated, never the values', () => {
        const messages = rendered.logger.info.mock.calls
          .map(([message]) => String(message))
          .join('\n');
        expect(messages).toMatch(/Rendered \d+ files/);
        expect(messages).toContain('3 kustomize overlay(s) built with kubectl');
        expect(messages).not.toContain(String(values.description));
        expect(messages).not.toContain('team-payments');
      });
    },
  );

  it('is fed every value the skeleton uses by template.yaml and the examples', async () => {
    const skeletonDir = join(
      repositoryRoot,
      'templates/service-nodejs/skeleton',
    );
    const used = new Set<string>();
    for (const file of await listFiles(skeletonDir)) {
      const text = `${file}\n${await readFile(
        join(skeletonDir, file),
        'utf8',
      )}`;
      for (const [tag] of text.matchAll(/(\$\{\{|\{%)[\s\S]*?(\}\}|%\})/g)) {
        for (const match of tag.matchAll(/values\.(\w+)/g)) {
          used.add(match[1]);
        }
      }
    }
    const template = yaml.parse(await readFile(serviceTemplateFile, 'utf8'));
    const steps: Array<{ id: string; action: string; input: JsonObject }> =
      template.spec.steps;
    expect(steps.map(step => `${step.id}:${step.action}`)).toEqual([
      'repository:callboard:golden-path:repository',
      'check-repository:callboard:repository:check',
      'render:callboard:golden-path:render',
      'check-catalog:catalog:fetch',
      'publish:publish:github',
      'register:catalog:register',
      'database:callboard:infrastructure:claim',
      'database-pull-request:callboard:github:pull-request',
    ]);
    const render = steps.find(step => step.id === 'render')!;
    expect(render.input.url).toBe('./skeleton');
    const passed = Object.keys(render.input.values as JsonObject);
    expect(passed.sort()).toEqual([...used].sort());
    for (const example of examples) {
      const input = yaml.parse(example.example).steps[0].input;
      expect(Object.keys(input.values).sort()).toEqual([...used].sort());
    }
  });

  it('names the repository after the service and checks its location before anything is created', async () => {
    const template = yaml.parse(await readFile(serviceTemplateFile, 'utf8'));
    const fields = template.spec.parameters.flatMap((page: JsonObject) =>
      Object.keys((page.properties as JsonObject) ?? {}),
    );
    expect(fields).not.toContain('repoUrl');
    expect(template.spec.parameters[0].properties.name['ui:field']).toBe(
      'ServiceName',
    );
    const [first, second] = template.spec.steps;
    expect(first).toEqual({
      id: 'repository',
      name: 'Check the name and choose the repository',
      action: 'callboard:golden-path:repository',
      input: { name: '${{ parameters.name }}' },
    });
    expect(second).toEqual({
      id: 'check-repository',
      name: 'Check the repository location',
      action: 'callboard:repository:check',
      input: {
        repoUrl: "${{ steps['repository'].output.repoUrl }}",
        name: '${{ parameters.name }}',
        // github.com is callboard.goldenPath.repository's default, localhost:7010 the sandbox.
        allowedHosts: ['github.com', 'localhost:7010'],
        allowedOwners: ['tidewater'],
      },
    });
  });

  it("passes the rendered repository's own npm install and npm test", async () => {
    const { workspacePath } = await testbed.run({
      url: './skeleton',
      values: realisticValues({ exposesApi: true, needsDatabase: true }),
    });
    const env = {
      ...process.env,
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    };
    await execFileAsync('npm', ['install'], { cwd: workspacePath, env });
    const { stdout } = await execFileAsync('npm', ['test'], {
      cwd: workspacePath,
      env,
    });
    expect(stdout).toMatch(/# fail 0/);
    expect(stdout).toMatch(/# pass [1-9]\d*/);
  }, 240_000);
});
