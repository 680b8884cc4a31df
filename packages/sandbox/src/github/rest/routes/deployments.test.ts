import { startTestSandbox, TestSandbox } from '../../__testUtils__/testSandbox';

const ref = { owner: 'acme', repo: 'shop' };

describe('deployments', () => {
  let env: TestSandbox;

  beforeAll(async () => {
    env = await startTestSandbox();
    await env.alice.rest.repos.createInOrg({
      org: 'acme',
      name: 'shop',
      auto_init: true,
    });
  });

  afterAll(async () => {
    await env.close();
  });

  async function deploy(params: Record<string, unknown>) {
    const response = await env.alice.rest.repos.createDeployment({
      ...ref,
      ref: 'main',
      ...params,
    });
    return response as {
      status: number;
      data: { id: number; message?: string };
    };
  }

  it('marks earlier successful deployments to the same environment inactive', async () => {
    const first = await deploy({ environment: 'qa' });
    await env.alice.rest.repos.createDeploymentStatus({
      ...ref,
      deployment_id: first.data.id,
      state: 'success',
    });
    const second = await deploy({ environment: 'qa' });
    await env.alice.rest.repos.createDeploymentStatus({
      ...ref,
      deployment_id: second.data.id,
      state: 'in_progress',
    });
    await env.alice.rest.repos.createDeploymentStatus({
      ...ref,
      deployment_id: second.data.id,
      state: 'success',
    });
    const states = async (id: number) =>
      (
        await env.alice.rest.repos.listDeploymentStatuses({
          ...ref,
          deployment_id: id,
        })
      ).data.map(s => s.state);
    await expect(states(first.data.id)).resolves.toEqual([
      'inactive',
      'success',
    ]);
    await expect(states(second.data.id)).resolves.toEqual([
      'success',
      'in_progress',
    ]);
    const environments = await env.alice.rest.repos.getAllEnvironments(ref);
    expect(
      environments.data.environments?.map(environment => environment.name),
    ).toEqual(['qa']);
  });

  it('requires every reported commit status to pass unless told otherwise', async () => {
    const { data: head } = await env.alice.rest.repos.getBranch({
      ...ref,
      branch: 'main',
    });
    await env.alice.rest.repos.createCommitStatus({
      ...ref,
      sha: head.commit.sha,
      state: 'failure',
      context: 'ci',
    });
    await expect(deploy({})).rejects.toMatchObject({
      status: 409,
      response: {
        data: {
          message: 'Conflict: Commit status checks failed for main.',
          errors: [
            {
              contexts: [{ context: 'ci', state: 'failure' }],
              resource: 'Deployment',
              field: 'required_contexts',
              code: 'invalid',
            },
          ],
        },
      },
    });
    await expect(deploy({ required_contexts: [] })).resolves.toMatchObject({
      status: 201,
    });
  });

  it('merges the default branch into a stale branch first and asks for a retry', async () => {
    const { store } = env.sandbox;
    await store.git.commitToBranch({
      ...ref,
      branch: 'feature',
      message: 'Feature',
      changes: [{ path: 'f.txt', content: 'f' }],
      pusher: 'alice',
    });
    await store.git.commitToBranch({
      ...ref,
      branch: 'main',
      message: 'Main',
      changes: [{ path: 'm.txt', content: 'm' }],
      pusher: 'alice',
    });
    const merged = await deploy({ ref: 'feature', required_contexts: [] });
    expect(merged).toMatchObject({
      status: 202,
      data: { message: 'Auto-merged main into feature on deployment.' },
    });
    const retried = await deploy({ ref: 'feature', required_contexts: [] });
    expect(retried.status).toBe(201);
    const files = await env.alice.rest.repos.getContent({
      ...ref,
      path: '',
      ref: 'feature',
    });
    expect(
      (files.data as Array<{ name: string }>).map(file => file.name),
    ).toEqual(['README.md', 'f.txt', 'm.txt']);
  });

  it('filters deployments and refuses to delete an active one', async () => {
    const staging = await deploy({
      environment: 'staging',
      required_contexts: [],
      task: 'deploy:migrations',
    });
    await deploy({ environment: 'staging', required_contexts: [] });
    await env.alice.rest.repos.createDeploymentStatus({
      ...ref,
      deployment_id: staging.data.id,
      state: 'success',
    });
    const listed = await env.alice.rest.repos.listDeployments({
      ...ref,
      environment: 'staging',
      task: 'deploy:migrations',
    });
    expect(listed.data.map(item => item.id)).toEqual([staging.data.id]);
    await expect(
      env.alice.rest.repos.deleteDeployment({
        ...ref,
        deployment_id: staging.data.id,
      }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message:
            'We cannot delete an active deployment unless it is the only deployment in a given environment.',
        },
      },
    });
    await env.alice.rest.repos.createDeploymentStatus({
      ...ref,
      deployment_id: staging.data.id,
      state: 'inactive',
    });
    await expect(
      env.alice.rest.repos.deleteDeployment({
        ...ref,
        deployment_id: staging.data.id,
      }),
    ).resolves.toMatchObject({
      status: 204,
    });
  });
});
