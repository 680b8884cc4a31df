import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { conflict, notFound, unprocessable } from './errors';
import { byKeyThenId } from './ordering';
import type { StoreContext } from './StoreContext';
import type {
  ActionsSecretRecord,
  ActionsVariableRecord,
  RepoRef,
  RepositoryRecord,
  WorkflowRecord,
  WorkflowRunConclusion,
  WorkflowRunRecord,
  WorkflowRunStatus,
} from './types';

const WORKFLOWS_DIR = '.github/workflows';

export interface CreateWorkflowRunInput extends RepoRef {
  /** Workflow id, file name (`ci.yaml`) or path. */
  workflow: string | number;
  actor: string;
  event?: string;
  headBranch?: string;
  headSha?: string;
  status?: WorkflowRunStatus;
  conclusion?: WorkflowRunConclusion | null;
  displayTitle?: string;
  inputs?: Record<string, unknown>;
  createdAt?: string;
  updatedAt?: string;
}

export interface WorkflowRunFilter {
  workflowId?: number;
  branch?: string;
  event?: string;
  /** A status or a conclusion, as GitHub's `status` query parameter accepts both. */
  status?: string;
  actor?: string;
  headSha?: string;
}

interface WorkflowFile {
  name: string | undefined;
  triggers: string[];
}

function parseWorkflowFile(text: string): WorkflowFile {
  try {
    const document = parseYaml(text) as Record<string, unknown> | null;
    const on = document?.on;
    let triggers: string[] = [];
    if (typeof on === 'string') triggers = [on];
    else if (Array.isArray(on)) triggers = on.map(String);
    else if (on && typeof on === 'object') triggers = Object.keys(on);
    const name = typeof document?.name === 'string' ? document.name : undefined;
    return { name, triggers };
  } catch {
    return { name: undefined, triggers: [] };
  }
}

/**
 * Actions as far as clients can observe them: workflows (discovered from
 * `.github/workflows` on the default branch, as GitHub does), runs that
 * tests or seeders drive through their lifecycle, dispatches, variables and
 * secret metadata. Nothing is executed.
 */
export class ActionsStore {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  async listWorkflows(ref: RepoRef): Promise<WorkflowRecord[]> {
    const repo = this.#context.requireRepository(ref);
    await this.#syncWorkflows(repo);
    return this.#context.data.workflows.filter(w => w.repoId === repo.id);
  }

  async getWorkflow(
    ref: RepoRef,
    idOrFile: string | number,
  ): Promise<WorkflowRecord> {
    const workflow = (await this.listWorkflows(ref)).find(
      w =>
        String(w.id) === String(idOrFile) ||
        w.path === idOrFile ||
        w.path === `${WORKFLOWS_DIR}/${idOrFile}`,
    );
    if (!workflow) {
      throw notFound();
    }
    return workflow;
  }

  /** Without re-reading `.github/workflows`; for rendering runs of known workflows. */
  workflowById(ref: RepoRef, id: number): WorkflowRecord | undefined {
    const repo = this.#context.requireRepository(ref);
    return this.#context.data.workflows.find(
      w => w.repoId === repo.id && w.id === id,
    );
  }

  async #workflowFiles(
    repo: RepositoryRecord,
    sha?: string,
  ): Promise<Map<string, WorkflowFile>> {
    const git = this.#context.gitOf(repo);
    const files = new Map<string, WorkflowFile>();
    const commitSha =
      sha ?? (await git.readRef(`refs/heads/${repo.defaultBranch}`));
    const commit = commitSha ? await git.readCommit(commitSha) : undefined;
    const dir = commit
      ? await git.resolvePath(commit.tree, WORKFLOWS_DIR)
      : undefined;
    const entries =
      dir?.type === 'tree' ? (await git.readTree(dir.sha)) ?? [] : [];
    for (const entry of entries) {
      if (entry.type === 'blob' && /\.ya?ml$/.test(entry.name)) {
        const content = (await git.readBlob(entry.sha))?.toString('utf8') ?? '';
        files.set(`${WORKFLOWS_DIR}/${entry.name}`, parseWorkflowFile(content));
      }
    }
    return files;
  }

  async #syncWorkflows(repo: RepositoryRecord): Promise<void> {
    const files = await this.#workflowFiles(repo);
    const now = this.#context.now();
    const known = this.#context.data.workflows.filter(
      w => w.repoId === repo.id,
    );
    for (const [path, file] of files) {
      const name = file.name ?? path;
      const existing = known.find(w => w.path === path);
      if (!existing) {
        this.#context.data.workflows.push({
          id: this.#context.state.nextId('workflow'),
          repoId: repo.id,
          name,
          path,
          state: 'active',
          createdAt: now,
          updatedAt: now,
        });
        this.#context.changed();
      } else if (existing.name !== name || existing.state === 'deleted') {
        existing.name = name;
        existing.state = 'active';
        existing.updatedAt = now;
        this.#context.changed();
      }
    }
    for (const workflow of known) {
      if (!files.has(workflow.path) && workflow.state !== 'deleted') {
        workflow.state = 'deleted';
        workflow.updatedAt = now;
        this.#context.changed();
      }
    }
  }

  async createRun(input: CreateWorkflowRunInput): Promise<WorkflowRunRecord> {
    const repo = this.#context.requireRepository(input);
    const workflow = await this.getWorkflow(input, input.workflow);
    const actor = this.#context.requireAccount(input.actor);
    const git = this.#context.gitOf(repo);
    const headBranch = input.headBranch ?? repo.defaultBranch;
    const headSha = input.headSha ?? (await git.resolveCommitish(headBranch));
    if (!headSha) {
      throw unprocessable(`No ref found for: ${headBranch}`);
    }
    const createdAt = input.createdAt ?? this.#context.now();
    const previousRuns = this.#context.data.workflowRuns.filter(
      run => run.workflowId === workflow.id,
    );
    const headCommit = await git.readCommit(headSha);
    const run: WorkflowRunRecord = {
      id: this.#context.state.nextId('workflowRun'),
      repoId: repo.id,
      workflowId: workflow.id,
      runNumber: previousRuns.length + 1,
      runAttempt: 1,
      name: workflow.name,
      displayTitle:
        input.displayTitle ??
        headCommit?.message.split('\n')[0] ??
        workflow.name,
      event: input.event ?? 'push',
      headBranch,
      headSha,
      status: input.status ?? 'queued',
      conclusion: input.conclusion ?? null,
      actorId: actor.id,
      triggeringActorId: actor.id,
      inputs: input.inputs ?? {},
      createdAt,
      updatedAt: input.updatedAt ?? createdAt,
      runStartedAt: createdAt,
    };
    this.#context.data.workflowRuns.push(run);
    this.#context.changed();
    this.#emitRun(
      repo,
      run,
      run.status === 'completed' ? 'completed' : 'requested',
    );
    return run;
  }

  /** Moves a run through its lifecycle; completing it emits `workflow_run.completed`. */
  updateRun(
    ref: RepoRef,
    runId: number,
    update: {
      status?: WorkflowRunStatus;
      conclusion?: WorkflowRunConclusion | null;
      updatedAt?: string;
    },
  ): WorkflowRunRecord {
    const repo = this.#context.requireRepository(ref);
    const run = this.getRun(ref, runId);
    const previousStatus = run.status;
    if (update.status !== undefined) run.status = update.status;
    if (update.conclusion !== undefined) run.conclusion = update.conclusion;
    if (run.status === 'completed' && run.conclusion === null) {
      run.conclusion = 'success';
    }
    run.updatedAt = update.updatedAt ?? this.#context.now();
    this.#context.changed();
    if (previousStatus !== run.status) {
      if (run.status === 'completed') this.#emitRun(repo, run, 'completed');
      else if (run.status === 'in_progress')
        this.#emitRun(repo, run, 'in_progress');
    }
    return run;
  }

  listRuns(ref: RepoRef, filter: WorkflowRunFilter = {}): WorkflowRunRecord[] {
    const repo = this.#context.requireRepository(ref);
    const actor = filter.actor
      ? this.#context.findAccount(filter.actor)
      : undefined;
    if (filter.actor && !actor) {
      return [];
    }
    return this.#context.data.workflowRuns
      .filter(
        run =>
          run.repoId === repo.id &&
          (filter.workflowId === undefined ||
            run.workflowId === filter.workflowId) &&
          (!filter.branch || run.headBranch === filter.branch) &&
          (!filter.event || run.event === filter.event) &&
          (!filter.status ||
            run.status === filter.status ||
            run.conclusion === filter.status) &&
          (!actor || run.actorId === actor.id) &&
          (!filter.headSha || run.headSha === filter.headSha),
      )
      .sort(byKeyThenId(run => run.createdAt, 'desc'));
  }

  getRun(ref: RepoRef, runId: number): WorkflowRunRecord {
    const repo = this.#context.requireRepository(ref);
    const run = this.#context.data.workflowRuns.find(
      r => r.repoId === repo.id && r.id === runId,
    );
    if (!run) {
      throw notFound();
    }
    return run;
  }

  async dispatch(
    ref: RepoRef,
    workflowIdOrFile: string | number,
    input: { ref: string; inputs?: Record<string, unknown>; actor: string },
  ): Promise<WorkflowRunRecord> {
    const repo = this.#context.requireRepository(ref);
    const workflow = await this.getWorkflow(ref, workflowIdOrFile);
    const git = this.#context.gitOf(repo);
    const sha = await git.resolveCommitish(input.ref);
    if (!sha) {
      throw unprocessable(`No ref found for: ${input.ref}`);
    }
    const file = (await this.#workflowFiles(repo, sha)).get(workflow.path);
    if (!file?.triggers.includes('workflow_dispatch')) {
      throw unprocessable("Workflow does not have 'workflow_dispatch' trigger");
    }
    return this.createRun({
      ...ref,
      workflow: workflow.id,
      actor: input.actor,
      event: 'workflow_dispatch',
      headBranch: input.ref.replace(/^refs\/heads\//, ''),
      headSha: sha,
      inputs: input.inputs,
    });
  }

  cancelRun(ref: RepoRef, runId: number): WorkflowRunRecord {
    const run = this.getRun(ref, runId);
    if (run.status === 'completed') {
      throw conflict('Cannot cancel a workflow run that is completed.');
    }
    return this.updateRun(ref, runId, {
      status: 'completed',
      conclusion: 'cancelled',
    });
  }

  rerun(ref: RepoRef, runId: number): WorkflowRunRecord {
    const run = this.getRun(ref, runId);
    run.runAttempt += 1;
    run.status = 'queued';
    run.conclusion = null;
    run.runStartedAt = this.#context.now();
    run.updatedAt = run.runStartedAt;
    this.#context.changed();
    return run;
  }

  #emitRun(
    repo: RepositoryRecord,
    run: WorkflowRunRecord,
    action: 'requested' | 'in_progress' | 'completed',
  ): void {
    this.#context.events.emit({
      type: 'workflow_run',
      action,
      repository: this.#context.refOf(repo),
      repositoryId: repo.id,
      workflowRunId: run.id,
      senderId: run.actorId,
    });
  }

  // Variables and secrets

  listVariables(ref: RepoRef): ActionsVariableRecord[] {
    const repo = this.#context.requireRepository(ref);
    return this.#context.data.actionsVariables.filter(
      v => v.repoId === repo.id,
    );
  }

  createVariable(
    ref: RepoRef,
    name: string,
    value: string,
  ): ActionsVariableRecord {
    const repo = this.#context.requireRepository(ref);
    const upper = name.toUpperCase();
    if (this.listVariables(ref).some(v => v.name === upper)) {
      throw conflict('Already exists - Variable already exists');
    }
    const now = this.#context.now();
    const variable: ActionsVariableRecord = {
      repoId: repo.id,
      name: upper,
      value,
      createdAt: now,
      updatedAt: now,
    };
    this.#context.data.actionsVariables.push(variable);
    this.#context.changed();
    return variable;
  }

  getVariable(ref: RepoRef, name: string): ActionsVariableRecord {
    const variable = this.listVariables(ref).find(
      v => v.name === name.toUpperCase(),
    );
    if (!variable) {
      throw notFound();
    }
    return variable;
  }

  /** Stands in for the repository's sealed-box key; any 32 bytes are a valid X25519 public key. */
  publicKey(ref: RepoRef): { keyId: string; key: string } {
    const repo = this.#context.requireRepository(ref);
    const key = createHash('sha256')
      .update(`callboard-sandbox:${repo.id}`)
      .digest();
    return {
      keyId: `${repo.id}`.padStart(20, '0'),
      key: key.toString('base64'),
    };
  }

  putSecret(ref: RepoRef, name: string): { created: boolean } {
    const repo = this.#context.requireRepository(ref);
    const upper = name.toUpperCase();
    const now = this.#context.now();
    const existing = this.listSecrets(ref).find(s => s.name === upper);
    if (existing) {
      existing.updatedAt = now;
    } else {
      this.#context.data.actionsSecrets.push({
        repoId: repo.id,
        name: upper,
        createdAt: now,
        updatedAt: now,
      });
    }
    this.#context.changed();
    return { created: !existing };
  }

  listSecrets(ref: RepoRef): ActionsSecretRecord[] {
    const repo = this.#context.requireRepository(ref);
    return this.#context.data.actionsSecrets.filter(s => s.repoId === repo.id);
  }
}
