import path from 'node:path';
import { notFound } from './errors';
import { GitHubEventBus } from './events';
import { GitRepository } from './git/GitRepository';
import { StateContainer } from './StateContainer';
import type { AccountRecord, RepoRef, RepositoryRecord } from './types';

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * What every sub-store shares: the rows, the event bus, the bare
 * repositories and a per-repository lock. Lookups are case-insensitive
 * because GitHub's logins and repository names are.
 */
export class StoreContext {
  readonly state: StateContainer;
  readonly events: GitHubEventBus;
  readonly repositoriesRoot: string;
  readonly #gitRepositories = new Map<number, GitRepository>();
  readonly #locks = new Map<number, Promise<unknown>>();

  constructor(
    state: StateContainer,
    events: GitHubEventBus,
    repositoriesRoot: string,
  ) {
    this.state = state;
    this.events = events;
    this.repositoriesRoot = repositoriesRoot;
  }

  get data() {
    return this.state.data;
  }

  now(): string {
    return this.state.now();
  }

  changed(): void {
    this.state.changed();
  }

  findAccount(login: string): AccountRecord | undefined {
    return this.data.accounts.find(account => sameName(account.login, login));
  }

  requireAccount(login: string): AccountRecord {
    const account = this.findAccount(login);
    if (!account) {
      throw notFound();
    }
    return account;
  }

  accountById(id: number): AccountRecord {
    const account = this.data.accounts.find(candidate => candidate.id === id);
    if (!account) {
      throw new Error(`Store is inconsistent: no account with id ${id}`);
    }
    return account;
  }

  findRepository(ref: RepoRef): RepositoryRecord | undefined {
    const owner = this.findAccount(ref.owner);
    if (!owner) {
      return undefined;
    }
    return this.data.repositories.find(
      repo => repo.ownerId === owner.id && sameName(repo.name, ref.repo),
    );
  }

  requireRepository(ref: RepoRef): RepositoryRecord {
    const repo = this.findRepository(ref);
    if (!repo) {
      throw notFound();
    }
    return repo;
  }

  repositoryById(id: number): RepositoryRecord {
    const repo = this.data.repositories.find(candidate => candidate.id === id);
    if (!repo) {
      throw new Error(`Store is inconsistent: no repository with id ${id}`);
    }
    return repo;
  }

  refOf(repo: RepositoryRecord): RepoRef {
    return { owner: this.accountById(repo.ownerId).login, repo: repo.name };
  }

  gitDirOf(ownerLogin: string, name: string): string {
    return path.join(
      this.repositoriesRoot,
      ownerLogin.toLowerCase(),
      `${name.toLowerCase()}.git`,
    );
  }

  gitOf(repo: RepositoryRecord): GitRepository {
    let git = this.#gitRepositories.get(repo.id);
    if (!git) {
      git = new GitRepository(
        this.gitDirOf(this.accountById(repo.ownerId).login, repo.name),
      );
      this.#gitRepositories.set(repo.id, git);
    }
    return git;
  }

  forgetGit(repoId: number): void {
    this.#gitRepositories.delete(repoId);
  }

  /**
   * Serialises ref-changing work per repository (API merges, ref updates and
   * git pushes), so compare-and-swap checks and push-event diffs see a
   * consistent before/after.
   */
  async withRepoLock<T>(repoId: number, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(repoId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    const tail = run.catch(() => undefined);
    this.#locks.set(repoId, tail);
    try {
      return await run;
    } finally {
      if (this.#locks.get(repoId) === tail) {
        this.#locks.delete(repoId);
      }
    }
  }
}
