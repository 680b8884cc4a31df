import type { DeploymentState } from '../../store/types';
import type { ApiRequest } from '../ApiRequest';
import { apiErrors } from '../errors';
import {
  mapDeployment,
  mapDeploymentStatus,
  mapEnvironment,
} from '../mappers/deployments';
import { json, noContent, route } from '../RouteDefinition';

const DEPLOYMENT_STATES = [
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
] as const satisfies readonly DeploymentState[];

function deployment(request: ApiRequest, needed: 'read' | 'write' = 'read') {
  const ref = request.store.repositories.refOf(request.repository(needed));
  const found = request.store.deployments.require(
    ref,
    request.numberParam('deployment_id'),
  );
  return { ref, deployment: found };
}

/** Deployments, deployment statuses and environments. */
export const deploymentRoutes = [
  route('GET', '/repos/{owner}/{repo}/deployments', request => {
    const ref = request.repoRef();
    const deployments = request.store.deployments.list(ref, {
      sha: request.query.string('sha'),
      ref: request.query.string('ref'),
      task: request.query.string('task'),
      environment: request.query.string('environment'),
    });
    return request.paginate(deployments, found =>
      mapDeployment(request.mapper, ref, found),
    );
  }),

  route('POST', '/repos/{owner}/{repo}/deployments', async request => {
    const ref = request.store.repositories.refOf(request.repository('write'));
    const viewer = request.requireViewer();
    const payload = request.body.raw as { payload?: unknown };
    const result = await request.store.deployments.create({
      ...ref,
      ref: request.body.string('ref'),
      creator: viewer.login,
      task: request.body.optionalString('task'),
      autoMerge: request.body.optionalBoolean('auto_merge'),
      requiredContexts: request.body.optionalStringArray('required_contexts'),
      payload:
        typeof payload.payload === 'string' ||
        (payload.payload && typeof payload.payload === 'object')
          ? (payload.payload as Record<string, unknown> | string)
          : undefined,
      environment: request.body.optionalString('environment'),
      description: request.body.optionalNullableString('description'),
      transientEnvironment: request.body.optionalBoolean(
        'transient_environment',
      ),
      productionEnvironment: request.body.optionalBoolean(
        'production_environment',
      ),
    });
    if (result.kind === 'auto_merged') {
      return json(202, { message: result.message });
    }
    const body = mapDeployment(request.mapper, ref, result.deployment);
    return json(201, body, { location: body.url });
  }),

  route('GET', '/repos/{owner}/{repo}/deployments/{deployment_id}', request => {
    const { ref, deployment: found } = deployment(request);
    return json(200, mapDeployment(request.mapper, ref, found));
  }),

  route(
    'DELETE',
    '/repos/{owner}/{repo}/deployments/{deployment_id}',
    request => {
      const { ref, deployment: found } = deployment(request, 'write');
      request.store.deployments.delete(ref, found.id);
      return noContent();
    },
  ),

  route(
    'GET',
    '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    request => {
      const { ref, deployment: found } = deployment(request);
      return request.paginate(
        request.store.deployments.listStatuses(ref, found.id),
        status => mapDeploymentStatus(request.mapper, ref, status),
      );
    },
  ),

  route(
    'POST',
    '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    request => {
      const { ref, deployment: found } = deployment(request, 'write');
      const viewer = request.requireViewer();
      const state = request.body.optionalEnum('state', DEPLOYMENT_STATES);
      if (!state) {
        throw apiErrors.invalidRequest(`"state" wasn't supplied.`);
      }
      const status = request.store.deployments.createStatus({
        ...ref,
        deploymentId: found.id,
        state,
        creator: viewer.login,
        description: request.body.optionalString('description'),
        environment: request.body.optionalString('environment'),
        targetUrl: request.body.optionalString('target_url'),
        logUrl: request.body.optionalString('log_url'),
        environmentUrl: request.body.optionalString('environment_url'),
        autoInactive: request.body.optionalBoolean('auto_inactive'),
      });
      const body = mapDeploymentStatus(request.mapper, ref, status);
      return json(201, body, { location: body.url });
    },
  ),

  route(
    'GET',
    '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}',
    request => {
      const { ref, deployment: found } = deployment(request);
      const status = request.store.deployments.getStatus(
        ref,
        found.id,
        request.numberParam('status_id'),
      );
      return json(200, mapDeploymentStatus(request.mapper, ref, status));
    },
  ),

  route('GET', '/repos/{owner}/{repo}/environments', request => {
    const ref = request.repoRef();
    return request.paginateWrapped(
      request.store.deployments.listEnvironments(ref),
      'environments',
      environment => mapEnvironment(request.mapper, ref, environment),
    );
  }),

  route(
    'GET',
    '/repos/{owner}/{repo}/environments/{environment_name}',
    request => {
      const ref = request.repoRef();
      const environment = request.store.deployments.getEnvironment(
        ref,
        request.param('environment_name'),
      );
      if (!environment) {
        throw apiErrors.notFound();
      }
      return json(200, mapEnvironment(request.mapper, ref, environment));
    },
  ),

  route(
    'PUT',
    '/repos/{owner}/{repo}/environments/{environment_name}',
    request => {
      const ref = request.store.repositories.refOf(request.repository('admin'));
      const environment = request.store.deployments.putEnvironment(
        ref,
        request.param('environment_name'),
      );
      return json(200, mapEnvironment(request.mapper, ref, environment));
    },
  ),

  route(
    'DELETE',
    '/repos/{owner}/{repo}/environments/{environment_name}',
    request => {
      const ref = request.store.repositories.refOf(request.repository('admin'));
      request.store.deployments.deleteEnvironment(
        ref,
        request.param('environment_name'),
      );
      return noContent();
    },
  ),
];
