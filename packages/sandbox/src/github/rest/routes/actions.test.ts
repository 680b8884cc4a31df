import { startTestSandbox, TestSandbox } from '../../__testUtils__/testSandbox';

const ref = { owner: 'acme', repo: 'pipelines' };

describe('GitHub Actions', () => {
  let env: TestSandbox;

  beforeAll(async () => {
    env = await startTestSandbox();
    await env.alice.rest.repos.createInOrg({
      org: 'acme',
      name: 'pipelines',
      auto_init: true,
    });
    await env.sandbox.store.git.commitToBranch({
      ...ref,
      branch: 'main',
      message: 'Add workflows',
      pusher: 'alice',
      changes: [
        {
          path: '.github/workflows/ci.yml',
          content: 'name: CI\non: [push, pull_request]\n',
        },
        {
          path: '.github/workflows/release.yaml',
          content: 'name: Release\non:\n  workflow_dispatch:\n    inputs: {}\n',
        },
        { path: '.github/workflows/README.md', content: 'not a workflow' },
      ],
    });
  });

  afterAll(async () => {
    await env.close();
  });

  it('discovers workflows from .github/workflows on the default branch', async () => {
    const { data } = await env.alice.rest.actions.listRepoWorkflows(ref);
    expect(
      data.workflows.map(workflow => [
        workflow.name,
        workflow.path,
        workflow.state,
      ]),
    ).toEqual([
      ['CI', '.github/workflows/ci.yml', 'active'],
      ['Release', '.github/workflows/release.yaml', 'active'],
    ]);
    const byFile = await env.alice.rest.actions.getWorkflow({
      ...ref,
      workflow_id: 'release.yaml',
    });
    expect(byFile.data.name).toBe('Release');
  });

  it('dispatches only workflows with a workflow_dispatch trigger', async () => {
    await expect(
      env.alice.rest.actions.createWorkflowDispatch({
        ...ref,
        workflow_id: 'ci.yml',
        ref: 'main',
      }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: { message: "Workflow does not have 'workflow_dispatch' trigger" },
      },
    });
    await env.alice.rest.actions.createWorkflowDispatch({
      ...ref,
      workflow_id: 'release.yaml',
      ref: 'main',
      inputs: { dry: 'true' },
    });
    const { data } = await env.alice.rest.actions.listWorkflowRuns({
      ...ref,
      workflow_id: 'release.yaml',
    });
    expect(data.workflow_runs).toEqual([
      expect.objectContaining({
        event: 'workflow_dispatch',
        status: 'queued',
        head_branch: 'main',
        run_number: 1,
        actor: expect.objectContaining({ login: 'alice' }),
      }),
    ]);
  });

  it('shows runs that tests and seeders drive through their lifecycle', async () => {
    const { store } = env.sandbox;
    const run = await store.actions.createRun({
      ...ref,
      workflow: 'ci.yml',
      actor: 'bob',
      event: 'push',
      createdAt: '2024-03-01T10:00:00Z',
    });
    store.actions.updateRun(ref, run.id, {
      status: 'in_progress',
      updatedAt: '2024-03-01T10:01:00Z',
    });
    store.actions.updateRun(ref, run.id, {
      status: 'completed',
      conclusion: 'failure',
      updatedAt: '2024-03-01T10:09:00Z',
    });
    const { data } = await env.alice.rest.actions.getWorkflowRun({
      ...ref,
      run_id: run.id,
    });
    expect(data).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      name: 'CI',
      path: '.github/workflows/ci.yml',
      updated_at: '2024-03-01T10:09:00Z',
    });
    const failed = await env.alice.rest.actions.listWorkflowRunsForRepo({
      ...ref,
      status: 'failure',
    });
    expect(failed.data.workflow_runs.map(item => item.id)).toEqual([run.id]);
    await expect(
      env.alice.rest.actions.cancelWorkflowRun({ ...ref, run_id: run.id }),
    ).rejects.toMatchObject({
      status: 409,
      response: {
        data: { message: 'Cannot cancel a workflow run that is completed.' },
      },
    });
  });

  it('marks workflows whose file was removed as deleted', async () => {
    await env.sandbox.store.git.commitToBranch({
      ...ref,
      branch: 'main',
      message: 'Drop CI',
      pusher: 'alice',
      changes: [{ path: '.github/workflows/ci.yml', delete: true }],
    });
    const { data } = await env.alice.rest.actions.getWorkflow({
      ...ref,
      workflow_id: 'ci.yml',
    });
    expect(data.state).toBe('deleted');
  });
});
