import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  CLAIM_LABELS,
  ClaimRequest,
} from '@callboard/plugin-infrastructure-common';
import {
  ClaimPlan,
  ClaimPlanner,
  TeamAccess,
} from '@callboard/plugin-infrastructure-node';

export type ClaimOperation = 'create' | 'resize' | 'delete';

/**
 * The guards that depend on the operation, on top of the planner's: only the
 * owning team resizes or deletes, storage only grows, and a delete names
 * what it deletes.
 */
export async function planOperation(options: {
  operation: ClaimOperation;
  request: ClaimRequest;
  confirmName?: string;
  planner: ClaimPlanner;
  teams: TeamAccess;
  credentials: BackstageCredentials;
  requestedBy: string;
  taskId: string;
}): Promise<ClaimPlan> {
  const { operation, request, planner, teams, credentials } = options;
  if (operation === 'delete' && options.confirmName !== request.name) {
    throw new InputError(
      `Deleting '${request.name}' needs confirmName '${request.name}'${
        options.confirmName ? `, got '${options.confirmName}'` : ''
      }; nothing was deleted`,
    );
  }
  let team = request.team;
  if (operation !== 'create') {
    const { existing, environment, api } = await planner.locate(request);
    if (!existing) {
      throw new NotFoundError(
        `${api.kind} '${request.namespace}/${request.name}' is not in cluster '${environment.cluster}'; nothing to ${operation}`,
      );
    }
    const owner = `group:default/${
      existing.metadata.labels?.[CLAIM_LABELS.owner]
    }`;
    const { teams: mine, anyTeam } = await teams.teamsOf(credentials);
    if (!anyTeam && !mine.includes(owner)) {
      throw new NotAllowedError(
        `Only the owning team '${owner}' may ${operation} '${request.name}'; nothing was changed`,
      );
    }
    team = owner;
  }
  const plan = await planner.plan(
    { ...request, team },
    {
      credentials,
      requestedBy: options.requestedBy,
      taskId: options.taskId,
    },
  );
  const storage = planner.config.storageParameter;
  const existing = plan.existing;
  const current = (existing?.spec as { parameters?: Record<string, unknown> })
    ?.parameters;
  if (operation === 'resize' || (operation === 'create' && current)) {
    // A resize keeps every parameter it does not change.
    plan.claim.spec.parameters = { ...current, ...request.parameters };
  }
  const before = Number(current?.[storage]);
  const after = Number(
    (plan.claim.spec.parameters as Record<string, unknown>)[storage],
  );
  if (
    operation !== 'delete' &&
    Number.isFinite(before) &&
    Number.isFinite(after) &&
    after < before
  ) {
    throw new InputError(
      `Resize down refused: ${storage} ${after} is below the current ${before}; storage only grows`,
    );
  }
  return plan;
}
