import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Octokit } from 'octokit';
import { PullRequestGithubApi } from './githubApi';
import { ProgressLog } from './progress';
import { TreeIndex } from './treeIndex';

// The sandbox answers neither GraphQL mutations nor truncated trees.
const GHES = 'https://ghe.example.com/api/v3';

function api() {
  const octokit = new Octokit({
    auth: 'token',
    baseUrl: GHES,
    retry: { enabled: false },
    throttle: { enabled: false },
  });
  return new PullRequestGithubApi(
    octokit,
    { host: 'ghe.example.com', owner: 'acme', repo: 'web' },
    new ProgressLog({ maxRetries: 0 }),
  );
}

function treeResponse(
  sha: string,
  entries: Array<{ path: string; type: 'blob' | 'tree'; sha: string }>,
  truncated = false,
) {
  return {
    sha,
    truncated,
    tree: entries.map(entry => ({
      ...entry,
      mode: entry.type === 'tree' ? '040000' : '100644',
      size: entry.type === 'blob' ? 1 : undefined,
    })),
  };
}

describe('PullRequestGithubApi', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it.each([
    { draft: true, mutation: 'convertPullRequestToDraft' },
    { draft: false, mutation: 'markPullRequestReadyForReview' },
  ])(
    'switches the draft state with the $mutation GraphQL mutation on GHES',
    async ({ draft, mutation }) => {
      const bodies: Array<{ query: string; variables: unknown }> = [];
      server.use(
        http.post(
          'https://ghe.example.com/api/graphql',
          async ({ request }) => {
            bodies.push(
              (await request.json()) as { query: string; variables: unknown },
            );
            return HttpResponse.json({
              data: { [mutation]: { pullRequest: { isDraft: draft } } },
            });
          },
        ),
      );

      await api().setDraft(7, 'PR_node', draft);

      expect(bodies).toEqual([
        {
          query: expect.stringContaining(
            `${mutation}(input: { pullRequestId: $id })`,
          ),
          variables: { id: 'PR_node' },
        },
      ]);
    },
  );

  it('names the step when GraphQL refuses the switch', async () => {
    server.use(
      http.post('https://ghe.example.com/api/graphql', () =>
        HttpResponse.json({
          data: null,
          errors: [{ message: 'Pull request is not a draft' }],
        }),
      ),
    );

    await expect(api().setDraft(7, 'PR_node', false)).rejects.toThrow(
      'Could not mark pull request #7 ready for review: Request failed due to following response errors:\n - Pull request is not a draft. Nothing had been changed on GitHub yet.',
    );
  });

  it('walks only the touched folders when GitHub truncates the recursive tree', async () => {
    const requested: string[] = [];
    const trees: Record<string, ReturnType<typeof treeResponse>> = {
      root: treeResponse(
        'root',
        [
          { path: 'docs', type: 'tree', sha: 'docs' },
          { path: 'legacy', type: 'tree', sha: 'legacy' },
          { path: 'huge', type: 'tree', sha: 'huge' },
          { path: 'README.md', type: 'blob', sha: 'readme' },
        ],
        true,
      ),
      docs: treeResponse('docs', [
        { path: 'index.md', type: 'blob', sha: 'index' },
      ]),
      legacy: treeResponse('legacy', [
        { path: 'a.sh', type: 'blob', sha: 'a' },
        { path: 'nested', type: 'tree', sha: 'nested' },
        { path: 'nested/b.sh', type: 'blob', sha: 'b' },
      ]),
    };
    server.use(
      http.get(
        `${GHES}/repos/acme/web/git/trees/:sha`,
        ({ params, request }) => {
          const recursive = new URL(request.url).searchParams.has('recursive');
          requested.push(`${params.sha}${recursive ? ' (recursive)' : ''}`);
          return HttpResponse.json(trees[String(params.sha)]);
        },
      ),
    );

    const index = await TreeIndex.load(api(), 'root', [
      'docs/index.md',
      'docs/new/page.md',
      'legacy',
      'missing/file.txt',
    ]);

    expect(requested).toEqual([
      'root (recursive)',
      'root',
      'docs',
      'legacy (recursive)',
    ]);
    expect(index.get('docs/index.md')).toMatchObject({ sha: 'index' });
    expect(index.get('docs/new/page.md')).toBeUndefined();
    expect(index.filesAt('legacy').map(entry => entry.path)).toEqual([
      'legacy/a.sh',
      'legacy/nested/b.sh',
    ]);
    expect(index.get('huge/anything')).toBeUndefined();
  });
});
