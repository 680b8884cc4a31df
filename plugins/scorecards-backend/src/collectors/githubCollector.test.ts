import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { GithubClientFactory, GithubRequestStats } from '@callboard/github';
import {
  isFailedCollection,
  toFactCollectionError,
} from '@callboard/plugin-scorecards-node';
import {
  DEFAULT_SANDBOX_TOKEN,
  GitHubSandbox,
  startGitHubServer,
} from '@callboard/sandbox';
import { Octokit } from 'octokit';
import { createGithubCollector, reusableWorkflowRef } from './githubCollector';

const OWNER = 'octocat';
const WORKFLOW = 'tidewater/ci-templates/.github/workflows/build.yaml';

function component(name: string, slug = `${OWNER}/${name}`): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations: { 'github.com/project-slug': slug } },
    spec: { type: 'service' },
  };
}

describe('the GitHub collector against the sandbox GitHub', () => {
  let sandbox: GitHubSandbox;
  let admin: Octokit;

  async function put(repo: string, path: string, content: string) {
    await admin.rest.repos.createOrUpdateFileContents({
      owner: OWNER,
      repo,
      path,
      message: `add ${path}`,
      content: Buffer.from(content).toString('base64'),
    });
  }

  beforeAll(async () => {
    sandbox = await startGitHubServer();
    admin = new Octokit({
      auth: DEFAULT_SANDBOX_TOKEN,
      baseUrl: sandbox.apiBaseUrl,
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    for (const name of ['golden', 'bare']) {
      await admin.rest.repos.createForAuthenticatedUser({
        name,
        auto_init: true,
      });
    }
    await put('golden', '.github/CODEOWNERS', '* @octocat\n');
    await put('golden', 'Dockerfile', 'FROM scratch\n');
    await put(
      'golden',
      '.github/workflows/ci.yaml',
      `jobs:\n  build:\n    uses: ${WORKFLOW}@v3.1\n`,
    );
    await put(
      'golden',
      '.callboard/template.json',
      JSON.stringify({
        template: { name: 'service-nodejs', version: '1.0.0' },
      }),
    );
    await admin.rest.repos.updateBranchProtection({
      owner: OWNER,
      repo: 'golden',
      branch: 'main',
      required_status_checks: null,
      enforce_admins: false,
      required_pull_request_reviews: { required_approving_review_count: 2 },
      restrictions: null,
    });
  });

  afterAll(() => sandbox.close());

  function collector(stats = new GithubRequestStats()) {
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            {
              host: sandbox.host,
              apiBaseUrl: sandbox.apiBaseUrl,
              token: DEFAULT_SANDBOX_TOKEN,
            },
          ],
        },
      }),
    );
    return createGithubCollector({
      factory: new GithubClientFactory({
        integrations,
        retry: { maxRetries: 0 },
      }),
      defaultHost: sandbox.host,
      reusableWorkflow: WORKFLOW,
      lockFile: '.callboard/template.json',
      latestTemplateVersion: async name =>
        name === 'service-nodejs' ? '1.1.0' : undefined,
      stats,
    });
  }

  const context = () => ({
    trigger: 'schedule' as const,
    signal: new AbortController().signal,
    logger: mockServices.logger.mock(),
  });

  it('reads files, workflows, the lock file and branch protection for a batch in one GraphQL query', async () => {
    const stats = new GithubRequestStats();
    const results = await collector(stats).collect(
      [component('golden'), component('bare'), component('missing')],
      context(),
    );
    expect(results).toEqual([
      {
        entityRef: 'component:default/golden',
        facts: {
          hasReadme: true,
          hasCodeowners: true,
          hasDockerfile: true,
          reusableWorkflowRef: 'v3.1',
          goldenPathTemplate: 'service-nodejs',
          templateVersion: '1.0.0',
          latestTemplateVersion: '1.1.0',
          branchProtected: true,
          requiredReviews: 2,
        },
        missing: undefined,
      },
      {
        entityRef: 'component:default/bare',
        facts: {
          hasReadme: true,
          hasCodeowners: false,
          hasDockerfile: false,
          reusableWorkflowRef: '',
          goldenPathTemplate: '',
          templateVersion: '',
          latestTemplateVersion: '',
          branchProtected: false,
          requiredReviews: 0,
        },
        missing: undefined,
      },
      {
        entityRef: 'component:default/missing',
        error: {
          kind: 'not-found',
          message: 'GitHub has no repository octocat/missing',
        },
      },
    ]);
    const graphqlCalls = Object.entries(stats.byCall()).filter(([call]) =>
      call.endsWith('/graphql'),
    );
    expect(graphqlCalls).toEqual([[expect.stringMatching(/^POST /), 1]]);
  });

  it('skips entities without a project slug, with the reason', () => {
    const entity = { ...component('x'), metadata: { name: 'x' } };
    expect(collector().skipReason!(entity)).toBe(
      'no github.com/project-slug annotation',
    );
  });

  it.each([
    [403, 'forbidden', {}],
    [429, 'rate-limited', { 'retry-after': '120' }],
    [502, 'unavailable', {}],
  ])(
    'fails the batch on a %s from GitHub so the stored facts are kept',
    async (status, kind, headers) => {
      sandbox.faults.failNext({
        method: 'POST',
        path: /graphql/,
        status,
        headers,
        count: 5,
      });
      let thrown: unknown;
      try {
        await collector().collect([component('golden')], context());
      } catch (error) {
        thrown = error;
      }
      sandbox.faults.reset();
      expect(toFactCollectionError(thrown).kind).toBe(kind);
    },
  );

  it('reports a repository whose branch protection it may not read as missing facts', async () => {
    sandbox.faults.failNext({
      method: 'GET',
      path: `/repos/${OWNER}/golden/branches/main/protection`,
      status: 403,
    });
    const [result] = await collector().collect(
      [component('golden')],
      context(),
    );
    expect(isFailedCollection(result)).toBe(false);
    expect(result).toMatchObject({
      missing: {
        branchProtected:
          'reading branch protection needs admin access to the repository',
        requiredReviews:
          'reading branch protection needs admin access to the repository',
      },
    });
  });
});

describe('reusableWorkflowRef', () => {
  it.each([
    [[`    uses: ${WORKFLOW}@v3`], 'v3'],
    [[`    uses: '${WORKFLOW}@main'`], 'main'],
    [['    uses: actions/checkout@v4', `  uses: ${WORKFLOW}@1.2.3`], '1.2.3'],
    [['    uses: someone/else/.github/workflows/build.yaml@v1'], ''],
  ])('finds the ref in %p', (workflows, ref) => {
    expect(reusableWorkflowRef(workflows, WORKFLOW)).toBe(ref);
  });

  it.each([
    [
      [
        '    uses: tidewater/ci-templates/.github/workflows/node-service.yaml@v3.2.0',
      ],
      'v3.2.0',
    ],
    [
      ['    uses: tidewater/ci-templates/.github/workflows/build.yaml@main'],
      'main',
    ],
    [
      ['    uses: tidewater/ci-templates-fork/.github/workflows/build.yaml@v1'],
      '',
    ],
    [['    uses: tidewater/ci-templates/.github/actions/setup@v1'], ''],
  ])(
    'counts any workflow of the platform repository in %p',
    (workflows, ref) => {
      expect(reusableWorkflowRef(workflows, 'tidewater/ci-templates')).toBe(
        ref,
      );
    },
  );
});
