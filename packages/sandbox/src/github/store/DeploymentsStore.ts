import { conflict, notFound, StoreError, unprocessable } from './errors';
import type { CommitStatusesStore } from './CommitStatusesStore';
import type { GitDataStore } from './GitDataStore';
import { defaultIdentityOf } from './GitDataStore';
import { toGitSignature } from './git/objects';
import type { StoreContext } from './StoreContext';
import type {
  DeploymentRecord,
  DeploymentState,
  DeploymentStatusRecord,
  EnvironmentRecord,
  RepoRef,
  RepositoryRecord,
} from './types';

export interface CreateDeploymentInput extends RepoRef {
  ref: string;
  creator: string;
  task?: string;
  /** GitHub's default is true: a branch behind the default branch gets it merged in first. */
  autoMerge?: boolean;
  /** Omitted means every context reported on the commit must be successful. */
  requiredContexts?: string[];
  payload?: Record<string, unknown> | string;
  environment?: string;
  description?: string | null;
  transientEnvironment?: boolean;
  productionEnvironment?: boolean;
  createdAt?: string;
}

export type CreateDeploymentResult =
  | { kind: 'created'; deployment: DeploymentRecord }
  | { kind: 'auto_merged'; message: string };

export interface CreateDeploymentStatusInput extends RepoRef {
  deploymentId: number;
  state: DeploymentState;
  creator: string;
  description?: string;
  environment?: string;
  targetUrl?: string;
  logUrl?: string;
  environmentUrl?: string;
  autoInactive?: boolean;
  createdAt?: string;
}

export interface DeploymentFilter {
  sha?: string;
  ref?: string;
  task?: string;
  environment?: string;
}

/** Deployments, their statuses and the environments they create. */
export class DeploymentsStore {
  readonly #context: StoreContext;
  readonly #statuses: CommitStatusesStore;
  readonly #gitData: GitDataStore;

  constructor(
    context: StoreContext,
    statuses: CommitStatusesStore,
    gitData: GitDataStore,
  ) {
    this.#context = context;
    this.#statuses = statuses;
    this.#gitData = gitData;
  }

  async create(input: CreateDeploymentInput): Promise<CreateDeploymentResult> {
    const repo = this.#context.requireRepository(input);
    const creator = this.#context.requireAccount(input.creator);
    const git = this.#context.gitOf(repo);
    const sha = await git.resolveCommitish(input.ref);
    if (!sha) {
      throw new StoreError('conflict', `No ref found for: ${input.ref}`);
    }
    const isOtherBranch =
      input.ref !== repo.defaultBranch &&
      (await git.readRef(`refs/heads/${input.ref}`)) !== undefined;
    if ((input.autoMerge ?? true) && isOtherBranch) {
      const merged = await this.#autoMergeDefaultBranch(
        repo,
        input.ref,
        sha,
        creator.id,
      );
      if (merged) {
        return { kind: 'auto_merged', message: merged };
      }
    }
    this.#assertRequiredContexts(input, sha);
    const environment = input.environment ?? 'production';
    const createdAt = input.createdAt ?? this.#context.now();
    this.#ensureEnvironment(repo, environment, createdAt);
    const deployment: DeploymentRecord = {
      id: this.#context.state.nextId('deployment'),
      repoId: repo.id,
      sha,
      ref: input.ref,
      task: input.task ?? 'deploy',
      environment,
      originalEnvironment: environment,
      description: input.description ?? null,
      payload: input.payload ?? {},
      creatorId: creator.id,
      transientEnvironment: input.transientEnvironment ?? false,
      productionEnvironment:
        input.productionEnvironment ?? environment === 'production',
      createdAt,
      updatedAt: createdAt,
    };
    this.#context.data.deployments.push(deployment);
    this.#context.changed();
    this.#context.events.emit({
      type: 'deployment',
      action: 'created',
      repository: this.#context.refOf(repo),
      repositoryId: repo.id,
      deploymentId: deployment.id,
      senderId: creator.id,
    });
    return { kind: 'created', deployment };
  }

  async #autoMergeDefaultBranch(
    repo: RepositoryRecord,
    branch: string,
    branchSha: string,
    creatorId: number,
  ): Promise<string | undefined> {
    const git = this.#context.gitOf(repo);
    const defaultSha = await git.readRef(`refs/heads/${repo.defaultBranch}`);
    if (!defaultSha || (await git.isAncestor(defaultSha, branchSha))) {
      return undefined;
    }
    const merge = await git.mergeCommits(branchSha, defaultSha);
    if (!merge.clean) {
      throw conflict(`Conflict merging ${repo.defaultBranch} into ${branch}.`);
    }
    const now = this.#context.now();
    const signature = toGitSignature(
      { ...defaultIdentityOf(this.#context.accountById(creatorId)), date: now },
      now,
    );
    const mergeSha = await git.writeCommit({
      tree: merge.tree,
      parents: [branchSha, defaultSha],
      author: signature,
      committer: signature,
      message: `Merge ${repo.defaultBranch} into ${branch}`,
      signature: null,
    });
    await this.#gitData.updateRef(
      this.#context.refOf(repo),
      `refs/heads/${branch}`,
      mergeSha,
      false,
      creatorId,
    );
    return `Auto-merged ${repo.defaultBranch} into ${branch} on deployment.`;
  }

  #assertRequiredContexts(input: CreateDeploymentInput, sha: string): void {
    const latest = this.#statuses.combined(input, sha).statuses;
    const required = input.requiredContexts ?? latest.map(s => s.context);
    const failing = required
      .map(context => ({
        context,
        state: latest.find(s => s.context === context)?.state ?? 'missing',
      }))
      .filter(({ state }) => state !== 'success');
    if (failing.length > 0) {
      throw new StoreError(
        'conflict',
        `Conflict: Commit status checks failed for ${input.ref}.`,
        [
          {
            contexts: failing,
            resource: 'Deployment',
            field: 'required_contexts',
            code: 'invalid',
          },
        ],
      );
    }
  }

  #ensureEnvironment(
    repo: RepositoryRecord,
    name: string,
    at: string,
  ): EnvironmentRecord {
    const existing = this.#context.data.environments.find(
      env => env.repoId === repo.id && env.name === name,
    );
    if (existing) {
      return existing;
    }
    const environment: EnvironmentRecord = {
      id: this.#context.state.nextId('environment'),
      repoId: repo.id,
      name,
      createdAt: at,
      updatedAt: at,
    };
    this.#context.data.environments.push(environment);
    this.#context.changed();
    return environment;
  }

  list(ref: RepoRef, filter: DeploymentFilter = {}): DeploymentRecord[] {
    const repo = this.#context.requireRepository(ref);
    return this.#context.data.deployments
      .filter(
        d =>
          d.repoId === repo.id &&
          (!filter.sha || d.sha === filter.sha) &&
          (!filter.ref || d.ref === filter.ref) &&
          (!filter.task || d.task === filter.task) &&
          (!filter.environment || d.environment === filter.environment),
      )
      .sort((a, b) => b.id - a.id);
  }

  get(ref: RepoRef, id: number): DeploymentRecord | undefined {
    return this.list(ref).find(d => d.id === id);
  }

  require(ref: RepoRef, id: number): DeploymentRecord {
    const deployment = this.get(ref, id);
    if (!deployment) {
      throw notFound();
    }
    return deployment;
  }

  delete(ref: RepoRef, id: number): void {
    const deployment = this.require(ref, id);
    const state = this.latestState(deployment);
    const others = this.list(ref, { environment: deployment.environment });
    if (state !== 'inactive' && state !== undefined && others.length > 1) {
      throw unprocessable(
        'We cannot delete an active deployment unless it is the only deployment in a given environment.',
      );
    }
    this.#context.data.deployments = this.#context.data.deployments.filter(
      d => d !== deployment,
    );
    this.#context.data.deploymentStatuses =
      this.#context.data.deploymentStatuses.filter(s => s.deploymentId !== id);
    this.#context.changed();
  }

  createStatus(input: CreateDeploymentStatusInput): DeploymentStatusRecord {
    const repo = this.#context.requireRepository(input);
    const deployment = this.require(input, input.deploymentId);
    const creator = this.#context.requireAccount(input.creator);
    const createdAt = input.createdAt ?? this.#context.now();
    if (input.environment && input.environment !== deployment.environment) {
      deployment.environment = input.environment;
      this.#ensureEnvironment(repo, input.environment, createdAt);
    }
    const status = this.#appendStatus(deployment, {
      state: input.state,
      creatorId: creator.id,
      description: input.description ?? '',
      targetUrl: input.targetUrl ?? input.logUrl ?? '',
      logUrl: input.logUrl ?? input.targetUrl ?? '',
      environmentUrl: input.environmentUrl ?? '',
      createdAt,
    });
    if (input.state === 'success' && (input.autoInactive ?? true)) {
      this.#deactivatePrevious(deployment, creator.id, createdAt);
    }
    this.#context.events.emit({
      type: 'deployment_status',
      action: 'created',
      repository: this.#context.refOf(repo),
      repositoryId: repo.id,
      deploymentId: deployment.id,
      deploymentStatusId: status.id,
      senderId: creator.id,
    });
    return status;
  }

  #appendStatus(
    deployment: DeploymentRecord,
    fields: Omit<
      DeploymentStatusRecord,
      'id' | 'repoId' | 'deploymentId' | 'environment' | 'updatedAt'
    >,
  ): DeploymentStatusRecord {
    const status: DeploymentStatusRecord = {
      id: this.#context.state.nextId('deploymentStatus'),
      repoId: deployment.repoId,
      deploymentId: deployment.id,
      environment: deployment.environment,
      updatedAt: fields.createdAt,
      ...fields,
    };
    this.#context.data.deploymentStatuses.push(status);
    deployment.updatedAt = fields.createdAt;
    this.#context.changed();
    return status;
  }

  /** GitHub's `auto_inactive`: older successful deployments to the same environment become inactive. */
  #deactivatePrevious(
    current: DeploymentRecord,
    creatorId: number,
    at: string,
  ): void {
    for (const deployment of this.#context.data.deployments) {
      if (
        deployment.id !== current.id &&
        deployment.repoId === current.repoId &&
        deployment.environment === current.environment &&
        !deployment.transientEnvironment &&
        deployment.id < current.id &&
        this.latestState(deployment) === 'success'
      ) {
        this.#appendStatus(deployment, {
          state: 'inactive',
          creatorId,
          description: '',
          targetUrl: '',
          logUrl: '',
          environmentUrl: '',
          createdAt: at,
        });
      }
    }
  }

  listStatuses(ref: RepoRef, deploymentId: number): DeploymentStatusRecord[] {
    this.require(ref, deploymentId);
    return this.#context.data.deploymentStatuses
      .filter(s => s.deploymentId === deploymentId)
      .sort((a, b) => b.id - a.id);
  }

  getStatus(
    ref: RepoRef,
    deploymentId: number,
    statusId: number,
  ): DeploymentStatusRecord {
    const status = this.listStatuses(ref, deploymentId).find(
      s => s.id === statusId,
    );
    if (!status) {
      throw notFound();
    }
    return status;
  }

  latestState(deployment: DeploymentRecord): DeploymentState | undefined {
    let latest: DeploymentStatusRecord | undefined;
    for (const status of this.#context.data.deploymentStatuses) {
      if (
        status.deploymentId === deployment.id &&
        (!latest || status.id > latest.id)
      ) {
        latest = status;
      }
    }
    return latest?.state;
  }

  listEnvironments(ref: RepoRef): EnvironmentRecord[] {
    const repo = this.#context.requireRepository(ref);
    return this.#context.data.environments.filter(
      env => env.repoId === repo.id,
    );
  }

  getEnvironment(ref: RepoRef, name: string): EnvironmentRecord | undefined {
    return this.listEnvironments(ref).find(env => env.name === name);
  }

  putEnvironment(ref: RepoRef, name: string): EnvironmentRecord {
    const repo = this.#context.requireRepository(ref);
    const now = this.#context.now();
    const environment = this.#ensureEnvironment(repo, name, now);
    environment.updatedAt = now;
    this.#context.changed();
    return environment;
  }

  deleteEnvironment(ref: RepoRef, name: string): void {
    const environment = this.getEnvironment(ref, name);
    if (!environment) {
      throw notFound();
    }
    this.#context.data.environments = this.#context.data.environments.filter(
      env => env !== environment,
    );
    this.#context.changed();
  }
}
