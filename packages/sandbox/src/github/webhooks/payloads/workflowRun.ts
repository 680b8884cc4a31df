import { mapWorkflow, mapWorkflowRun } from '../../rest/mappers/actions';
import type { MapperContext } from '../../rest/mappers/MapperContext';
import type { RepositoryRecord, WorkflowRunRecord } from '../../store/types';
import {
  repositoryEnvelope,
  webhookRepositoryLite,
  webhookUserById,
} from './common';

export async function renderWorkflowRun(
  context: MapperContext,
  repo: RepositoryRecord,
  run: WorkflowRunRecord,
  action: 'requested' | 'in_progress' | 'completed',
  senderId: number | null,
): Promise<Record<string, unknown>> {
  const ref = context.store.repositories.refOf(repo);
  const workflow = context.store.actions.workflowById(ref, run.workflowId);
  const rest = await mapWorkflowRun(context, ref, run);
  const lite = await webhookRepositoryLite(context, repo);
  return {
    action,
    workflow: workflow ? mapWorkflow(context, ref, workflow) : null,
    workflow_run: {
      ...rest,
      head_branch: rest.head_branch ?? '',
      actor: webhookUserById(context, run.actorId),
      triggering_actor: webhookUserById(context, run.triggeringActorId),
      repository: lite,
      head_repository: lite,
    },
    ...(await repositoryEnvelope(context, repo, senderId)),
  };
}
