import type { ApiRequest } from '../ApiRequest';
import { apiErrors } from '../errors';
import { mapWorkflow, mapWorkflowRun } from '../mappers/actions';
import { json, noContent, route } from '../RouteDefinition';

function runFilter(request: ApiRequest) {
  return {
    branch: request.query.string('branch'),
    event: request.query.string('event'),
    status: request.query.string('status'),
    actor: request.query.string('actor'),
    headSha: request.query.string('head_sha'),
  };
}

/** Actions: workflows, runs, dispatches, variables, secrets and repository settings. */
export const actionsRoutes = [
  route('GET', '/repos/{owner}/{repo}/actions/workflows', async request => {
    const ref = request.repoRef();
    const workflows = await request.store.actions.listWorkflows(ref);
    return request.paginateWrapped(workflows, 'workflows', workflow =>
      mapWorkflow(request.mapper, ref, workflow),
    );
  }),

  route(
    'GET',
    '/repos/{owner}/{repo}/actions/workflows/{workflow_id}',
    async request => {
      const ref = request.repoRef();
      const workflow = await request.store.actions.getWorkflow(
        ref,
        request.param('workflow_id'),
      );
      return json(200, mapWorkflow(request.mapper, ref, workflow));
    },
  ),

  route(
    'GET',
    '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
    async request => {
      const ref = request.repoRef();
      const workflow = await request.store.actions.getWorkflow(
        ref,
        request.param('workflow_id'),
      );
      const runs = request.store.actions.listRuns(ref, {
        ...runFilter(request),
        workflowId: workflow.id,
      });
      return request.paginateWrapped(runs, 'workflow_runs', run =>
        mapWorkflowRun(request.mapper, ref, run),
      );
    },
  ),

  route(
    'POST',
    '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
    async request => {
      const ref = request.store.repositories.refOf(request.repository('write'));
      const viewer = request.requireViewer();
      await request.store.actions.dispatch(ref, request.param('workflow_id'), {
        ref: request.body.string('ref'),
        inputs: request.body.optionalObject('inputs') ?? undefined,
        actor: viewer.login,
      });
      return noContent();
    },
  ),

  route('GET', '/repos/{owner}/{repo}/actions/runs', request => {
    const ref = request.repoRef();
    return request.paginateWrapped(
      request.store.actions.listRuns(ref, runFilter(request)),
      'workflow_runs',
      run => mapWorkflowRun(request.mapper, ref, run),
    );
  }),

  route('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}', async request => {
    const ref = request.repoRef();
    const run = request.store.actions.getRun(
      ref,
      request.numberParam('run_id'),
    );
    return json(200, await mapWorkflowRun(request.mapper, ref, run));
  }),

  route(
    'POST',
    '/repos/{owner}/{repo}/actions/runs/{run_id}/cancel',
    request => {
      const ref = request.store.repositories.refOf(request.repository('write'));
      request.store.actions.cancelRun(ref, request.numberParam('run_id'));
      return json(202, {});
    },
  ),

  route(
    'POST',
    '/repos/{owner}/{repo}/actions/runs/{run_id}/rerun',
    request => {
      const ref = request.store.repositories.refOf(request.repository('write'));
      request.store.actions.rerun(ref, request.numberParam('run_id'));
      return json(201, {});
    },
  ),

  route('GET', '/repos/{owner}/{repo}/actions/variables', request => {
    const ref = request.store.repositories.refOf(request.repository('write'));
    return request.paginateWrapped(
      request.store.actions.listVariables(ref),
      'variables',
      variable => ({
        name: variable.name,
        value: variable.value,
        created_at: variable.createdAt,
        updated_at: variable.updatedAt,
      }),
    );
  }),

  route('POST', '/repos/{owner}/{repo}/actions/variables', request => {
    const ref = request.store.repositories.refOf(request.repository('write'));
    request.store.actions.createVariable(
      ref,
      request.body.string('name'),
      request.body.string('value'),
    );
    return json(201, {});
  }),

  route('GET', '/repos/{owner}/{repo}/actions/variables/{name}', request => {
    const ref = request.store.repositories.refOf(request.repository('write'));
    const variable = request.store.actions.getVariable(
      ref,
      request.param('name'),
    );
    return json(200, {
      name: variable.name,
      value: variable.value,
      created_at: variable.createdAt,
      updated_at: variable.updatedAt,
    });
  }),

  route('GET', '/repos/{owner}/{repo}/actions/secrets/public-key', request => {
    const ref = request.store.repositories.refOf(request.repository('write'));
    const { keyId, key } = request.store.actions.publicKey(ref);
    return json(200, { key_id: keyId, key });
  }),

  route('GET', '/repos/{owner}/{repo}/actions/secrets', request => {
    const ref = request.store.repositories.refOf(request.repository('write'));
    return request.paginateWrapped(
      request.store.actions.listSecrets(ref),
      'secrets',
      secret => ({
        name: secret.name,
        created_at: secret.createdAt,
        updated_at: secret.updatedAt,
      }),
    );
  }),

  route(
    'PUT',
    '/repos/{owner}/{repo}/actions/secrets/{secret_name}',
    request => {
      const ref = request.store.repositories.refOf(request.repository('write'));
      const keyId = request.body.string('key_id');
      request.body.string('encrypted_value');
      if (keyId !== request.store.actions.publicKey(ref).keyId) {
        throw apiErrors.invalidRequest(
          `"key_id" does not match the repository public key.`,
        );
      }
      const { created } = request.store.actions.putSecret(
        ref,
        request.param('secret_name'),
      );
      return created ? json(201, {}) : noContent();
    },
  ),

  route(
    'GET',
    '/repos/{owner}/{repo}/actions/oidc/customization/sub',
    request => {
      const repo = request.repository('admin');
      return json(200, {
        use_default: repo.oidcSubClaim.useDefault,
        include_claim_keys: repo.oidcSubClaim.includeClaimKeys,
      });
    },
  ),

  route(
    'PUT',
    '/repos/{owner}/{repo}/actions/oidc/customization/sub',
    request => {
      const ref = request.store.repositories.refOf(request.repository('admin'));
      request.store.repositories.setActionsSettings(ref, {
        oidcSubClaim: {
          useDefault: request.body.boolean('use_default'),
          includeClaimKeys:
            request.body.optionalStringArray('include_claim_keys') ?? [],
        },
      });
      return json(201, {});
    },
  ),

  route('GET', '/repos/{owner}/{repo}/actions/permissions/access', request => {
    const repo = request.repository('admin');
    return json(200, { access_level: repo.workflowAccessLevel });
  }),

  route('PUT', '/repos/{owner}/{repo}/actions/permissions/access', request => {
    const ref = request.store.repositories.refOf(request.repository('admin'));
    const level = request.body.optionalEnum('access_level', [
      'none',
      'user',
      'organization',
      'enterprise',
    ] as const);
    if (!level) {
      throw apiErrors.invalidRequest(`"access_level" wasn't supplied.`);
    }
    request.store.repositories.setActionsSettings(ref, {
      workflowAccessLevel: level,
    });
    return noContent();
  }),
];
