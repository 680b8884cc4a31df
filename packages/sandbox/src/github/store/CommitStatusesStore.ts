import { validationFailed } from './errors';
import type { StoreContext } from './StoreContext';
import type { CommitStatusRecord, RepoRef } from './types';

export interface CreateCommitStatusInput extends RepoRef {
  sha: string;
  state: CommitStatusRecord['state'];
  context?: string;
  description?: string | null;
  targetUrl?: string | null;
  creator: string;
  createdAt?: string;
}

export interface CombinedStatus {
  state: 'failure' | 'pending' | 'success';
  /** Latest status per context, newest first. */
  statuses: CommitStatusRecord[];
}

/** Commit statuses (the pre-checks API) that CI reports and branch protection requires. */
export class CommitStatusesStore {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  async create(input: CreateCommitStatusInput): Promise<CommitStatusRecord> {
    const repo = this.#context.requireRepository(input);
    const git = this.#context.gitOf(repo);
    if ((await git.objectType(input.sha)) !== 'commit') {
      throw validationFailed({
        resource: 'Status',
        code: 'custom',
        field: 'sha',
        message: `No commit found for SHA: ${input.sha}`,
      });
    }
    const creator = this.#context.requireAccount(input.creator);
    const createdAt = input.createdAt ?? this.#context.now();
    const status: CommitStatusRecord = {
      id: this.#context.state.nextId('status'),
      repoId: repo.id,
      sha: input.sha,
      state: input.state,
      context: input.context ?? 'default',
      description: input.description ?? null,
      targetUrl: input.targetUrl ?? null,
      creatorId: creator.id,
      createdAt,
      updatedAt: createdAt,
    };
    this.#context.data.commitStatuses.push(status);
    this.#context.changed();
    return status;
  }

  list(ref: RepoRef, sha: string): CommitStatusRecord[] {
    const repo = this.#context.requireRepository(ref);
    return this.#context.data.commitStatuses
      .filter(status => status.repoId === repo.id && status.sha === sha)
      .sort((a, b) => b.id - a.id);
  }

  combined(ref: RepoRef, sha: string): CombinedStatus {
    const latest = new Map<string, CommitStatusRecord>();
    for (const status of this.list(ref, sha)) {
      if (!latest.has(status.context)) {
        latest.set(status.context, status);
      }
    }
    const statuses = [...latest.values()];
    let state: CombinedStatus['state'] = 'success';
    if (statuses.some(s => s.state === 'error' || s.state === 'failure')) {
      state = 'failure';
    } else if (
      statuses.length === 0 ||
      statuses.some(s => s.state === 'pending')
    ) {
      state = 'pending';
    }
    return { state, statuses };
  }
}
