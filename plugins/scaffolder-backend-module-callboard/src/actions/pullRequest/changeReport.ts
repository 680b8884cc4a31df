import { createTwoFilesPatch } from 'diff';
import type { PullRequestGithubApi } from './githubApi';
import type { FileChangeKind, PlannedChange } from './plan';
import type { PullRequestRequest } from './request';

/** One entry of the `changes` output. */
export type ChangeReport = {
  path: string;
  change: FileChangeKind;
  sizeBefore?: number;
  sizeAfter?: number;
  /** Dry run only. */
  binary?: boolean;
  /** Dry run only: a unified diff for text files. */
  diff?: string;
};

/** git's heuristic: a NUL byte in the first 8000 bytes means binary. */
function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

export function summarizeChanges(changes: PlannedChange[]): ChangeReport[] {
  return changes.map(change => ({
    path: change.path,
    change: change.change,
    ...(change.sizeBefore !== undefined
      ? { sizeBefore: change.sizeBefore }
      : {}),
    ...(change.sizeAfter !== undefined ? { sizeAfter: change.sizeAfter } : {}),
  }));
}

function unifiedDiff(
  change: PlannedChange,
  before: string,
  after: string,
): string {
  const patch = createTwoFilesPatch(
    change.change === 'added' ? '/dev/null' : `a/${change.path}`,
    change.change === 'deleted' ? '/dev/null' : `b/${change.path}`,
    before,
    after,
    undefined,
    undefined,
    { context: 3 },
  );
  const modeLine =
    change.change === 'modified' && change.previousMode !== change.mode
      ? `old mode ${change.previousMode}\nnew mode ${change.mode}\n`
      : '';
  return `${modeLine}${patch}`;
}

/**
 * The dry-run view of a plan: per file, a unified diff for text or the sizes
 * for binary content. Reads the current blobs, so it costs one GET per
 * modified or deleted file, which real runs do not spend.
 */
export async function describeChangesWithDiffs(
  changes: PlannedChange[],
  request: PullRequestRequest,
  api: PullRequestGithubApi,
): Promise<ChangeReport[]> {
  const filesByPath = new Map(request.files.map(file => [file.path, file]));
  const reports: ChangeReport[] = [];
  for (const change of changes) {
    const before =
      change.previousSha !== undefined
        ? await api.blob(change.previousSha, change.path)
        : Buffer.alloc(0);
    const after = filesByPath.get(change.path)?.content ?? Buffer.alloc(0);
    const binary = isBinary(before) || isBinary(after);
    const report: ChangeReport = {
      path: change.path,
      change: change.change,
      binary,
    };
    if (change.change !== 'added') {
      report.sizeBefore = before.length;
    }
    if (change.change !== 'deleted') {
      report.sizeAfter = after.length;
    }
    if (!binary) {
      report.diff = unifiedDiff(
        change,
        before.toString('utf8'),
        after.toString('utf8'),
      );
    }
    reports.push(report);
  }
  return reports;
}

export function formatChangeLine(report: ChangeReport): string {
  if (report.binary) {
    const sizes = [report.sizeBefore, report.sizeAfter]
      .filter(size => size !== undefined)
      .map(size => `${size} bytes`)
      .join(' -> ');
    return `${report.change} ${report.path} (binary, ${sizes})`;
  }
  return `${report.change} ${report.path}`;
}
