/**
 * `.yarn/patches/@backstage-plugin-catalog-import-*.patch` makes the catalog-import API load its
 * GitHub client (`GitHub.esm.js`, which brings @octokit/rest: about 80 kB) when it opens a pull
 * request. The API is created at start-up, so importing the client up front put octokit into the
 * app's initial scripts (ADR 0061). These tests fail when an upgrade drops the patch, and check
 * that a pull request to GitHub still goes through the same client.
 */
import path from 'node:path';

const dist = path.dirname(require.resolve('@backstage/plugin-catalog-import'));
const githubModule = path.join(dist, 'api/GitHub.esm.js');
const clientModule = path.join(dist, 'api/CatalogImportClient.esm.js');

describe('the catalog-import patch', () => {
  let githubImported: boolean;
  const submitGitHubPrToRepo = jest.fn();
  let CatalogImportClient: any;

  beforeEach(() => {
    githubImported = false;
    submitGitHubPrToRepo.mockReset();
    jest.isolateModules(() => {
      jest.doMock(githubModule, () => {
        githubImported = true;
        return { submitGitHubPrToRepo };
      });
      CatalogImportClient = require(clientModule).CatalogImportClient;
    });
  });

  afterEach(() => {
    // The stand-in must not answer other tests' imports.
    jest.dontMock(githubModule);
  });

  it('imports no GitHub client with the API', () => {
    expect(CatalogImportClient).toBeDefined();
    expect(githubImported).toBe(false);
  });

  it('opens a GitHub pull request through the GitHub client, loaded then', async () => {
    submitGitHubPrToRepo.mockResolvedValue({
      link: 'https://github.com/tidewater/orders-service/pull/7',
      location:
        'https://github.com/tidewater/orders-service/blob/main/catalog-info.yaml',
    });
    const client = new CatalogImportClient({
      catalogApi: { validateEntity: async () => ({ valid: true }) },
      scmIntegrationsApi: {
        byUrl: () => ({
          type: 'github',
          config: { host: 'github.com', apiBaseUrl: 'https://api.github.com' },
        }),
      },
      scmAuthApi: {},
      configApi: {},
    });

    const result = await client.submitPullRequest({
      repositoryUrl: 'https://github.com/tidewater/orders-service',
      fileContent:
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders-service\n',
      title: 'Add catalog-info.yaml',
      body: 'Registers the service',
    });

    expect(githubImported).toBe(true);
    expect(submitGitHubPrToRepo).toHaveBeenCalledWith(
      expect.objectContaining({
        owner: 'tidewater',
        repo: 'orders-service',
        title: 'Add catalog-info.yaml',
      }),
      expect.anything(),
      expect.anything(),
    );
    expect(result.link).toBe(
      'https://github.com/tidewater/orders-service/pull/7',
    );
  });
});
