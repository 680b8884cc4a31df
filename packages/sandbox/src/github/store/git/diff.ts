import type { GitRepository } from './GitRepository';
import { runGit } from './runGit';

export type FileChangeStatus =
  | 'added'
  | 'removed'
  | 'modified'
  | 'renamed'
  | 'copied'
  | 'changed';

export interface FileChange {
  status: FileChangeStatus;
  filename: string;
  previousFilename: string | undefined;
  /** Blob sha on the head side, or on the base side for removed files. */
  sha: string;
  additions: number;
  deletions: number;
  /** Hunks only, as GitHub shows them; absent for binary files. */
  patch: string | undefined;
}

const RAW_STATUS: Record<string, FileChangeStatus> = {
  A: 'added',
  D: 'removed',
  M: 'modified',
  R: 'renamed',
  C: 'copied',
  T: 'changed',
};

interface RawEntry {
  status: FileChangeStatus;
  oldSha: string;
  newSha: string;
  filename: string;
  previousFilename: string | undefined;
}

function parseRaw(output: string): RawEntry[] {
  const fields = output.split('\0');
  const entries: RawEntry[] = [];
  let index = 0;
  while (index < fields.length && fields[index].startsWith(':')) {
    const [, , oldSha, newSha, statusField] = fields[index].slice(1).split(' ');
    const status = RAW_STATUS[statusField[0]] ?? 'changed';
    if (status === 'renamed' || status === 'copied') {
      entries.push({
        status,
        oldSha,
        newSha,
        previousFilename: fields[index + 1],
        filename: fields[index + 2],
      });
      index += 3;
    } else {
      entries.push({
        status,
        oldSha,
        newSha,
        previousFilename: undefined,
        filename: fields[index + 1],
      });
      index += 2;
    }
  }
  return entries;
}

function parseNumstat(
  output: string,
): Array<{ additions: number; deletions: number; binary: boolean }> {
  const fields = output.split('\0');
  const stats: Array<{
    additions: number;
    deletions: number;
    binary: boolean;
  }> = [];
  let index = 0;
  while (index < fields.length && fields[index] !== '') {
    const [added, deleted, pathField] = fields[index].split('\t');
    const binary = added === '-';
    stats.push({
      additions: binary ? 0 : Number(added),
      deletions: binary ? 0 : Number(deleted),
      binary,
    });
    // A rename leaves the path field empty and puts both paths in the next two fields.
    index += pathField === '' ? 3 : 1;
  }
  return stats;
}

function splitPatches(output: string): string[] {
  const sections = output.split(/^diff --git /m).slice(1);
  return sections.map(section => {
    const hunkStart = section.search(/^@@/m);
    return hunkStart === -1 ? '' : section.slice(hunkStart).replace(/\n$/, '');
  });
}

/** What changed between two commits, in the shape GitHub's files/compare endpoints need. */
export async function diffCommits(
  repository: GitRepository,
  base: string,
  head: string,
): Promise<FileChange[]> {
  const common = ['-r', '-M', '--no-color', '--no-ext-diff', base, head];
  const [raw, numstat, patch] = await Promise.all([
    runGit(repository.gitDir, ['diff-tree', '--raw', '-z', ...common]),
    runGit(repository.gitDir, ['diff-tree', '--numstat', '-z', ...common]),
    runGit(repository.gitDir, ['diff-tree', '-p', ...common]),
  ]);
  const entries = parseRaw(raw.stdout.toString('utf8'));
  const stats = parseNumstat(numstat.stdout.toString('utf8'));
  const patches = splitPatches(patch.stdout.toString('utf8'));
  return entries.map((entry, index) => {
    const stat = stats[index] ?? { additions: 0, deletions: 0, binary: false };
    return {
      status: entry.status,
      filename: entry.filename,
      previousFilename: entry.previousFilename,
      sha: entry.status === 'removed' ? entry.oldSha : entry.newSha,
      additions: stat.additions,
      deletions: stat.deletions,
      patch: stat.binary ? undefined : patches[index] || undefined,
    };
  });
}
