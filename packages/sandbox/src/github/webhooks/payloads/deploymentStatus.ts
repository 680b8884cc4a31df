import type { MapperContext } from '../../rest/mappers/MapperContext';
import {
  mapDeployment,
  mapDeploymentStatus,
} from '../../rest/mappers/deployments';
import type {
  DeploymentRecord,
  DeploymentStatusRecord,
  RepositoryRecord,
} from '../../store/types';
import { repositoryEnvelope, webhookUserById } from './common';

/** Webhooks always carry an object; a string payload that is JSON is parsed, as GitHub does. */
function payloadObject(payload: DeploymentRecord['payload']) {
  if (typeof payload !== 'string') {
    return payload;
  }
  try {
    const parsed: unknown = JSON.parse(payload);
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

export async function renderDeploymentStatus(
  context: MapperContext,
  repo: RepositoryRecord,
  deployment: DeploymentRecord,
  status: DeploymentStatusRecord,
  senderId: number | null,
): Promise<Record<string, unknown>> {
  const ref = context.store.repositories.refOf(repo);
  const {
    log_url: logUrl,
    environment_url: environmentUrl,
    ...restStatus
  } = mapDeploymentStatus(context, ref, status);
  return {
    action: 'created',
    deployment_status: {
      ...restStatus,
      creator: webhookUserById(context, status.creatorId),
      environment_url: environmentUrl,
      ...(logUrl ? { log_url: logUrl } : {}),
    },
    deployment: {
      ...mapDeployment(context, ref, deployment),
      payload: payloadObject(deployment.payload),
      creator: webhookUserById(context, deployment.creatorId),
    },
    ...(await repositoryEnvelope(context, repo, senderId)),
  };
}
