import { notFound } from './errors';
import type { StoreContext } from './StoreContext';
import type { BranchProtectionRecord, RepoRef } from './types';

export type BranchProtectionInput = Omit<
  BranchProtectionRecord,
  'repoId' | 'branch' | 'requiredSignatures'
> & { requiredSignatures?: boolean };

/** Protection rules per branch. Merges consult them through {@link get}. */
export class BranchProtectionStore {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  get(ref: RepoRef, branch: string): BranchProtectionRecord | undefined {
    const repo = this.#context.requireRepository(ref);
    return this.#context.data.branchProtections.find(
      p => p.repoId === repo.id && p.branch === branch,
    );
  }

  async set(
    ref: RepoRef,
    branch: string,
    input: BranchProtectionInput,
  ): Promise<BranchProtectionRecord> {
    const repo = this.#context.requireRepository(ref);
    await this.#requireBranch(ref, branch);
    const existing = this.get(ref, branch);
    const record: BranchProtectionRecord = {
      ...input,
      repoId: repo.id,
      branch,
      requiredSignatures:
        input.requiredSignatures ?? existing?.requiredSignatures ?? false,
    };
    this.#context.data.branchProtections = [
      ...this.#context.data.branchProtections.filter(p => p !== existing),
      record,
    ];
    this.#context.changed();
    return record;
  }

  remove(ref: RepoRef, branch: string): void {
    const existing = this.get(ref, branch);
    if (!existing) {
      throw notFound('Branch not protected');
    }
    this.#context.data.branchProtections =
      this.#context.data.branchProtections.filter(p => p !== existing);
    this.#context.changed();
  }

  setRequiredSignatures(
    ref: RepoRef,
    branch: string,
    enabled: boolean,
  ): BranchProtectionRecord {
    const existing = this.get(ref, branch);
    if (!existing) {
      throw notFound('Branch not protected');
    }
    existing.requiredSignatures = enabled;
    this.#context.changed();
    return existing;
  }

  async #requireBranch(ref: RepoRef, branch: string): Promise<void> {
    const repo = this.#context.requireRepository(ref);
    const sha = await this.#context.gitOf(repo).readRef(`refs/heads/${branch}`);
    if (!sha) {
      throw notFound('Branch not found');
    }
  }
}
