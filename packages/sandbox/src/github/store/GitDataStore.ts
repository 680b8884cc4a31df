import {
  conflict,
  EMPTY_REPOSITORY_MESSAGE,
  notFound,
  StoreError,
  unprocessable,
} from './errors';
import { ZERO_SHA } from './events';
import { GitRepository } from './git/GitRepository';
import { GitSignature, isValidRefName, toGitSignature } from './git/objects';
import type { StoreContext } from './StoreContext';
import type { AccountRecord, RepoRef, RepositoryRecord } from './types';

export interface CommitIdentityInput {
  name: string;
  email: string;
  /** ISO 8601; an explicit offset is kept as the commit's timezone. */
  date?: string;
}

export type FileChangeInput =
  | {
      path: string;
      content: string | Buffer;
      mode?: '100644' | '100755' | '120000';
    }
  | { path: string; delete: true };

export interface WriteCommitInput extends RepoRef {
  parents: string[];
  message: string;
  author: CommitIdentityInput;
  committer?: CommitIdentityInput;
  /** An existing tree; otherwise `changes` are applied to the first parent's tree. */
  tree?: string;
  changes?: FileChangeInput[];
  signature?: string | null;
}

export interface CommitToBranchInput extends RepoRef {
  branch: string;
  message: string;
  changes: FileChangeInput[];
  author?: CommitIdentityInput;
  committer?: CommitIdentityInput;
  /** Fail with 409 unless the branch still points here (optimistic concurrency). */
  expectedHeadSha?: string;
  /** Branch or sha to start a missing branch from; defaults to the default branch. */
  startFrom?: string;
  /** Login of the user the push event is attributed to. */
  pusher?: string;
}

export interface RefUpdate {
  ref: string;
  before: string;
  after: string;
}

export function defaultIdentityOf(account: AccountRecord): {
  name: string;
  email: string;
} {
  return {
    name: account.name ?? account.login,
    email:
      account.email ??
      `${account.id}+${account.login}@users.noreply.github.com`,
  };
}

/**
 * Git data behind the REST git/contents endpoints and for seeding: writes
 * commits without touching refs (cheap, for building long histories), moves
 * refs with compare-and-swap, and turns every ref change into a push event.
 */
export class GitDataStore {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  repository(ref: RepoRef): GitRepository {
    return this.#context.gitOf(this.#context.requireRepository(ref));
  }

  async writeCommit(input: WriteCommitInput): Promise<string> {
    const git = this.repository(input);
    let tree = input.tree;
    if (!tree) {
      const parent = input.parents[0]
        ? await git.readCommit(input.parents[0])
        : undefined;
      if (input.parents[0] && !parent) {
        throw unprocessable(
          'Parent SHA does not exist or is not a commit object',
        );
      }
      tree = await this.#applyChanges(
        git,
        parent?.tree ?? null,
        input.changes ?? [],
      );
    }
    const author = this.#signature(input.author);
    return git.writeCommit({
      tree,
      parents: input.parents,
      author,
      committer: input.committer ? this.#signature(input.committer) : author,
      message: input.message,
      signature: input.signature ?? null,
    });
  }

  async #applyChanges(
    git: GitRepository,
    baseTree: string | null,
    changes: FileChangeInput[],
  ): Promise<string> {
    const treeChanges = await Promise.all(
      changes.map(async change => {
        if ('delete' in change) {
          return { path: change.path, mode: '100644', sha: null };
        }
        const content =
          typeof change.content === 'string'
            ? Buffer.from(change.content, 'utf8')
            : change.content;
        return {
          path: change.path,
          mode: change.mode ?? '100644',
          sha: await git.writeBlob(content),
        };
      }),
    );
    return git.editTree(baseTree, treeChanges);
  }

  #signature(identity: CommitIdentityInput): GitSignature {
    try {
      return toGitSignature(identity, this.#context.now());
    } catch {
      throw unprocessable(`Invalid date '${identity.date}'`);
    }
  }

  /** Commits file changes on top of a branch and moves the branch, creating it if needed. */
  async commitToBranch(
    input: CommitToBranchInput,
  ): Promise<{ sha: string; tree: string; parent: string | null }> {
    const repo = this.#context.requireRepository(input);
    const git = this.#context.gitOf(repo);
    const pusher = input.pusher
      ? this.#context.requireAccount(input.pusher)
      : undefined;
    const identity = input.author ??
      (pusher ? defaultIdentityOf(pusher) : undefined) ?? {
        name: 'GitHub',
        email: 'noreply@github.com',
      };
    return this.#context.withRepoLock(repo.id, async () => {
      const ref = `refs/heads/${input.branch}`;
      let parent = (await git.readRef(ref)) ?? null;
      if (input.expectedHeadSha && parent !== input.expectedHeadSha) {
        throw conflict(`Branch ${input.branch} was modified`);
      }
      if (!parent && !(await git.isEmpty())) {
        parent =
          (await git.resolveCommitish(input.startFrom ?? repo.defaultBranch)) ??
          null;
      }
      const sha = await this.writeCommit({
        ...input,
        parents: parent ? [parent] : [],
        author: identity,
        committer: input.committer ?? identity,
      });
      const commit = await git.readCommit(sha);
      const before = (await git.readRef(ref)) ?? null;
      if (!(await git.updateRef(ref, sha, before))) {
        throw conflict(`Branch ${input.branch} was modified`);
      }
      await this.recordRefUpdates(
        repo,
        [{ ref, before: before ?? ZERO_SHA, after: sha }],
        'api',
        pusher?.id ?? null,
      );
      return { sha, tree: commit!.tree, parent };
    });
  }

  async createRef(
    repoRef: RepoRef,
    ref: string,
    sha: string,
    actorId: number | null,
  ): Promise<void> {
    const repo = this.#context.requireRepository(repoRef);
    const git = this.#context.gitOf(repo);
    if (!ref.startsWith('refs/') || ref.split('/').length < 3) {
      throw unprocessable(
        "Reference name must start with 'refs/' and have at least two slashes.",
      );
    }
    if (!isValidRefName(ref)) {
      throw unprocessable(`${ref} is not a valid ref name.`);
    }
    await this.#context.withRepoLock(repo.id, async () => {
      if (await git.isEmpty()) {
        throw conflict(EMPTY_REPOSITORY_MESSAGE);
      }
      if (!(await git.objectType(sha))) {
        throw unprocessable('Object does not exist');
      }
      if (await git.readRef(ref)) {
        throw unprocessable('Reference already exists');
      }
      if (!(await git.updateRef(ref, sha, null))) {
        throw unprocessable('Reference already exists');
      }
      await this.recordRefUpdates(
        repo,
        [{ ref, before: ZERO_SHA, after: sha }],
        'api',
        actorId,
      );
    });
  }

  async updateRef(
    repoRef: RepoRef,
    ref: string,
    sha: string,
    force: boolean,
    actorId: number | null,
  ): Promise<void> {
    const repo = this.#context.requireRepository(repoRef);
    const git = this.#context.gitOf(repo);
    await this.#context.withRepoLock(repo.id, async () => {
      const before = await git.readRef(ref);
      if (!before) {
        throw unprocessable('Reference does not exist');
      }
      if (!(await git.objectType(sha))) {
        throw unprocessable('Object does not exist');
      }
      if (!force && before !== sha && !(await git.isAncestor(before, sha))) {
        throw unprocessable('Update is not a fast forward');
      }
      if (!(await git.updateRef(ref, sha, before))) {
        throw conflict('Reference update failed');
      }
      await this.recordRefUpdates(
        repo,
        [{ ref, before, after: sha }],
        'api',
        actorId,
      );
    });
  }

  async deleteRef(
    repoRef: RepoRef,
    ref: string,
    actorId: number | null,
  ): Promise<void> {
    const repo = this.#context.requireRepository(repoRef);
    const git = this.#context.gitOf(repo);
    await this.#context.withRepoLock(repo.id, async () => {
      const before = await git.readRef(ref);
      if (!before) {
        throw unprocessable('Reference does not exist');
      }
      await git.deleteRef(ref, before);
      await this.recordRefUpdates(
        repo,
        [{ ref, before, after: ZERO_SHA }],
        'api',
        actorId,
      );
    });
  }

  /**
   * Moves a ref without fast-forward checks and without taking the lock;
   * for callers that already hold it (merges) or own the repository
   * exclusively (seeding).
   */
  async forceRef(
    repo: RepositoryRecord,
    ref: string,
    sha: string,
    actorId: number | null,
    via: 'api' | 'git' = 'api',
  ): Promise<void> {
    const git = this.#context.gitOf(repo);
    const before = (await git.readRef(ref)) ?? ZERO_SHA;
    await git.updateRef(ref, sha);
    await this.recordRefUpdates(
      repo,
      [{ ref, before, after: sha }],
      via,
      actorId,
    );
  }

  /**
   * Bookkeeping shared by API ref changes and git pushes: `pushed_at`, the
   * default branch of a repository whose first push did not create it (as on
   * GitHub), and one push event per ref.
   */
  async recordRefUpdates(
    repo: RepositoryRecord,
    updates: RefUpdate[],
    via: 'api' | 'git',
    pusherId: number | null,
  ): Promise<void> {
    if (updates.length === 0) {
      return;
    }
    const git = this.#context.gitOf(repo);
    const now = this.#context.now();
    repo.pushedAt = now;
    repo.updatedAt = now;
    const defaultRef = `refs/heads/${repo.defaultBranch}`;
    if (!(await git.readRef(defaultRef))) {
      const createdBranch = updates.find(
        update =>
          update.ref.startsWith('refs/heads/') && update.after !== ZERO_SHA,
      );
      if (createdBranch) {
        repo.defaultBranch = createdBranch.ref.slice('refs/heads/'.length);
      }
    }
    await git.setHead(repo.defaultBranch);
    this.#context.changed();
    const repository = this.#context.refOf(repo);
    for (const update of updates) {
      const created = update.before === ZERO_SHA;
      const deleted = update.after === ZERO_SHA;
      const forced =
        !created &&
        !deleted &&
        !(await git.isAncestor(update.before, update.after).catch(() => false));
      this.#context.events.emit({
        type: 'push',
        repository,
        repositoryId: repo.id,
        ref: update.ref,
        before: update.before,
        after: update.after,
        created,
        deleted,
        forced,
        pusherId,
        via,
      });
    }
  }

  /** The sha a `ref` query parameter names, defaulting to the default branch. */
  async resolveRef(
    repoRef: RepoRef,
    name: string | undefined,
  ): Promise<{ repo: RepositoryRecord; git: GitRepository; sha: string }> {
    const repo = this.#context.requireRepository(repoRef);
    const git = this.#context.gitOf(repo);
    if (await git.isEmpty()) {
      throw conflict(EMPTY_REPOSITORY_MESSAGE);
    }
    const sha = await git.resolveCommitish(name ?? repo.defaultBranch);
    if (!sha) {
      throw name === undefined
        ? conflict(EMPTY_REPOSITORY_MESSAGE)
        : new StoreError('not_found', `No commit found for the ref ${name}`);
    }
    return { repo, git, sha };
  }

  async putFile(input: {
    owner: string;
    repo: string;
    path: string;
    content: Buffer;
    message: string;
    sha?: string;
    branch?: string;
    author?: CommitIdentityInput;
    committer?: CommitIdentityInput;
    actor: string;
  }): Promise<{ created: boolean; commitSha: string; blobSha: string }> {
    const repo = this.#context.requireRepository(input);
    const git = this.#context.gitOf(repo);
    const branch = input.branch ?? repo.defaultBranch;
    const head = await git.readRef(`refs/heads/${branch}`);
    if (!head && !(await git.isEmpty())) {
      throw notFound(`Branch ${branch} not found`);
    }
    const existing = head
      ? await git.resolvePath((await git.readCommit(head))!.tree, input.path)
      : undefined;
    if (existing?.type === 'tree') {
      throw unprocessable(`${input.path} is a directory`);
    }
    if (existing && !input.sha) {
      throw unprocessable('Invalid request.\n\n"sha" wasn\'t supplied.');
    }
    if (existing && input.sha !== existing.sha) {
      throw conflict(`${input.path} does not match ${input.sha}`);
    }
    const result = await this.commitToBranch({
      owner: input.owner,
      repo: input.repo,
      branch,
      message: input.message,
      changes: [{ path: input.path, content: input.content }],
      author: input.author ?? input.committer,
      committer: input.committer ?? input.author,
      expectedHeadSha: head,
      pusher: input.actor,
    });
    const entry = await git.resolvePath(result.tree, input.path);
    return { created: !existing, commitSha: result.sha, blobSha: entry!.sha };
  }

  async deleteFile(input: {
    owner: string;
    repo: string;
    path: string;
    message: string;
    sha: string;
    branch?: string;
    author?: CommitIdentityInput;
    committer?: CommitIdentityInput;
    actor: string;
  }): Promise<{ commitSha: string }> {
    const { repo, git, sha: head } = await this.resolveRef(input, input.branch);
    const existing = await git.resolvePath(
      (await git.readCommit(head))!.tree,
      input.path,
    );
    if (!existing || existing.type === 'tree') {
      throw notFound();
    }
    if (existing.sha !== input.sha) {
      throw conflict(`${input.path} does not match ${input.sha}`);
    }
    const result = await this.commitToBranch({
      owner: input.owner,
      repo: input.repo,
      branch: input.branch ?? repo.defaultBranch,
      message: input.message,
      changes: [{ path: input.path, delete: true }],
      author: input.author ?? input.committer,
      committer: input.committer ?? input.author,
      expectedHeadSha: head,
      pusher: input.actor,
    });
    return { commitSha: result.sha };
  }
}
