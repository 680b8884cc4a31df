import { InputError } from '@backstage/errors';
import type { RepositoryState } from './repositoryState';
import type { PullRequestRequest } from './request';
import type { TreeIndex } from './treeIndex';

export type UpsertResult = 'created' | 'updated' | 'unchanged';

export type FileChangeKind = 'added' | 'modified' | 'deleted';

export type FileMode = '100644' | '100755' | '040000' | '160000' | '120000';

export type PlannedChange = {
  path: string;
  change: FileChangeKind;
  /** The mode after the change; absent for deletions. */
  mode?: FileMode;
  previousMode?: FileMode;
  previousSha?: string;
  sizeBefore?: number;
  sizeAfter?: number;
};

/**
 * Everything an upsert will write, decided from one read of the repository.
 * Plain JSON, because it is stored as a checkpoint: a resumed task replays
 * the same plan instead of re-deciding against a half-written repository.
 */
export type UpsertPlan = {
  result: UpsertResult;
  baseBranch: string;
  /** Parent of the new commit: the branch tip, or the base tip for a new branch. */
  startCommitSha: string;
  startTreeSha: string;
  branchExists: boolean;
  changes: PlannedChange[];
  /** The open pull request; absent when one is to be created (or nothing is proposed). */
  pull?: { number: number; url: string; nodeId: string };
  edits?: { title?: string; body?: string; base?: string };
  /** For a new pull request its draft flag; for an open one the state to switch to. */
  draft?: boolean;
  labels: string[];
  reviewers: string[];
  teamReviewers: string[];
};

const FILE_MODES = new Set<string>([
  '100644',
  '100755',
  '040000',
  '160000',
  '120000',
]);

function asFileMode(mode: string): FileMode {
  return FILE_MODES.has(mode) ? (mode as FileMode) : '100644';
}

function missing(wanted: string[], present: string[]): string[] {
  const have = new Set(present.map(value => value.toLowerCase()));
  return wanted.filter(value => !have.has(value.toLowerCase()));
}

function sameText(a: string, b: string): boolean {
  // GitHub's web editor stores CRLF; the template renders LF.
  const normalise = (text: string) => text.replace(/\r\n/g, '\n').trim();
  return normalise(a) === normalise(b);
}

export function planFileChanges(
  request: PullRequestRequest,
  tree: TreeIndex,
): PlannedChange[] {
  const changes: PlannedChange[] = [];
  request.files.forEach((file, index) => {
    const existing = tree.get(file.path);
    if (existing?.type === 'tree') {
      throw new InputError(
        `Invalid path ${JSON.stringify(
          file.path,
        )} in files[${index}].path: it is a folder in the repository`,
      );
    }
    const keepMode =
      existing?.mode === '100755' ? ('100755' as const) : ('100644' as const);
    let mode: FileMode = keepMode;
    if (file.executable !== undefined) {
      mode = file.executable ? '100755' : '100644';
    }
    if (!existing) {
      changes.push({
        path: file.path,
        change: 'added',
        mode,
        sizeAfter: file.content.length,
      });
    } else if (existing.sha !== file.blobSha || existing.mode !== mode) {
      changes.push({
        path: file.path,
        change: 'modified',
        mode,
        previousMode: asFileMode(existing.mode),
        previousSha: existing.sha,
        sizeBefore: existing.size,
        sizeAfter: file.content.length,
      });
    }
  });

  const written = new Set(request.files.map(file => file.path));
  const deleted = new Set<string>();
  for (const path of request.deletions) {
    for (const entry of tree.filesAt(path)) {
      if (written.has(entry.path) || deleted.has(entry.path)) {
        continue;
      }
      deleted.add(entry.path);
      changes.push({
        path: entry.path,
        change: 'deleted',
        previousMode: asFileMode(entry.mode),
        previousSha: entry.sha,
        sizeBefore: entry.size,
      });
    }
  }
  return changes.sort((a, b) => a.path.localeCompare(b.path));
}

export function planUpsert(
  request: PullRequestRequest,
  state: RepositoryState,
): UpsertPlan {
  const changes = planFileChanges(request, state.tree);
  const start = state.head ?? state.base;
  if (!start) {
    throw new Error('Repository state without a start commit');
  }
  const common = {
    baseBranch: state.baseBranch,
    startCommitSha: start.commitSha,
    startTreeSha: start.treeSha,
    branchExists: state.head !== undefined,
    changes,
  };

  if (state.pull) {
    const pull = state.pull;
    const edits: NonNullable<UpsertPlan['edits']> = {};
    if (!sameText(pull.title, request.title)) {
      edits.title = request.title;
    }
    if (!sameText(pull.body, request.body)) {
      edits.body = request.body;
    }
    if (request.baseBranch && pull.baseRef !== request.baseBranch) {
      edits.base = request.baseBranch;
    }
    const draft =
      request.draft !== undefined && request.draft !== pull.draft
        ? request.draft
        : undefined;
    const labels = missing(request.labels, pull.labels);
    const reviewers = missing(request.reviewers, [
      ...pull.requestedReviewers,
      ...state.reviewedBy,
    ]);
    // GitHub drops a team's request once a member reviews, and REST does not
    // say on whose behalf a review was given: any review settles the teams.
    const teamReviewers =
      state.reviewedBy.length > 0
        ? []
        : missing(request.teamReviewers, pull.requestedTeams);
    const hasEdits = Object.keys(edits).length > 0;
    const updated =
      changes.length > 0 ||
      hasEdits ||
      draft !== undefined ||
      labels.length > 0 ||
      reviewers.length > 0 ||
      teamReviewers.length > 0;
    return {
      ...common,
      result: updated ? 'updated' : 'unchanged',
      pull: { number: pull.number, url: pull.url, nodeId: pull.nodeId },
      ...(hasEdits ? { edits } : {}),
      ...(draft !== undefined ? { draft } : {}),
      labels,
      reviewers,
      teamReviewers,
    };
  }

  const nothingToPropose =
    changes.length === 0 &&
    (!state.head || state.head.treeSha === state.base?.treeSha);
  if (nothingToPropose) {
    return {
      ...common,
      result: 'unchanged',
      labels: [],
      reviewers: [],
      teamReviewers: [],
    };
  }
  return {
    ...common,
    result: 'created',
    draft: request.draft ?? false,
    labels: request.labels,
    reviewers: request.reviewers,
    teamReviewers: request.teamReviewers,
  };
}
