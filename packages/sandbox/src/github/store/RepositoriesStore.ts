import { promises as fs } from 'node:fs';
import { unprocessable, validationFailed } from './errors';
import { defaultIdentityOf, GitDataStore } from './GitDataStore';
import { GitRepository } from './git/GitRepository';
import type { StoreContext } from './StoreContext';
import {
  AccountRecord,
  RepoRef,
  RepositoryRecord,
  RepoVisibility,
  SubscriptionRecord,
} from './types';

export interface CreateRepositoryInput {
  owner: string;
  name: string;
  /** Login of the user creating it; required for organization repositories' README author. */
  creator?: string;
  description?: string | null;
  homepage?: string | null;
  visibility?: RepoVisibility;
  /** Branch the first commit lands on; GitHub's default is `main`. */
  defaultBranch?: string;
  autoInit?: boolean;
  topics?: string[];
  isTemplate?: boolean;
  createdAt?: string;
  settings?: Partial<RepositorySettings>;
  customProperties?: RepositoryRecord['customProperties'];
}

/** Flags `PATCH /repos/{owner}/{repo}` and repository creation accept. */
export type RepositorySettings = Pick<
  RepositoryRecord,
  | 'hasIssues'
  | 'hasProjects'
  | 'hasWiki'
  | 'hasDiscussions'
  | 'allowMergeCommit'
  | 'allowSquashMerge'
  | 'allowRebaseMerge'
  | 'allowAutoMerge'
  | 'allowUpdateBranch'
  | 'deleteBranchOnMerge'
  | 'squashMergeCommitTitle'
  | 'squashMergeCommitMessage'
  | 'mergeCommitTitle'
  | 'mergeCommitMessage'
  | 'archived'
  | 'isTemplate'
>;

export type RepositoryUpdate = Partial<
  RepositorySettings &
    Pick<
      RepositoryRecord,
      'description' | 'homepage' | 'visibility' | 'defaultBranch' | 'name'
    >
>;

const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;
const TOPIC_PATTERN = /^[a-z0-9][a-z0-9-]{0,49}$/;

export const DEFAULT_LABELS: ReadonlyArray<{
  name: string;
  color: string;
  description: string;
}> = [
  { name: 'bug', color: 'd73a4a', description: "Something isn't working" },
  {
    name: 'documentation',
    color: '0075ca',
    description: 'Improvements or additions to documentation',
  },
  {
    name: 'duplicate',
    color: 'cfd3d7',
    description: 'This issue or pull request already exists',
  },
  {
    name: 'enhancement',
    color: 'a2eeef',
    description: 'New feature or request',
  },
  {
    name: 'good first issue',
    color: '7057ff',
    description: 'Good for newcomers',
  },
  {
    name: 'help wanted',
    color: '008672',
    description: 'Extra attention is needed',
  },
  { name: 'invalid', color: 'e4e669', description: "This doesn't seem right" },
  {
    name: 'question',
    color: 'd876e3',
    description: 'Further information is requested',
  },
  {
    name: 'wontfix',
    color: 'ffffff',
    description: 'This will not be worked on',
  },
];

/** Repositories, their settings and topics, and watch subscriptions. */
export class RepositoriesStore {
  readonly #context: StoreContext;
  readonly #git: GitDataStore;

  constructor(context: StoreContext, git: GitDataStore) {
    this.#context = context;
    this.#git = git;
  }

  async create(input: CreateRepositoryInput): Promise<RepositoryRecord> {
    const owner = this.#context.requireAccount(input.owner);
    if (!NAME_PATTERN.test(input.name) || /^\.+$/.test(input.name)) {
      throw validationFailed({
        resource: 'Repository',
        code: 'custom',
        field: 'name',
        message: 'name is invalid',
      });
    }
    if (
      this.#context.findRepository({ owner: owner.login, repo: input.name })
    ) {
      throw validationFailed({
        resource: 'Repository',
        code: 'custom',
        field: 'name',
        message: 'name already exists on this account',
      });
    }
    for (const topic of input.topics ?? []) {
      this.#assertTopic(topic);
    }
    const createdAt = input.createdAt ?? this.#context.now();
    const defaultBranch = input.defaultBranch ?? 'main';
    const repo: RepositoryRecord = {
      id: this.#context.state.nextId('repository'),
      ownerId: owner.id,
      name: input.name,
      description: input.description ?? null,
      homepage: input.homepage ?? null,
      visibility: input.visibility ?? 'public',
      defaultBranch,
      topics: input.topics ?? [],
      archived: false,
      isTemplate: input.isTemplate ?? false,
      hasIssues: true,
      hasProjects: true,
      hasWiki: true,
      hasDiscussions: false,
      allowMergeCommit: true,
      allowSquashMerge: true,
      allowRebaseMerge: true,
      allowAutoMerge: false,
      allowUpdateBranch: false,
      deleteBranchOnMerge: false,
      squashMergeCommitTitle: 'COMMIT_OR_PR_TITLE',
      squashMergeCommitMessage: 'COMMIT_MESSAGES',
      mergeCommitTitle: 'MERGE_MESSAGE',
      mergeCommitMessage: 'PR_TITLE',
      customProperties: input.customProperties ?? {},
      oidcSubClaim: { useDefault: true, includeClaimKeys: [] },
      workflowAccessLevel: 'none',
      lastIssueNumber: 0,
      createdAt,
      updatedAt: createdAt,
      // GitHub stamps a new repository as pushed when it is created.
      pushedAt: createdAt,
      ...input.settings,
    };
    await GitRepository.init(
      this.#context.gitDirOf(owner.login, repo.name),
      defaultBranch,
    );
    this.#context.data.repositories.push(repo);
    for (const label of DEFAULT_LABELS) {
      this.#context.data.labels.push({
        id: this.#context.state.nextId('label'),
        repoId: repo.id,
        name: label.name,
        color: label.color,
        description: label.description,
        isDefault: true,
      });
    }
    this.#context.changed();
    const creator = input.creator
      ? this.#context.requireAccount(input.creator)
      : owner;
    this.#context.events.emit({
      type: 'repository',
      action: 'created',
      repository: this.#context.refOf(repo),
      repositoryId: repo.id,
      senderId: creator.id,
    });
    if (input.autoInit) {
      await this.#git.commitToBranch({
        owner: owner.login,
        repo: repo.name,
        branch: defaultBranch,
        message: 'Initial commit',
        changes: [
          {
            path: 'README.md',
            content: `# ${repo.name}${
              repo.description ? `\n${repo.description}` : ''
            }\n`,
          },
        ],
        author: { ...defaultIdentityOf(creator), date: createdAt },
        pusher: creator.type === 'Organization' ? undefined : creator.login,
      });
    }
    return repo;
  }

  get(ref: RepoRef): RepositoryRecord | undefined {
    return this.#context.findRepository(ref);
  }

  require(ref: RepoRef): RepositoryRecord {
    return this.#context.requireRepository(ref);
  }

  getById(id: number): RepositoryRecord | undefined {
    return this.#context.data.repositories.find(repo => repo.id === id);
  }

  refOf(repo: RepositoryRecord): RepoRef {
    return this.#context.refOf(repo);
  }

  ownerOf(repo: RepositoryRecord): AccountRecord {
    return this.#context.accountById(repo.ownerId);
  }

  list(filter: { owner?: string } = {}): RepositoryRecord[] {
    if (!filter.owner) {
      return [...this.#context.data.repositories];
    }
    const owner = this.#context.findAccount(filter.owner);
    return owner
      ? this.#context.data.repositories.filter(
          repo => repo.ownerId === owner.id,
        )
      : [];
  }

  async update(
    ref: RepoRef,
    update: RepositoryUpdate,
    senderId: number | null,
  ): Promise<RepositoryRecord> {
    const repo = this.#context.requireRepository(ref);
    if (update.name !== undefined && update.name !== repo.name) {
      throw unprocessable(
        'Renaming repositories is not supported by the sandbox',
      );
    }
    if (
      update.defaultBranch !== undefined &&
      update.defaultBranch !== repo.defaultBranch
    ) {
      const git = this.#context.gitOf(repo);
      const exists = await git.readRef(`refs/heads/${update.defaultBranch}`);
      if (!exists && !(await git.isEmpty())) {
        throw validationFailed({
          resource: 'Repository',
          code: 'invalid',
          field: 'default_branch',
          message: `The branch ${update.defaultBranch} was not found. Please push that ref first or create it via the Git Data API.`,
        });
      }
      await git.setHead(update.defaultBranch);
    }
    const { name: _ignoredName, ...changes } = update;
    for (const [key, value] of Object.entries(changes)) {
      if (value !== undefined) {
        Object.assign(repo, { [key]: value });
      }
    }
    repo.updatedAt = this.#context.now();
    this.#context.changed();
    this.#context.events.emit({
      type: 'repository',
      action: 'edited',
      repository: this.#context.refOf(repo),
      repositoryId: repo.id,
      senderId,
    });
    return repo;
  }

  async delete(ref: RepoRef, senderId: number | null): Promise<void> {
    const repo = this.#context.requireRepository(ref);
    const gitDir = this.#context.gitOf(repo).gitDir;
    const data = this.#context.data;
    const keep = <T extends { repoId: number }>(rows: T[]) =>
      rows.filter(row => row.repoId !== repo.id);
    data.repositories = data.repositories.filter(r => r.id !== repo.id);
    data.collaborators = keep(data.collaborators);
    data.teamRepoGrants = keep(data.teamRepoGrants);
    data.branchProtections = keep(data.branchProtections);
    data.labels = keep(data.labels);
    data.issues = keep(data.issues);
    data.pullRequests = keep(data.pullRequests);
    data.reviews = keep(data.reviews);
    data.issueComments = keep(data.issueComments);
    data.commitStatuses = keep(data.commitStatuses);
    data.environments = keep(data.environments);
    data.deployments = keep(data.deployments);
    data.deploymentStatuses = keep(data.deploymentStatuses);
    data.workflows = keep(data.workflows);
    data.workflowRuns = keep(data.workflowRuns);
    data.releases = keep(data.releases);
    data.actionsVariables = keep(data.actionsVariables);
    data.actionsSecrets = keep(data.actionsSecrets);
    data.subscriptions = keep(data.subscriptions);
    this.#context.forgetGit(repo.id);
    this.#context.changed();
    await fs.rm(gitDir, { recursive: true, force: true });
    this.#context.events.emit({
      type: 'repository',
      action: 'deleted',
      repository: this.#context.refOf(repo),
      repositoryId: repo.id,
      senderId,
    });
  }

  setTopics(ref: RepoRef, topics: string[]): string[] {
    const repo = this.#context.requireRepository(ref);
    for (const topic of topics) {
      this.#assertTopic(topic);
    }
    repo.topics = [...new Set(topics)];
    repo.updatedAt = this.#context.now();
    this.#context.changed();
    return repo.topics;
  }

  #assertTopic(topic: string): void {
    if (!TOPIC_PATTERN.test(topic)) {
      throw validationFailed({
        resource: 'Repository',
        code: 'invalid',
        field: 'topics',
        message: `Topics must start with a lowercase letter or number, consist of 50 characters or less, and can include hyphens. '${topic}' is not a valid topic.`,
      });
    }
  }

  setSubscription(
    ref: RepoRef,
    userId: number,
    subscription: { subscribed: boolean; ignored: boolean },
  ): SubscriptionRecord {
    const repo = this.#context.requireRepository(ref);
    const rows = this.#context.data.subscriptions;
    let row = rows.find(s => s.repoId === repo.id && s.userId === userId);
    if (!row) {
      row = {
        repoId: repo.id,
        userId,
        subscribed: subscription.subscribed,
        ignored: subscription.ignored,
        createdAt: this.#context.now(),
      };
      rows.push(row);
    } else {
      row.subscribed = subscription.subscribed;
      row.ignored = subscription.ignored;
    }
    this.#context.changed();
    return row;
  }

  getSubscription(
    ref: RepoRef,
    userId: number,
  ): SubscriptionRecord | undefined {
    const repo = this.#context.requireRepository(ref);
    return this.#context.data.subscriptions.find(
      s => s.repoId === repo.id && s.userId === userId,
    );
  }

  setActionsSettings(
    ref: RepoRef,
    settings: Partial<
      Pick<RepositoryRecord, 'oidcSubClaim' | 'workflowAccessLevel'>
    >,
  ): RepositoryRecord {
    const repo = this.#context.requireRepository(ref);
    Object.assign(repo, settings);
    repo.updatedAt = this.#context.now();
    this.#context.changed();
    return repo;
  }
}
