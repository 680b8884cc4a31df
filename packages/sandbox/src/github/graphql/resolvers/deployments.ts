import type {
  DeploymentRecord,
  DeploymentStatusRecord,
  RepositoryRecord,
} from '../../store/types';
import { ConnectionArgs, connection } from '../connections';
import type { GraphqlContext } from '../context';
import { nodeId } from '../nodeIds';
import type { FieldSource } from '../objects';
import { actorOrNull } from './accounts';
import { commitObject } from './gitObjects';
import { findRef } from './refs';
import { repositoryObject } from './repository';

export interface DeploymentsArgs extends ConnectionArgs {
  environments?: string[] | null;
  orderBy?: { field: 'CREATED_AT'; direction: 'ASC' | 'DESC' } | null;
}

/**
 * `Deployment.state` summarises the latest status; a successful deployment
 * is ACTIVE until a later one to the same environment makes it INACTIVE.
 */
function deploymentState(state: DeploymentStatusRecord['state'] | undefined) {
  if (state === undefined) return 'PENDING';
  return state === 'success' ? 'ACTIVE' : state.toUpperCase();
}

function statusesOf(
  context: GraphqlContext,
  deployment: DeploymentRecord,
): DeploymentStatusRecord[] {
  return context.store.deployments
    .listStatuses(
      context.store.repositories.refOf(
        context.store.repositories.getById(deployment.repoId)!,
      ),
      deployment.id,
    )
    .sort((a, b) => a.id - b.id);
}

function deploymentStatusObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
  deployment: DeploymentRecord,
  status: DeploymentStatusRecord,
): FieldSource {
  return {
    __typename: 'DeploymentStatus',
    id: nodeId('DeploymentStatus', status.id),
    state: status.state.toUpperCase(),
    description: status.description,
    environment: status.environment,
    environmentUrl: status.environmentUrl || null,
    logUrl: status.logUrl || null,
    createdAt: status.createdAt,
    updatedAt: status.updatedAt,
    creator: () => actorOrNull(context, status.creatorId),
    deployment: () => deploymentObject(context, repo, deployment),
  };
}

export function deploymentObject(
  context: GraphqlContext,
  repo: RepositoryRecord,
  deployment: DeploymentRecord,
): FieldSource {
  const statuses = () => statusesOf(context, deployment);
  const latest = () => statuses().at(-1);
  return {
    __typename: 'Deployment',
    id: nodeId('Deployment', deployment.id),
    databaseId: deployment.id,
    environment: deployment.environment,
    latestEnvironment: deployment.environment,
    originalEnvironment: deployment.originalEnvironment,
    task: deployment.task,
    description: deployment.description,
    payload:
      typeof deployment.payload === 'string'
        ? deployment.payload
        : JSON.stringify(deployment.payload),
    createdAt: deployment.createdAt,
    updatedAt: deployment.updatedAt,
    commitOid: deployment.sha,
    commit: () => commitObject(context, repo, deployment.sha),
    ref: () => findRef(context, repo, deployment.ref),
    creator: () => actorOrNull(context, deployment.creatorId),
    state: () => deploymentState(latest()?.state),
    latestStatus: () => {
      const status = latest();
      return status
        ? deploymentStatusObject(context, repo, deployment, status)
        : null;
    },
    statuses: (args: ConnectionArgs) =>
      connection('statuses', args, statuses(), {
        node: status =>
          deploymentStatusObject(context, repo, deployment, status),
      }),
    repository: () => repositoryObject(context, repo),
  };
}

export function deploymentsConnection(
  context: GraphqlContext,
  repo: RepositoryRecord,
  args: DeploymentsArgs,
  filter: { sha?: string } = {},
): FieldSource {
  const ref = context.store.repositories.refOf(repo);
  const environments = args.environments ?? [];
  const factor = args.orderBy?.direction === 'DESC' ? -1 : 1;
  const deployments = context.store.deployments
    .list(ref, filter)
    .filter(
      deployment =>
        environments.length === 0 ||
        environments.includes(deployment.environment),
    )
    .sort((a, b) =>
      a.createdAt === b.createdAt
        ? (a.id - b.id) * factor
        : (a.createdAt < b.createdAt ? -1 : 1) * factor,
    );
  return connection('deployments', args, deployments, {
    node: deployment => deploymentObject(context, repo, deployment),
  });
}
