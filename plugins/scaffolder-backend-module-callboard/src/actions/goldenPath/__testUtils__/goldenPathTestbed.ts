import {
  MockDirectoryContent,
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject, JsonValue } from '@backstage/types';
import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createGoldenPathRenderAction } from '../renderGoldenPath';

export const repositoryRoot = resolve(__dirname, '../../../../../..');
export const serviceTemplateFile = join(
  repositoryRoot,
  'templates/service-nodejs/template.yaml',
);

export type ServiceChoices = { exposesApi: boolean; needsDatabase: boolean };

export function realisticValues(
  choices: ServiceChoices = { exposesApi: true, needsDatabase: false },
  overrides: JsonObject = {},
): JsonObject {
  return {
    name: 'payments-api',
    description:
      'Takes card payments for the storefront: cards, wallets & refunds',
    owner: 'group:default/team-payments',
    ownerName: 'team-payments',
    system: 'system:default/payments',
    systemName: 'payments',
    costCenter: 'payments',
    lifecycle: 'experimental',
    repoSlug: 'tidewater/payments-api',
    ...choices,
    ...overrides,
  };
}

export type RunResult = {
  workspacePath: string;
  outputs: Record<string, JsonValue>;
  logger: ReturnType<typeof mockServices.logger.mock>;
};

/**
 * Runs the render action the way the scaffolder would for a template stored
 * on disk: `templateInfo.baseUrl` points at the template file, so a relative
 * `url` resolves next to it. Every run gets a fresh workspace.
 */
export function createGoldenPathTestbed() {
  const mockDir = createMockDirectory();
  const action = createGoldenPathRenderAction({
    reader: mockServices.urlReader.mock(),
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  });
  let runs = 0;

  async function execute(
    input: JsonObject,
    options: { templateFile?: string },
  ): Promise<{ result?: RunResult; error?: Error; workspacePath: string }> {
    runs += 1;
    const workspacePath = mockDir.resolve(`run-${runs}/workspace`);
    const scratch = mockDir.resolve(`run-${runs}/scratch`);
    await mkdir(workspacePath, { recursive: true });
    await mkdir(scratch, { recursive: true });
    const logger = mockServices.logger.mock();
    const outputs: Record<string, JsonValue> = {};
    // createMockActionContext ignores output and createTemporaryDirectory
    // overrides (its temporary directory is the workspace itself), so both
    // are replaced afterwards.
    const context = {
      ...createMockActionContext({
        input,
        workspacePath,
        logger,
        templateInfo: {
          entityRef: 'template:default/service-nodejs',
          baseUrl: pathToFileURL(options.templateFile ?? serviceTemplateFile)
            .href,
          entity: {
            metadata: {
              name: 'service-nodejs',
              annotations: { 'callboard.dev/template-version': '1.0.0' },
            },
          },
        },
      }),
      createTemporaryDirectory: () => mkdtemp(join(scratch, 'tmp-')),
      output: (name: string, value: JsonValue) => {
        outputs[name] = value;
      },
    };
    try {
      await action.handler(context as Parameters<typeof action.handler>[0]);
      return { result: { workspacePath, outputs, logger }, workspacePath };
    } catch (error) {
      return { error: error as Error, workspacePath };
    }
  }

  async function run(
    input: JsonObject,
    options: { templateFile?: string } = {},
  ): Promise<RunResult> {
    const { result, error } = await execute(input, options);
    if (!result) {
      throw error;
    }
    return result;
  }

  /** Runs the action expecting a refusal; reports what was left in the workspace. */
  async function refusal(
    input: JsonObject,
    options: { templateFile?: string } = {},
  ): Promise<{ error: Error; workspaceEntries: string[] }> {
    const { error, workspacePath } = await execute(input, options);
    if (!error) {
      throw new Error('Expected the action to refuse the input');
    }
    return { error, workspaceEntries: await readdir(workspacePath) };
  }

  /** Writes a throwaway template (template.yaml next to skeleton/) and returns its file. */
  function createTemplate(skeleton: MockDirectoryContent): string {
    runs += 1;
    const name = `template-${runs}`;
    mockDir.addContent({
      [name]: { 'template.yaml': 'kind: Template\n', skeleton },
    });
    return mockDir.resolve(name, 'template.yaml');
  }

  return { run, refusal, createTemplate, mockDir };
}
