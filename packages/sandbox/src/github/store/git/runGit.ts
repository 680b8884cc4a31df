import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

export interface RunGitOptions {
  input?: Buffer | string;
  env?: Record<string, string>;
  /** Exit codes that are answers rather than failures, e.g. 1 for `merge-base --is-ancestor`. */
  okExitCodes?: number[];
}

/** Keeps the developer's own git configuration from changing what the sandbox stores. */
export function isolatedGitEnv(
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    ...extra,
  };
}

export class GitCommandError extends Error {
  readonly exitCode: number;
  readonly stderr: string;

  constructor(args: string[], exitCode: number, stderr: string) {
    super(`git ${args.join(' ')} exited with ${exitCode}: ${stderr.trim()}`);
    this.name = 'GitCommandError';
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

export function runGit(
  gitDir: string,
  args: string[],
  options: RunGitOptions = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [`--git-dir=${gitDir}`, ...args], {
      env: isolatedGitEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', chunk => stdout.push(chunk));
    child.stderr.on('data', chunk => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', code => {
      const exitCode = code ?? 1;
      const result = {
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr).toString('utf8'),
        exitCode,
      };
      if (exitCode !== 0 && !(options.okExitCodes ?? []).includes(exitCode)) {
        reject(new GitCommandError(args, exitCode, result.stderr));
      } else {
        resolve(result);
      }
    });
    child.stdin.on('error', () => {
      // git may exit before reading all of stdin; its exit code tells the story.
    });
    child.stdin.end(options.input);
  });
}

/** For large outputs (archives) that should be streamed rather than buffered. */
export function streamGit(gitDir: string, args: string[]): Readable {
  const child = spawn('git', [`--git-dir=${gitDir}`, ...args], {
    env: isolatedGitEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: Buffer[] = [];
  child.stderr.on('data', chunk => stderr.push(chunk));
  child.on('close', code => {
    if (code !== 0) {
      child.stdout.destroy(
        new GitCommandError(
          args,
          code ?? 1,
          Buffer.concat(stderr).toString('utf8'),
        ),
      );
    }
  });
  return child.stdout;
}
