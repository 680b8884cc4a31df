import {
  DEFAULT_SANDBOX_TOKEN,
  GitHubSandbox,
  startGitHubServer,
} from '@callboard/sandbox';
import { Octokit } from 'octokit';
import { GithubRateLimitError } from './errors';
import { queryRepositoriesInBatch } from './graphqlBatch';

describe('queryRepositoriesInBatch against the sandbox GitHub', () => {
  let sandbox: GitHubSandbox;
  let octokit: Octokit;

  beforeAll(async () => {
    sandbox = await startGitHubServer();
    octokit = new Octokit({
      auth: DEFAULT_SANDBOX_TOKEN,
      baseUrl: sandbox.apiBaseUrl,
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    for (const name of ['api', 'web']) {
      await octokit.rest.repos.createForAuthenticatedUser({
        name,
        auto_init: true,
      });
      for (const title of ['one', 'two', 'three']) {
        await octokit.rest.issues.create({
          owner: 'octocat',
          repo: name,
          title,
        });
      }
    }
  });

  afterEach(() => sandbox.faults.reset());
  afterAll(() => sandbox.close());

  const query = {
    operationName: 'IssuesPage',
    selection:
      'nameWithOwner issues(first: $first, after: $after) { nodes { title } pageInfo { endCursor hasNextPage } }',
    variables: { first: 'Int!', after: 'String' },
  };

  it('answers several repositories in one request, each with its own variables', async () => {
    sandbox.requestCount.reset();
    const results = await queryRepositoriesInBatch<{
      nameWithOwner: string;
      issues: { nodes: Array<{ title: string }> };
    }>(octokit, query, [
      { owner: 'octocat', name: 'api', variables: { first: 1 } },
      { owner: 'octocat', name: 'web', variables: { first: 3 } },
    ]);
    expect(sandbox.requestCount.total).toBe(1);
    expect(
      results.map(r =>
        r.ok ? [r.data.nameWithOwner, r.data.issues.nodes.length] : r,
      ),
    ).toEqual([
      ['octocat/api', 1],
      ['octocat/web', 3],
    ]);
  });

  it('reports a repository GitHub cannot resolve without failing the others', async () => {
    const results = await queryRepositoriesInBatch(octokit, query, [
      { owner: 'octocat', name: 'gone', variables: { first: 1 } },
      { owner: 'octocat', name: 'web', variables: { first: 1 } },
    ]);
    expect(results[0]).toMatchObject({ ok: false, type: 'NOT_FOUND' });
    expect(results[1].ok).toBe(true);
  });

  it('throws a primary rate-limit error with the reset time when the budget is spent', async () => {
    sandbox.faults.setRateLimit({ remaining: 0, resetInSeconds: 120 });
    const failure = await queryRepositoriesInBatch(octokit, query, [
      { owner: 'octocat', name: 'web', variables: { first: 1 } },
    ]).catch(error => error);
    expect(failure).toBeInstanceOf(GithubRateLimitError);
    expect(failure.kind).toBe('primary');
    expect(failure.resetAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('asks nothing for an empty batch', async () => {
    sandbox.requestCount.reset();
    expect(await queryRepositoriesInBatch(octokit, query, [])).toEqual([]);
    expect(sandbox.requestCount.total).toBe(0);
  });
});
