import { notFound, validationFailed } from './errors';
import { ZERO_SHA } from './events';
import { byKeyThenId } from './ordering';
import type { GitDataStore } from './GitDataStore';
import type { StoreContext } from './StoreContext';
import type { ReleaseRecord, RepoRef, RepositoryRecord } from './types';

export interface CreateReleaseInput extends RepoRef {
  tagName: string;
  author: string;
  targetCommitish?: string;
  name?: string | null;
  body?: string | null;
  draft?: boolean;
  prerelease?: boolean;
  createdAt?: string;
}

export type ReleaseUpdate = Partial<
  Pick<
    ReleaseRecord,
    'tagName' | 'targetCommitish' | 'name' | 'body' | 'draft' | 'prerelease'
  >
>;

/** Releases; publishing one creates its tag when missing, as GitHub does. */
export class ReleasesStore {
  readonly #context: StoreContext;
  readonly #gitData: GitDataStore;

  constructor(context: StoreContext, gitData: GitDataStore) {
    this.#context = context;
    this.#gitData = gitData;
  }

  async create(input: CreateReleaseInput): Promise<ReleaseRecord> {
    const repo = this.#context.requireRepository(input);
    const author = this.#context.requireAccount(input.author);
    if (this.list(input).some(r => r.tagName === input.tagName)) {
      throw validationFailed({
        resource: 'Release',
        code: 'already_exists',
        field: 'tag_name',
      });
    }
    const createdAt = input.createdAt ?? this.#context.now();
    const release: ReleaseRecord = {
      id: this.#context.state.nextId('release'),
      repoId: repo.id,
      tagName: input.tagName,
      targetCommitish: input.targetCommitish ?? repo.defaultBranch,
      name: input.name ?? null,
      body: input.body ?? null,
      draft: input.draft ?? false,
      prerelease: input.prerelease ?? false,
      authorId: author.id,
      createdAt,
      publishedAt: null,
    };
    if (!release.draft) {
      await this.#publish(repo, release, author.id, createdAt);
    }
    this.#context.data.releases.push(release);
    this.#context.changed();
    this.#emit(repo, release, 'created', author.id);
    if (!release.draft) {
      this.#emit(repo, release, 'published', author.id);
    }
    return release;
  }

  async #publish(
    repo: RepositoryRecord,
    release: ReleaseRecord,
    actorId: number,
    at: string,
  ): Promise<void> {
    const git = this.#context.gitOf(repo);
    const tagRef = `refs/tags/${release.tagName}`;
    if (!(await git.readRef(tagRef))) {
      const target = await git.resolveCommitish(release.targetCommitish);
      if (!target) {
        throw validationFailed({
          resource: 'Release',
          code: 'invalid',
          field: 'target_commitish',
        });
      }
      await git.updateRef(tagRef, target, null);
      await this.#gitData.recordRefUpdates(
        repo,
        [{ ref: tagRef, before: ZERO_SHA, after: target }],
        'api',
        actorId,
      );
    }
    release.publishedAt = at;
  }

  list(ref: RepoRef): ReleaseRecord[] {
    const repo = this.#context.requireRepository(ref);
    return this.#context.data.releases
      .filter(r => r.repoId === repo.id)
      .sort((a, b) => b.id - a.id);
  }

  get(ref: RepoRef, id: number): ReleaseRecord {
    const release = this.list(ref).find(r => r.id === id);
    if (!release) {
      throw notFound();
    }
    return release;
  }

  getByTag(ref: RepoRef, tag: string): ReleaseRecord {
    const release = this.list(ref).find(r => r.tagName === tag && !r.draft);
    if (!release) {
      throw notFound();
    }
    return release;
  }

  /** GitHub's "latest": the most recently published non-draft, non-prerelease release. */
  latest(ref: RepoRef): ReleaseRecord {
    const published = this.list(ref)
      .filter(r => !r.draft && !r.prerelease && r.publishedAt)
      .sort(byKeyThenId(release => release.publishedAt ?? '', 'desc'));
    if (published.length === 0) {
      throw notFound();
    }
    return published[0];
  }

  async update(
    ref: RepoRef,
    id: number,
    update: ReleaseUpdate,
    actor: string,
  ): Promise<ReleaseRecord> {
    const repo = this.#context.requireRepository(ref);
    const release = this.get(ref, id);
    const actorId = this.#context.requireAccount(actor).id;
    const wasDraft = release.draft;
    Object.assign(
      release,
      Object.fromEntries(
        Object.entries(update).filter(([, v]) => v !== undefined),
      ),
    );
    if (wasDraft && !release.draft) {
      await this.#publish(repo, release, actorId, this.#context.now());
      this.#emit(repo, release, 'published', actorId);
    } else {
      this.#emit(repo, release, 'edited', actorId);
    }
    this.#context.changed();
    return release;
  }

  delete(ref: RepoRef, id: number, actor: string): void {
    const repo = this.#context.requireRepository(ref);
    const release = this.get(ref, id);
    this.#context.data.releases = this.#context.data.releases.filter(
      r => r !== release,
    );
    this.#context.changed();
    this.#emit(
      repo,
      release,
      'deleted',
      this.#context.requireAccount(actor).id,
    );
  }

  #emit(
    repo: RepositoryRecord,
    release: ReleaseRecord,
    action: 'created' | 'published' | 'edited' | 'deleted',
    senderId: number,
  ): void {
    this.#context.events.emit({
      type: 'release',
      action,
      repository: this.#context.refOf(repo),
      repositoryId: repo.id,
      releaseId: release.id,
      senderId,
    });
  }
}
