import { JsonObject } from '@backstage/types';
import { lstat, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createGoldenPathTestbed,
  realisticValues,
} from './__testUtils__/goldenPathTestbed';

const validCatalogInfo = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: \${{ values.name }}
spec:
  type: service
  lifecycle: experimental
  owner: group:default/team-payments
`;

const invalidDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: \${{ values.name }}
spec:
  replicas: two
  selector:
    matchLabels:
      app.kubernetes.io/name: \${{ values.name }}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: \${{ values.name }}
    spec:
      containers:
        - name: app
          image: registry.tidewater.example/tidewater/payments-api:0.1.0
`;

describe('callboard:golden-path:render', () => {
  const testbed = createGoldenPathTestbed();
  const values = realisticValues();

  async function refuse(input: JsonObject, templateFile?: string) {
    const { error, workspaceEntries } = await testbed.refusal(input, {
      templateFile,
    });
    return { name: error.name, message: error.message, workspaceEntries };
  }

  /** An InputError with the message, and nothing written to the workspace. */
  function refused(message: string | RegExp) {
    return {
      name: 'InputError',
      message:
        typeof message === 'string'
          ? expect.stringContaining(message)
          : expect.stringMatching(message),
      workspaceEntries: [],
    };
  }

  describe('refuses bad input before writing anything', () => {
    it.each([
      'Payments',
      'pa',
      'payments_api',
      '-payments',
      'payments-',
      'p'.repeat(41),
    ])('a name like %s that breaks the pattern', async name => {
      expect(
        await refuse({ url: './skeleton', values: { ...values, name } }),
      ).toEqual(
        refused(
          `values.name '${name}' must match ^[a-z][a-z0-9-]{1,38}[a-z0-9]$`,
        ),
      );
    });

    it('a missing name', async () => {
      const { name: _, ...rest } = values;
      expect(await refuse({ url: './skeleton', values: rest })).toEqual(
        refused('values.name is required and must be a string'),
      );
    });

    it('a value containing ../', async () => {
      expect(
        await refuse({
          url: './skeleton',
          values: { ...values, description: 'Copies ../../etc/passwd in' },
        }),
      ).toEqual(refused("values.description contains '../'"));
    });

    it('a value that is an absolute path', async () => {
      expect(
        await refuse({
          url: './skeleton',
          values: { ...values, system: '/etc/passwd' },
        }),
      ).toEqual(refused("values.system '/etc/passwd' is an absolute path"));
    });

    it('a value that is a Windows absolute path', async () => {
      expect(
        await refuse({
          url: './skeleton',
          values: { ...values, system: 'C:\\Windows' },
        }),
      ).toEqual(refused("values.system 'C:\\Windows' is an absolute path"));
    });

    it.each([
      '${{ values.owner }}',
      '{{ 7*7 }}',
      '{% include "x" %}',
      '{# hidden #}',
    ])('a value containing template syntax: %s', async description => {
      expect(
        await refuse({ url: './skeleton', values: { ...values, description } }),
      ).toEqual(
        refused(
          /^values\.description contains template syntax '(\$\{\{|\{\{|\{%|\{#)'; values are data, never templates$/,
        ),
      );
    });

    it('a value containing a NUL byte', async () => {
      expect(
        await refuse({
          url: './skeleton',
          values: { ...values, description: 'a\u0000b' },
        }),
      ).toEqual(refused('values.description contains a NUL byte'));
    });

    it('a bad value nested in a list', async () => {
      expect(
        await refuse({
          url: './skeleton',
          values: { ...values, tags: ['ok', '../up'] },
        }),
      ).toEqual(refused("values.tags[1] contains '../'"));
    });

    it('a value key that looks like a secret', async () => {
      expect(
        await refuse({
          url: './skeleton',
          values: { ...values, githubToken: 'ghp_x' },
        }),
      ).toEqual(refused('values.githubToken looks like a secret'));
    });

    it('a targetPath that leaves the workspace', async () => {
      expect(
        await refuse({ url: './skeleton', values, targetPath: '../elsewhere' }),
      ).toEqual(refused("targetPath contains '../'"));
    });

    it('a skeleton symlink to an absolute path outside', async () => {
      const templateFile = testbed.createTemplate({
        'catalog-info.yaml': validCatalogInfo,
        'leak.txt': ({ symlink }) => symlink('/etc/hostname'),
      });
      expect(await refuse({ url: './skeleton', values }, templateFile)).toEqual(
        refused(
          "Skeleton symlink 'leak.txt' points to '/etc/hostname', an absolute path; refusing to copy it",
        ),
      );
    });

    it('a skeleton symlink climbing out of the skeleton', async () => {
      const templateFile = testbed.createTemplate({
        'catalog-info.yaml': validCatalogInfo,
        'docs/leak.md': ({ symlink }) => symlink('../../template.yaml'),
      });
      expect(await refuse({ url: './skeleton', values }, templateFile)).toEqual(
        refused(
          "Skeleton symlink 'docs/leak.md' points to '../../template.yaml', outside the skeleton",
        ),
      );
    });

    it('a skeleton path that renders outside the repository', async () => {
      const templateFile = testbed.createTemplate({
        'catalog-info.yaml': validCatalogInfo,
        '{% if values.exposesApi %}..{% endif %}/escape.txt': 'x',
      });
      expect(await refuse({ url: './skeleton', values }, templateFile)).toEqual(
        refused(
          "Skeleton path '{% if values.exposesApi %}..{% endif %}' renders to '..', which is outside the repository",
        ),
      );
    });

    it('a skeleton tag reaching for JavaScript internals', async () => {
      const templateFile = testbed.createTemplate({
        'catalog-info.yaml': validCatalogInfo,
        'x.txt': '${{ values.name.constructor }}',
      });
      expect(await refuse({ url: './skeleton', values }, templateFile)).toEqual(
        refused("Skeleton file 'x.txt' uses 'constructor' in a template tag"),
      );
    });

    it('a skeleton that uses a value nobody passed', async () => {
      const templateFile = testbed.createTemplate({
        'catalog-info.yaml': validCatalogInfo,
        'x.txt': '${{ values.missing }}',
      });
      expect(await refuse({ url: './skeleton', values }, templateFile)).toEqual(
        refused(/^Skeleton file 'x\.txt' does not render: .*undefined/),
      );
    });
  });

  describe('refuses an invalid rendered repository without writing it', () => {
    it('an invalid catalog-info.yaml, naming the file', async () => {
      const templateFile = testbed.createTemplate({
        'catalog-info.yaml': validCatalogInfo.replace(
          '  owner: group:default/team-payments\n',
          '',
        ),
      });
      expect(await refuse({ url: './skeleton', values }, templateFile)).toEqual(
        refused(
          /failed validation with 1 problem\(s\):\n {2}- catalog-info\.yaml: Component 'payments-api' is not a valid catalog entity: .*owner/,
        ),
      );
    });

    it('an invalid manifest, naming the file and the problem', async () => {
      const templateFile = testbed.createTemplate({
        'catalog-info.yaml': validCatalogInfo,
        'deploy/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
        'deploy/base/deployment.yaml': invalidDeployment,
      });
      expect(await refuse({ url: './skeleton', values }, templateFile)).toEqual(
        refused(
          "deploy/base/deployment.yaml (via deploy/base/kustomization.yaml): Deployment 'payments-api': .spec.replicas must be integer",
        ),
      );
    });

    it('a manifest breaking the platform policy', async () => {
      const templateFile = testbed.createTemplate({
        'catalog-info.yaml': validCatalogInfo,
        'deploy/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
        'deploy/base/deployment.yaml': invalidDeployment.replace(
          'replicas: two',
          'replicas: 2',
        ),
      });
      const { error } = await testbed.refusal(
        { url: './skeleton', values },
        { templateFile },
      );
      expect(error.message).toContain(
        "Deployment 'payments-api': container 'app' has no readinessProbe",
      );
      expect(error.message).toContain("lacks the label 'cost-center'");
      expect(error.message).toContain('no HorizontalPodAutoscaler targets it');
    });

    it('a Dockerfile breaking the lint rules', async () => {
      const templateFile = testbed.createTemplate({
        'catalog-info.yaml': validCatalogInfo,
        Dockerfile: 'FROM node:latest\nCOPY . .\nCMD node index.js\n',
      });
      const { error } = await testbed.refusal(
        { url: './skeleton', values },
        { templateFile },
      );
      expect(error.message).toContain(
        "Dockerfile: line 1: DL3007 FROM must not use the 'latest' tag",
      );
      expect(error.message).toContain('Dockerfile: line 3: DL3025');
    });

    it('YAML that does not parse', async () => {
      const templateFile = testbed.createTemplate({
        'catalog-info.yaml': validCatalogInfo,
        'config/settings.yaml': 'a: [\n',
      });
      expect(await refuse({ url: './skeleton', values }, templateFile)).toEqual(
        refused(/config\/settings\.yaml: YAML does not parse/),
      );
    });

    it('a skeleton that writes the lock file itself', async () => {
      const templateFile = testbed.createTemplate({
        'catalog-info.yaml': validCatalogInfo,
        '.callboard/template.json': '{}',
      });
      expect(await refuse({ url: './skeleton', values }, templateFile)).toEqual(
        refused('The skeleton must not contain .callboard/template.json'),
      );
    });
  });

  it('keeps symlinks that stay inside the skeleton and copies binary files untouched', async () => {
    const binary = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x00, 0x24, 0x7b, 0x7b,
    ]);
    const templateFile = testbed.createTemplate({
      'catalog-info.yaml': validCatalogInfo,
      'docs/index.md': '# ${{ values.name }}\n',
      'README.md': ({ symlink }) => symlink('docs/index.md'),
      'docs/logo.png': binary,
    });
    const { workspacePath, outputs } = await testbed.run(
      { url: './skeleton', values, targetPath: 'service' },
      { templateFile },
    );
    const root = join(workspacePath, 'service');
    expect((await lstat(join(root, 'README.md'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(root, 'README.md'))).toBe('docs/index.md');
    expect(await readFile(join(root, 'README.md'), 'utf8')).toBe(
      '# payments-api\n',
    );
    expect(await readFile(join(root, 'docs/logo.png'))).toEqual(binary);
    expect(outputs).toEqual({
      files: [
        'service/.callboard/template.json',
        'service/README.md',
        'service/catalog-info.yaml',
        'service/docs/index.md',
        'service/docs/logo.png',
      ],
      lockFile: 'service/.callboard/template.json',
      entityRef: 'component:default/payments-api',
    });
  });

  it('defaults the template name and version from the task and honours explicit ones', async () => {
    const templateFile = testbed.createTemplate({
      'catalog-info.yaml': validCatalogInfo,
    });
    const byDefault = await testbed.run(
      { url: './skeleton', values },
      { templateFile },
    );
    const explicit = await testbed.run(
      {
        url: './skeleton',
        values,
        templateName: 'payments-golden',
        templateVersion: '2.1.0',
      },
      { templateFile },
    );
    const lock = async (workspacePath: string) =>
      JSON.parse(
        await readFile(join(workspacePath, '.callboard/template.json'), 'utf8'),
      ).template;
    expect(await lock(byDefault.workspacePath)).toEqual({
      name: 'service-nodejs',
      version: '1.0.0',
      entityRef: 'template:default/service-nodejs',
    });
    expect(await lock(explicit.workspacePath)).toEqual({
      name: 'payments-golden',
      version: '2.1.0',
      entityRef: 'template:default/service-nodejs',
    });
  });
});
