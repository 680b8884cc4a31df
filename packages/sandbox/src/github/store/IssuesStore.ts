import type { AccessStore } from './AccessStore';
import { notFound, validationFailed } from './errors';
import { byKeyThenId } from './ordering';
import type { StoreContext } from './StoreContext';
import type {
  AccountRecord,
  IssueCommentRecord,
  IssueRecord,
  LabelRecord,
  RepoRef,
  RepositoryRecord,
} from './types';

export interface CreateIssueInput extends RepoRef {
  title: string;
  body?: string | null;
  author: string;
  assignees?: string[];
  labels?: string[];
  createdAt?: string;
}

export interface IssueFilter {
  state?: 'open' | 'closed' | 'all';
  labels?: string[];
  /** A login, `*` (any) or `none`. */
  assignee?: string;
  creator?: string;
  since?: string;
  sort?: 'created' | 'updated' | 'comments';
  direction?: 'asc' | 'desc';
  includePullRequests?: boolean;
}

export interface IssueUpdate {
  title?: string;
  body?: string | null;
  state?: 'open' | 'closed';
  stateReason?: IssueRecord['stateReason'];
  assignees?: string[];
  labels?: string[];
}

const NEW_LABEL_COLOR = 'ededed';

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function transitionOf(
  before: IssueRecord['state'],
  after: IssueRecord['state'],
): 'edited' | 'closed' | 'reopened' {
  if (before === after) return 'edited';
  return after === 'closed' ? 'closed' : 'reopened';
}

/** Issues (and the issue half of pull requests), labels and comments. */
export class IssuesStore {
  readonly #context: StoreContext;
  readonly #access: AccessStore;

  constructor(context: StoreContext, access: AccessStore) {
    this.#context = context;
    this.#access = access;
  }

  create(input: CreateIssueInput): IssueRecord {
    const repo = this.#context.requireRepository(input);
    const issue = this.openIssueRow(repo, input, false);
    this.#context.events.emit({
      type: 'issues',
      action: 'opened',
      repository: this.#context.refOf(repo),
      repositoryId: repo.id,
      number: issue.number,
      senderId: issue.authorId,
    });
    return issue;
  }

  /** Shared with pull request creation, which emits its own event. */
  openIssueRow(
    repo: RepositoryRecord,
    input: Omit<CreateIssueInput, 'owner' | 'repo'>,
    isPullRequest: boolean,
  ): IssueRecord {
    const author = this.#context.requireAccount(input.author);
    const createdAt = input.createdAt ?? this.#context.now();
    repo.lastIssueNumber += 1;
    const issue: IssueRecord = {
      id: this.#context.state.nextId('issue'),
      repoId: repo.id,
      number: repo.lastIssueNumber,
      title: input.title,
      body: input.body ?? null,
      state: 'open',
      stateReason: null,
      authorId: author.id,
      assigneeIds: this.#assignable(repo, input.assignees ?? []).map(a => a.id),
      labelIds: this.#labelsByName(repo, input.labels ?? [], true).map(
        l => l.id,
      ),
      locked: false,
      isPullRequest,
      createdAt,
      updatedAt: createdAt,
      closedAt: null,
      closedById: null,
    };
    this.#context.data.issues.push(issue);
    this.#context.changed();
    return issue;
  }

  get(ref: RepoRef, number: number): IssueRecord | undefined {
    const repo = this.#context.requireRepository(ref);
    return this.#context.data.issues.find(
      issue => issue.repoId === repo.id && issue.number === number,
    );
  }

  require(ref: RepoRef, number: number): IssueRecord {
    const issue = this.get(ref, number);
    if (!issue) {
      throw notFound();
    }
    return issue;
  }

  list(ref: RepoRef, filter: IssueFilter = {}): IssueRecord[] {
    const repo = this.#context.requireRepository(ref);
    const state = filter.state ?? 'open';
    const labelIds = filter.labels?.length
      ? this.#labelsByName(repo, filter.labels, false).map(l => l.id)
      : undefined;
    if (labelIds && labelIds.length < (filter.labels?.length ?? 0)) {
      return [];
    }
    const assignee =
      filter.assignee && !['*', 'none'].includes(filter.assignee)
        ? this.#context.findAccount(filter.assignee)
        : undefined;
    const creator = filter.creator
      ? this.#context.findAccount(filter.creator)
      : undefined;
    if (
      (filter.creator && !creator) ||
      (assignee === undefined &&
        filter.assignee &&
        !['*', 'none'].includes(filter.assignee))
    ) {
      return [];
    }
    const matches = this.#context.data.issues.filter(
      issue =>
        issue.repoId === repo.id &&
        (filter.includePullRequests !== false || !issue.isPullRequest) &&
        (state === 'all' || issue.state === state) &&
        (!labelIds || labelIds.every(id => issue.labelIds.includes(id))) &&
        (!creator || issue.authorId === creator.id) &&
        (!filter.since || issue.updatedAt >= filter.since) &&
        (filter.assignee === undefined ||
          (filter.assignee === '*' && issue.assigneeIds.length > 0) ||
          (filter.assignee === 'none' && issue.assigneeIds.length === 0) ||
          (assignee !== undefined && issue.assigneeIds.includes(assignee.id))),
    );
    const sort = filter.sort ?? 'created';
    const key = (issue: IssueRecord): string | number => {
      if (sort === 'comments') return this.commentCount(issue);
      return sort === 'updated' ? issue.updatedAt : issue.createdAt;
    };
    return matches.sort(byKeyThenId(key, filter.direction ?? 'desc'));
  }

  update(
    ref: RepoRef,
    number: number,
    update: IssueUpdate,
    actor: string,
    at?: string,
  ): IssueRecord {
    const repo = this.#context.requireRepository(ref);
    const issue = this.require(ref, number);
    const actorAccount = this.#context.requireAccount(actor);
    const now = at ?? this.#context.now();
    const previousState = issue.state;
    if (update.title !== undefined) issue.title = update.title;
    if (update.body !== undefined) issue.body = update.body;
    if (update.assignees !== undefined) {
      issue.assigneeIds = this.#assignable(repo, update.assignees).map(
        a => a.id,
      );
    }
    if (update.labels !== undefined) {
      issue.labelIds = this.#labelsByName(repo, update.labels, true).map(
        l => l.id,
      );
    }
    if (update.state !== undefined && update.state !== issue.state) {
      issue.state = update.state;
      if (update.state === 'closed') {
        issue.closedAt = now;
        issue.closedById = actorAccount.id;
        issue.stateReason = update.stateReason ?? 'completed';
      } else {
        issue.closedAt = null;
        issue.closedById = null;
        issue.stateReason = 'reopened';
      }
    } else if (update.stateReason !== undefined) {
      issue.stateReason = update.stateReason;
    }
    issue.updatedAt = now;
    this.#context.changed();
    if (!issue.isPullRequest) {
      this.#context.events.emit({
        type: 'issues',
        action: transitionOf(previousState, issue.state),
        repository: this.#context.refOf(repo),
        repositoryId: repo.id,
        number,
        senderId: actorAccount.id,
      });
    }
    return issue;
  }

  // Labels

  listLabels(ref: RepoRef): LabelRecord[] {
    const repo = this.#context.requireRepository(ref);
    return this.#context.data.labels.filter(label => label.repoId === repo.id);
  }

  getLabel(ref: RepoRef, name: string): LabelRecord | undefined {
    return this.listLabels(ref).find(label => sameName(label.name, name));
  }

  createLabel(
    ref: RepoRef,
    input: { name: string; color?: string; description?: string | null },
  ): LabelRecord {
    const repo = this.#context.requireRepository(ref);
    if (this.getLabel(ref, input.name)) {
      throw validationFailed({
        resource: 'Label',
        code: 'already_exists',
        field: 'name',
      });
    }
    const color = (input.color ?? NEW_LABEL_COLOR).replace(/^#/, '');
    if (!/^[0-9a-fA-F]{6}$/.test(color)) {
      throw validationFailed({
        resource: 'Label',
        code: 'invalid',
        field: 'color',
      });
    }
    const label: LabelRecord = {
      id: this.#context.state.nextId('label'),
      repoId: repo.id,
      name: input.name,
      color: color.toLowerCase(),
      description: input.description ?? null,
      isDefault: false,
    };
    this.#context.data.labels.push(label);
    this.#context.changed();
    return label;
  }

  updateLabel(
    ref: RepoRef,
    name: string,
    input: { newName?: string; color?: string; description?: string | null },
  ): LabelRecord {
    const label = this.getLabel(ref, name);
    if (!label) {
      throw notFound();
    }
    if (input.newName !== undefined) label.name = input.newName;
    if (input.color !== undefined) label.color = input.color.replace(/^#/, '');
    if (input.description !== undefined) label.description = input.description;
    this.#context.changed();
    return label;
  }

  deleteLabel(ref: RepoRef, name: string): void {
    const label = this.getLabel(ref, name);
    if (!label) {
      throw notFound();
    }
    this.#context.data.labels = this.#context.data.labels.filter(
      l => l !== label,
    );
    for (const issue of this.#context.data.issues) {
      issue.labelIds = issue.labelIds.filter(id => id !== label.id);
    }
    this.#context.changed();
  }

  labelsOf(issue: IssueRecord): LabelRecord[] {
    return issue.labelIds
      .map(id => this.#context.data.labels.find(label => label.id === id))
      .filter((label): label is LabelRecord => label !== undefined);
  }

  addLabels(ref: RepoRef, number: number, names: string[]): LabelRecord[] {
    const repo = this.#context.requireRepository(ref);
    const issue = this.require(ref, number);
    for (const label of this.#labelsByName(repo, names, true)) {
      if (!issue.labelIds.includes(label.id)) {
        issue.labelIds.push(label.id);
      }
    }
    issue.updatedAt = this.#context.now();
    this.#context.changed();
    return this.labelsOf(issue);
  }

  setLabels(ref: RepoRef, number: number, names: string[]): LabelRecord[] {
    const repo = this.#context.requireRepository(ref);
    const issue = this.require(ref, number);
    issue.labelIds = this.#labelsByName(repo, names, true).map(l => l.id);
    issue.updatedAt = this.#context.now();
    this.#context.changed();
    return this.labelsOf(issue);
  }

  removeLabel(ref: RepoRef, number: number, name: string): LabelRecord[] {
    const issue = this.require(ref, number);
    const label = this.getLabel(ref, name);
    if (!label || !issue.labelIds.includes(label.id)) {
      throw notFound('Label does not exist');
    }
    issue.labelIds = issue.labelIds.filter(id => id !== label.id);
    issue.updatedAt = this.#context.now();
    this.#context.changed();
    return this.labelsOf(issue);
  }

  #labelsByName(
    repo: RepositoryRecord,
    names: string[],
    createMissing: boolean,
  ): LabelRecord[] {
    const ref = this.#context.refOf(repo);
    const labels: LabelRecord[] = [];
    for (const name of names) {
      const label =
        this.getLabel(ref, name) ??
        (createMissing ? this.createLabel(ref, { name }) : undefined);
      if (label && !labels.includes(label)) {
        labels.push(label);
      }
    }
    return labels;
  }

  // Assignees

  addAssignees(ref: RepoRef, number: number, logins: string[]): IssueRecord {
    const repo = this.#context.requireRepository(ref);
    const issue = this.require(ref, number);
    for (const account of this.#assignable(repo, logins)) {
      if (!issue.assigneeIds.includes(account.id)) {
        issue.assigneeIds.push(account.id);
      }
    }
    issue.updatedAt = this.#context.now();
    this.#context.changed();
    return issue;
  }

  removeAssignees(ref: RepoRef, number: number, logins: string[]): IssueRecord {
    const issue = this.require(ref, number);
    const ids = new Set(
      logins
        .map(login => this.#context.findAccount(login)?.id)
        .filter((id): id is number => id !== undefined),
    );
    issue.assigneeIds = issue.assigneeIds.filter(id => !ids.has(id));
    issue.updatedAt = this.#context.now();
    this.#context.changed();
    return issue;
  }

  /** Like GitHub, silently drops logins that cannot be assigned in this repository. */
  #assignable(repo: RepositoryRecord, logins: string[]): AccountRecord[] {
    return logins
      .map(login => this.#context.findAccount(login))
      .filter(
        (account): account is AccountRecord =>
          account !== undefined &&
          account.type !== 'Organization' &&
          this.#access.permissionOf(
            { ...repo, visibility: 'private' },
            account,
          ) !== undefined,
      );
  }

  // Comments

  addComment(
    ref: RepoRef,
    number: number,
    input: { author: string; body: string; createdAt?: string },
  ): IssueCommentRecord {
    const repo = this.#context.requireRepository(ref);
    const issue = this.require(ref, number);
    const author = this.#context.requireAccount(input.author);
    const createdAt = input.createdAt ?? this.#context.now();
    const comment: IssueCommentRecord = {
      id: this.#context.state.nextId('issueComment'),
      repoId: repo.id,
      issueNumber: issue.number,
      authorId: author.id,
      body: input.body,
      createdAt,
      updatedAt: createdAt,
    };
    this.#context.data.issueComments.push(comment);
    issue.updatedAt = createdAt > issue.updatedAt ? createdAt : issue.updatedAt;
    this.#context.changed();
    return comment;
  }

  listComments(ref: RepoRef, number: number): IssueCommentRecord[] {
    const issue = this.require(ref, number);
    return this.#context.data.issueComments.filter(
      comment =>
        comment.repoId === issue.repoId && comment.issueNumber === issue.number,
    );
  }

  commentCount(issue: IssueRecord): number {
    return this.#context.data.issueComments.filter(
      comment =>
        comment.repoId === issue.repoId && comment.issueNumber === issue.number,
    ).length;
  }
}
