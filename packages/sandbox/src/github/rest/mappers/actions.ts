import { encodeNodeId } from '../../store/ids';
import type {
  RepoRef,
  WorkflowRecord,
  WorkflowRunRecord,
} from '../../store/types';
import { encodePath } from '../urls';
import { displayMessage } from './git';
import type { MapperContext } from './MapperContext';
import { mapRepository } from './repositories';
import { mapSimpleUserOrNull } from './users';

export function mapWorkflow(
  context: MapperContext,
  ref: RepoRef,
  workflow: WorkflowRecord,
) {
  const repo = context.store.repositories.require(ref);
  return {
    id: workflow.id,
    node_id: encodeNodeId('Workflow', workflow.id),
    name: workflow.name,
    path: workflow.path,
    state: workflow.state,
    created_at: workflow.createdAt,
    updated_at: workflow.updatedAt,
    url: context.urls.repo(ref, `/actions/workflows/${workflow.id}`),
    html_url: context.urls.repoHtml(
      ref,
      `/blob/${repo.defaultBranch}/${encodePath(workflow.path)}`,
    ),
    badge_url: context.urls.repoHtml(
      ref,
      `/workflows/${encodeURIComponent(workflow.name)}/badge.svg`,
    ),
  };
}

export async function mapWorkflowRun(
  context: MapperContext,
  ref: RepoRef,
  run: WorkflowRunRecord,
) {
  const repo = context.store.repositories.require(ref);
  const git = context.store.git.repository(ref);
  const workflow = context.store.actions.workflowById(ref, run.workflowId);
  const headCommit = await git.readCommit(run.headSha);
  const url = context.urls.repo(ref, `/actions/runs/${run.id}`);
  const repository = await mapRepository(context, repo);
  return {
    id: run.id,
    name: run.name,
    node_id: encodeNodeId('WorkflowRun', run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: workflow?.path ?? '',
    display_title: run.displayTitle,
    run_number: run.runNumber,
    run_attempt: run.runAttempt,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    check_suite_id: run.id,
    check_suite_node_id: encodeNodeId('WorkflowRun', `suite${run.id}`),
    url,
    html_url: context.urls.repoHtml(ref, `/actions/runs/${run.id}`),
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor: mapSimpleUserOrNull(context, run.actorId),
    triggering_actor: mapSimpleUserOrNull(context, run.triggeringActorId),
    run_started_at: run.runStartedAt,
    referenced_workflows: [],
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: context.urls.repo(ref, `/check-suites/${run.id}`),
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url:
      run.runAttempt > 1 ? `${url}/attempts/${run.runAttempt - 1}` : null,
    workflow_url: context.urls.repo(
      ref,
      `/actions/workflows/${run.workflowId}`,
    ),
    head_commit: headCommit
      ? {
          id: headCommit.sha,
          tree_id: headCommit.tree,
          message: displayMessage(headCommit.message),
          timestamp: headCommit.committer.date,
          author: {
            name: headCommit.author.name,
            email: headCommit.author.email,
          },
          committer: {
            name: headCommit.committer.name,
            email: headCommit.committer.email,
          },
        }
      : null,
    repository,
    head_repository: repository,
  };
}
