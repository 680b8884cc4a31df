import {
  isChildPath,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  chmod,
  copyFile,
  lstat,
  mkdir,
  readFile,
  readdir,
  readlink,
  realpath,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { dirname, isAbsolute, posix, resolve } from 'node:path';
import nunjucks from 'nunjucks';

export type SkeletonEntry =
  | { kind: 'directory'; path: string }
  | { kind: 'file'; path: string; mode: number }
  | { kind: 'symlink'; path: string; target: string };

/** Lists a skeleton without following symlinks; paths are POSIX and relative. */
export async function listSkeleton(root: string): Promise<SkeletonEntry[]> {
  const entries: SkeletonEntry[] = [];
  async function visit(relativeDir: string): Promise<void> {
    const children = await readdir(resolve(root, relativeDir), {
      withFileTypes: true,
    });
    for (const child of children.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = relativeDir ? `${relativeDir}/${child.name}` : child.name;
      const absolute = resolve(root, path);
      const stats = await lstat(absolute);
      if (stats.isSymbolicLink()) {
        entries.push({
          kind: 'symlink',
          path,
          target: await readlink(absolute),
        });
      } else if (stats.isDirectory()) {
        entries.push({ kind: 'directory', path });
        await visit(path);
      } else if (stats.isFile()) {
        entries.push({ kind: 'file', path, mode: stats.mode & 0o777 });
      } else {
        throw new InputError(
          `Skeleton entry '${path}' is neither a file, a directory nor a symlink`,
        );
      }
    }
  }
  await visit('');
  return entries;
}

/**
 * Refuses symlinks that lead outside the skeleton, checked both lexically
 * (the link text) and through realpath (chains of links), before anything is
 * copied. A link may only name a relative path that stays inside.
 */
export async function assertSymlinksStayInside(
  root: string,
  entries: SkeletonEntry[],
): Promise<void> {
  const realRoot = await realpath(root);
  for (const entry of entries) {
    if (entry.kind !== 'symlink') {
      continue;
    }
    const refuse = (why: string) =>
      new InputError(
        `Skeleton symlink '${entry.path}' points to '${entry.target}', ${why}; refusing to copy it`,
      );
    if (isAbsolute(entry.target)) {
      throw refuse('an absolute path');
    }
    const lexicalTarget = resolve(root, dirname(entry.path), entry.target);
    if (!isChildPath(root, lexicalTarget)) {
      throw refuse('outside the skeleton');
    }
    let realTarget: string;
    try {
      realTarget = await realpath(resolve(root, entry.path));
    } catch {
      throw refuse('which does not exist');
    }
    if (!isChildPath(realRoot, realTarget)) {
      throw refuse('outside the skeleton');
    }
  }
}

export type TemplateRenderer = (source: string, origin: string) => string;

// Member names that reach JavaScript internals from inside nunjucks; the
// skeleton is trusted, but rendering must still not be a way to run code.
const forbiddenInTags = /\b(constructor|__proto__|prototype)\b/;
const tagPattern = /(\$\{\{|\{%)([\s\S]*?)(\}\}|%\})/g;

/**
 * A nunjucks renderer with the scaffolder's `${{ }}` variable tags and `{% %}`
 * block tags. It sees only `values`, has no loader (so no include, import or
 * extends), no autoescaping, and fails on undefined variables rather than
 * printing nothing. Block tags trim their own line (trimBlocks and
 * lstripBlocks), so `{% if %}` lines leave no blank lines behind.
 */
export function createTemplateRenderer(values: JsonObject): TemplateRenderer {
  const environment = new nunjucks.Environment(null, {
    autoescape: false,
    throwOnUndefined: true,
    trimBlocks: true,
    lstripBlocks: true,
    tags: { variableStart: '${{', variableEnd: '}}' },
  });
  environment.addFilter('dump', (value: unknown, spaces?: number) =>
    JSON.stringify(value, null, spaces),
  );
  const context = { values };
  return (source, origin) => {
    for (const match of source.matchAll(tagPattern)) {
      if (forbiddenInTags.test(match[2])) {
        throw new InputError(
          `Skeleton ${origin} uses '${
            forbiddenInTags.exec(match[2])?.[1]
          }' in a template tag, which is not allowed`,
        );
      }
    }
    try {
      return environment.renderString(source, context);
    } catch (error) {
      throw new InputError(
        `Skeleton ${origin} does not render: ${(error as Error).message
          .replace(/\s+/g, ' ')
          .trim()}`,
      );
    }
  };
}

export type RenderedSkeleton = {
  /** Relative POSIX paths of the files and symlinks written. */
  files: string[];
};

/**
 * Renders every entry's path and every text file's content into `outputDir`.
 * An entry whose rendered path has an empty segment (a condition that
 * rendered to nothing, like `{% if values.x %}name{% endif %}`) is skipped,
 * as fetch:template does. Binary files are copied untouched.
 */
export async function renderSkeleton(options: {
  skeletonDir: string;
  entries: SkeletonEntry[];
  outputDir: string;
  render: TemplateRenderer;
}): Promise<RenderedSkeleton> {
  const { skeletonDir, entries, outputDir, render } = options;
  const written = new Map<string, string>();
  for (const entry of entries) {
    const renderedPath = render(entry.path, `path '${entry.path}'`);
    if (renderedPath.split('/').some(segment => segment === '')) {
      continue;
    }
    const outputPath = safeOutputPath(outputDir, renderedPath, entry.path);
    if (entry.kind === 'directory') {
      await mkdir(outputPath, { recursive: true });
      continue;
    }
    const earlier = written.get(renderedPath);
    if (earlier) {
      throw new InputError(
        `Skeleton entries '${earlier}' and '${entry.path}' both render to '${renderedPath}'`,
      );
    }
    written.set(renderedPath, entry.path);
    await mkdir(dirname(outputPath), { recursive: true });
    if (entry.kind === 'symlink') {
      const target = resolve(dirname(outputPath), entry.target);
      if (!isChildPath(outputDir, target)) {
        throw new InputError(
          `Skeleton symlink '${entry.path}' renders to '${renderedPath}', whose target '${entry.target}' would be outside the repository`,
        );
      }
      await symlink(entry.target, outputPath);
      continue;
    }
    const content = await readFile(
      resolveSafeChildPath(skeletonDir, entry.path),
    );
    const text = decodeText(content);
    await writeFile(
      outputPath,
      text === undefined ? content : render(text, `file '${entry.path}'`),
      { mode: entry.mode },
    );
  }
  return { files: [...written.keys()].sort() };
}

function safeOutputPath(
  outputDir: string,
  renderedPath: string,
  origin: string,
): string {
  const segments = renderedPath.split('/');
  if (
    posix.isAbsolute(renderedPath) ||
    segments.includes('..') ||
    renderedPath.includes('\0')
  ) {
    throw new InputError(
      `Skeleton path '${origin}' renders to '${renderedPath}', which is outside the repository`,
    );
  }
  try {
    return resolveSafeChildPath(outputDir, renderedPath);
  } catch {
    throw new InputError(
      `Skeleton path '${origin}' renders to '${renderedPath}', which is outside the repository`,
    );
  }
}

// Text is UTF-8 without NUL bytes (git's heuristic); anything else is binary.
function decodeText(content: Buffer): string | undefined {
  if (content.subarray(0, 8000).includes(0)) {
    return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return undefined;
  }
}

/** Copies one rendered file or symlink into place, replacing what was there. */
export async function copyIntoWorkspace(
  source: string,
  destination: string,
): Promise<void> {
  await mkdir(dirname(destination), { recursive: true });
  const stats = await lstat(source);
  await rm(destination, { force: true });
  if (stats.isSymbolicLink()) {
    // The link target was checked to stay inside the rendered tree.
    await symlink(await readlink(source), destination);
    return;
  }
  await copyFile(source, destination);
  await chmod(destination, stats.mode & 0o777);
}
