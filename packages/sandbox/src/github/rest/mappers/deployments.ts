import { encodeNodeId } from '../../store/ids';
import type {
  DeploymentRecord,
  DeploymentStatusRecord,
  EnvironmentRecord,
  RepoRef,
} from '../../store/types';
import type { MapperContext } from './MapperContext';
import { mapSimpleUserOrNull } from './users';

export function mapDeployment(
  context: MapperContext,
  ref: RepoRef,
  deployment: DeploymentRecord,
) {
  const url = context.urls.repo(ref, `/deployments/${deployment.id}`);
  return {
    url,
    id: deployment.id,
    node_id: encodeNodeId('Deployment', deployment.id),
    sha: deployment.sha,
    ref: deployment.ref,
    task: deployment.task,
    payload: deployment.payload,
    original_environment: deployment.originalEnvironment,
    environment: deployment.environment,
    description: deployment.description,
    creator: mapSimpleUserOrNull(context, deployment.creatorId),
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    statuses_url: `${url}/statuses`,
    repository_url: context.urls.repo(ref),
    transient_environment: deployment.transientEnvironment,
    production_environment: deployment.productionEnvironment,
  };
}

export function mapDeploymentStatus(
  context: MapperContext,
  ref: RepoRef,
  status: DeploymentStatusRecord,
) {
  const deploymentUrl = context.urls.repo(
    ref,
    `/deployments/${status.deploymentId}`,
  );
  return {
    url: `${deploymentUrl}/statuses/${status.id}`,
    id: status.id,
    node_id: encodeNodeId('DeploymentStatus', status.id),
    state: status.state,
    creator: mapSimpleUserOrNull(context, status.creatorId),
    description: status.description,
    environment: status.environment,
    target_url: status.targetUrl,
    created_at: status.createdAt,
    updated_at: status.updatedAt,
    deployment_url: deploymentUrl,
    repository_url: context.urls.repo(ref),
    environment_url: status.environmentUrl,
    log_url: status.logUrl,
  };
}

export function mapEnvironment(
  context: MapperContext,
  ref: RepoRef,
  environment: EnvironmentRecord,
) {
  return {
    id: environment.id,
    node_id: encodeNodeId('Environment', environment.id),
    name: environment.name,
    url: context.urls.repo(
      ref,
      `/environments/${encodeURIComponent(environment.name)}`,
    ),
    html_url: context.urls.repoHtml(
      ref,
      `/deployments/activity_log?environments_filter=${encodeURIComponent(
        environment.name,
      )}`,
    ),
    created_at: environment.createdAt,
    updated_at: environment.updatedAt,
    protection_rules: [],
    deployment_branch_policy: null,
  };
}
