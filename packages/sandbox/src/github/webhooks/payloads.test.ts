import { verify } from '@octokit/webhooks-methods';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  authenticatedCloneUrl,
  git,
  startTestSandbox,
  temporaryDirectory,
  TestSandbox,
  TOKENS,
} from '../__testUtils__/testSandbox';
import type { WebhookDelivery } from './types';
import { Receiver, startReceiver } from './__testUtils__/receiver';
import { payloadSchemaErrors } from './__testUtils__/webhookSchemas';

jest.setTimeout(60_000);

const SECRET = 'shh';
const owner = 'acme';
const repo = 'shop';

describe('webhook payloads', () => {
  let env: TestSandbox;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    env = await startTestSandbox({
      webhooks: [{ url: receiver.url, secret: SECRET }],
    });
    await env.alice.rest.repos.createInOrg({
      org: owner,
      name: repo,
      auto_init: true,
    });
    await env.alice.rest.repos.addCollaborator({
      owner,
      repo,
      username: 'mallory',
      permission: 'push',
    });
    await env.sandbox.webhooks.idle();
  });

  afterAll(async () => {
    await env.close();
    await receiver.close();
  });

  function delivered(event: string, action: string | null = null) {
    return env.sandbox.webhooks.waitForDelivery(
      delivery =>
        delivery.event === event && delivery.action === action && delivery.ok,
    );
  }

  function expectValid(delivery: WebhookDelivery) {
    expect(
      payloadSchemaErrors(
        delivery.event,
        delivery.action,
        delivery.request.payload,
      ),
    ).toEqual([]);
  }

  it("checks payloads against GitHub's schema strictly", async () => {
    const delivery = await delivered('push');
    const payload = delivery.request.payload as Record<string, unknown>;
    expect(
      payloadSchemaErrors('push', null, { ...payload, invented: true }),
    ).toEqual([expect.stringContaining('must NOT have additional properties')]);
    expect(
      payloadSchemaErrors('push', null, { ...payload, ref: undefined }),
    ).toEqual([expect.stringContaining("must have required property 'ref'")]);
  });

  it('signs and describes every delivery with GitHub headers', async () => {
    const delivery = await delivered('push');
    const request = receiver.requests.find(
      received => received.headers['x-github-delivery'] === delivery.guid,
    )!;
    expect(request.headers).toMatchObject({
      'x-github-event': 'push',
      'x-github-hook-id': String(delivery.hookId),
      'content-type': 'application/json',
      'user-agent': expect.stringMatching(/^GitHub-Hookshot\/[0-9a-f]{7}$/),
      'x-github-enterprise-version': '3.19.0',
      'x-github-enterprise-host': env.sandbox.host,
    });
    expect(request.headers['x-github-delivery']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    await expect(
      verify(
        SECRET,
        request.body,
        String(request.headers['x-hub-signature-256']),
      ),
    ).resolves.toBe(true);
    await expect(
      verify(
        'wrong',
        request.body,
        String(request.headers['x-hub-signature-256']),
      ),
    ).resolves.toBe(false);
    expect(request.headers['x-hub-signature']).toMatch(/^sha1=[0-9a-f]{40}$/);
    expect(JSON.parse(request.body)).toEqual(delivery.request.payload);
  });

  it('delivers a git push with its commits', async () => {
    env.sandbox.webhooks.clearDeliveries();
    const dir = await temporaryDirectory();
    await git(
      [
        'clone',
        authenticatedCloneUrl(env.sandbox, `${owner}/${repo}`, TOKENS.alice),
        'shop',
      ],
      dir,
    );
    const work = path.join(dir, 'shop');
    await fs.writeFile(path.join(work, 'a.txt'), 'a\n');
    await git(['add', 'a.txt'], work);
    await git(['commit', '-m', 'Add a'], work);
    await fs.rm(path.join(work, 'README.md'));
    await git(['commit', '-am', 'Drop readme'], work);
    const { stdout: before } = await git(['rev-parse', 'HEAD~2'], work);
    const { stdout: after } = await git(['rev-parse', 'HEAD'], work);
    await git(['push', 'origin', 'HEAD:main'], work);

    const delivery = await delivered('push');
    expectValid(delivery);
    expect(delivery.request.payload).toMatchObject({
      ref: 'refs/heads/main',
      before: before.trim(),
      after: after.trim(),
      created: false,
      deleted: false,
      forced: false,
      commits: [
        { message: 'Add a', added: ['a.txt'], removed: [], modified: [] },
        {
          id: after.trim(),
          message: 'Drop readme',
          added: [],
          removed: ['README.md'],
          author: {
            name: 'Alice Admin',
            email: 'alice@example.com',
            username: 'alice',
          },
        },
      ],
      head_commit: { id: after.trim() },
      pusher: { name: 'alice', email: 'alice@example.com' },
      sender: { login: 'alice' },
      repository: { full_name: `${owner}/${repo}`, master_branch: 'main' },
      organization: { login: owner },
    });
  });

  it('delivers the life of a pull request', async () => {
    env.sandbox.webhooks.clearDeliveries();
    await env.alice.rest.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/feature',
      sha: (
        await env.alice.rest.repos.getBranch({ owner, repo, branch: 'main' })
      ).data.commit.sha,
    });
    await env.alice.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      branch: 'feature',
      path: 'feature.txt',
      message: 'Start feature',
      content: Buffer.from('one\n').toString('base64'),
    });
    const pull = await env.alice.rest.pulls.create({
      owner,
      repo,
      head: 'feature',
      base: 'main',
      title: 'Feature',
      body: 'First draft',
    });
    const file = await env.alice.rest.repos.getContent({
      owner,
      repo,
      path: 'feature.txt',
      ref: 'feature',
    });
    await env.alice.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      branch: 'feature',
      path: 'feature.txt',
      message: 'More feature',
      content: Buffer.from('two\n').toString('base64'),
      sha: (file.data as { sha: string }).sha,
    });
    await env.alice.rest.pulls.update({
      owner,
      repo,
      pull_number: pull.data.number,
      title: 'Feature, finished',
    });
    await env.alice.rest.pulls.requestReviewers({
      owner,
      repo,
      pull_number: pull.data.number,
      reviewers: ['mallory'],
    });
    await env.alice.rest.pulls.merge({
      owner,
      repo,
      pull_number: pull.data.number,
    });
    await delivered('pull_request', 'closed');
    await env.sandbox.webhooks.idle();

    const pullRequestDeliveries = env.sandbox.webhooks
      .deliveries()
      .filter(delivery => delivery.event === 'pull_request');
    expect(pullRequestDeliveries.map(delivery => delivery.action)).toEqual([
      'opened',
      'synchronize',
      'edited',
      'review_requested',
      'closed',
    ]);
    for (const delivery of pullRequestDeliveries) {
      expectValid(delivery);
    }
    const [opened, synchronize, edited, requested, closed] =
      pullRequestDeliveries.map(delivery => delivery.request.payload);
    expect(opened).toMatchObject({
      number: pull.data.number,
      pull_request: { state: 'open', title: 'Feature', merged: false },
    });
    expect(synchronize).toMatchObject({
      before: pull.data.head.sha,
      after: expect.not.stringMatching(pull.data.head.sha),
    });
    expect(edited).toMatchObject({
      changes: { title: { from: 'Feature' } },
      pull_request: { title: 'Feature, finished' },
    });
    expect(requested).toMatchObject({
      requested_reviewer: { login: 'mallory' },
    });
    expect(closed).toMatchObject({
      pull_request: {
        state: 'closed',
        merged: true,
        merged_by: { login: 'alice' },
      },
    });
  });

  it('delivers deployment statuses', async () => {
    const deployment = await env.alice.rest.repos.createDeployment({
      owner,
      repo,
      ref: 'main',
      environment: 'production',
      required_contexts: [],
      payload: { region: 'eu' },
    });
    const id = (deployment.data as { id: number }).id;
    await env.alice.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: id,
      state: 'success',
      environment_url: 'https://shop.example.com',
      log_url: 'https://ci.example.com/1',
    });
    const delivery = await delivered('deployment_status', 'created');
    expectValid(delivery);
    expect(delivery.request.payload).toMatchObject({
      deployment_status: {
        state: 'success',
        environment_url: 'https://shop.example.com',
        log_url: 'https://ci.example.com/1',
        creator: { login: 'alice' },
      },
      deployment: { id, environment: 'production', payload: { region: 'eu' } },
    });
  });

  it('delivers workflow runs through their lifecycle', async () => {
    await env.alice.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: '.github/workflows/ci.yaml',
      message: 'Add CI',
      content: Buffer.from(
        'name: CI\non: [push, workflow_dispatch]\njobs: {}\n',
      ).toString('base64'),
    });
    await env.alice.rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: 'ci.yaml',
      ref: 'main',
    });
    const requested = await delivered('workflow_run', 'requested');
    const runId = (
      requested.request.payload as { workflow_run: { id: number } }
    ).workflow_run.id;
    env.sandbox.store.actions.updateRun({ owner, repo }, runId, {
      status: 'in_progress',
    });
    env.sandbox.store.actions.updateRun({ owner, repo }, runId, {
      status: 'completed',
      conclusion: 'failure',
    });
    const completed = await delivered('workflow_run', 'completed');
    const inProgress = await delivered('workflow_run', 'in_progress');
    for (const delivery of [requested, inProgress, completed]) {
      expectValid(delivery);
    }
    expect(completed.request.payload).toMatchObject({
      workflow: { name: 'CI', path: '.github/workflows/ci.yaml' },
      workflow_run: {
        id: runId,
        event: 'workflow_dispatch',
        status: 'completed',
        conclusion: 'failure',
      },
    });
  });
});
