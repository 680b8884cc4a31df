import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { GitHubSandbox } from '../server';
import { temporaryDirectory } from './testSandbox';

/** `integrations.github` pointing at the sandbox the way a GHES host is configured. */
export function sandboxConfig(sandbox: GitHubSandbox, token?: string) {
  return new ConfigReader({
    integrations: {
      github: [
        {
          host: sandbox.host,
          apiBaseUrl: sandbox.apiBaseUrl,
          rawBaseUrl: sandbox.rawBaseUrl,
          ...(token ? { token } : {}),
        },
      ],
    },
    scaffolder: {
      defaultAuthor: { name: 'Scaffolder', email: 'scaffolder@example.com' },
    },
  });
}

export function sandboxIntegrations(sandbox: GitHubSandbox, token?: string) {
  return ScmIntegrations.fromConfig(sandboxConfig(sandbox, token));
}

export interface RecordingLogger {
  info(message: string): void;
  debug(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  child(): RecordingLogger;
  warnings: string[];
  errors: string[];
}

/** Keeps warnings and errors: the GitHub actions log (rather than throw) when a step is skipped. */
export function recordingLogger(): RecordingLogger {
  const logger: RecordingLogger = {
    warnings: [],
    errors: [],
    info: () => {},
    debug: () => {},
    warn: message => logger.warnings.push(String(message)),
    error: message => logger.errors.push(String(message)),
    child: () => logger,
  };
  return logger;
}

/** A scaffolder workspace with the given files. */
export async function workspaceWith(
  files: Record<string, string>,
): Promise<string> {
  const dir = await temporaryDirectory('sandbox-workspace-');
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), content);
  }
  return dir;
}

/** The parts of a scaffolder action context these actions use; checkpoints simply run. */
export function actionContext<TInput>(input: TInput, workspacePath: string) {
  const outputs: Record<string, unknown> = {};
  const logger = recordingLogger();
  return {
    outputs,
    logger,
    context: {
      input,
      workspacePath,
      logger,
      output: (name: string, value: unknown) => {
        outputs[name] = value;
      },
      checkpoint: async <T>({
        fn,
      }: {
        key: string;
        fn: () => Promise<T> | T;
      }) => fn(),
      createTemporaryDirectory: () => temporaryDirectory('sandbox-action-'),
      getInitiatorCredentials: async () => ({
        $$type: '@backstage/BackstageCredentials' as const,
        principal: {
          type: 'user' as const,
          userEntityRef: 'user:default/alice',
        },
      }),
      task: { id: 'task-1' },
    },
  };
}
