import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import {
  GithubDiscoveryProcessor,
  GithubEntityProvider,
} from '@backstage/plugin-catalog-backend-module-github';
import { Octokit } from 'octokit';
import { parse as parseYaml } from 'yaml';
import { loadDemoCatalog } from '../../seed/demoCatalog';
import { repositoryCopyOf } from '../../seed/profiles';
import {
  DEMO_ORGANIZATION,
  seedDemoOrganization,
} from '../../seed/seedDemoOrganization';
import { recordingLogger, RecordingLogger } from '../__testUtils__/backstage';
import { DEFAULT_SANDBOX_USER, GitHubSandbox, startGitHubServer } from '..';

jest.setTimeout(60_000);

// The catalog-node types, as the GitHub module's own signatures use them.
type EntityProviderConnection = Parameters<GithubEntityProvider['connect']>[0];
type EntityProviderMutation = Parameters<
  EntityProviderConnection['applyMutation']
>[0];
type CatalogProcessorResult = Parameters<
  Parameters<GithubDiscoveryProcessor['readLocation']>[2]
>[0];

const org = DEMO_ORGANIZATION;
const ARCHIVED = 'orders-service';
const WITHOUT_CATALOG_INFO = 'scratchpad';

/** Backstage's GitHub catalog discovery, configured for the sandbox the way an app-config would. */
describe("Backstage's GitHub discovery against the sandbox", () => {
  let sandbox: GitHubSandbox;
  let token: string;
  let octokit: Octokit;
  let logger: RecordingLogger;
  /** Every repository of the organization, as the REST API lists it. */
  let allRepositories: string[];
  /** Oracle: the repositories whose `main` has a root `catalog-info.yaml`, per the contents API. */
  let withCatalogInfo: string[];

  const config = () =>
    new ConfigReader({
      integrations: {
        github: [
          {
            host: sandbox.host,
            apiBaseUrl: sandbox.apiBaseUrl,
            rawBaseUrl: sandbox.rawBaseUrl,
            token,
          },
        ],
      },
      catalog: {
        providers: {
          github: {
            tidewater: {
              host: sandbox.host,
              organization: org,
              catalogPath: '/catalog-info.yaml',
              validateLocationsExist: true,
            },
          },
        },
      },
    });

  const blobUrl = (repo: string) =>
    `${sandbox.url}/${org}/${repo}/blob/main/catalog-info.yaml`;

  beforeAll(async () => {
    sandbox = await startGitHubServer({ users: [DEFAULT_SANDBOX_USER] });
    const seeded = await seedDemoOrganization({
      store: sandbox.store,
      now: new Date('2025-06-02T12:00:00Z'),
      months: 1,
    });
    token = seeded.tokens[seeded.admins[0]];
    octokit = new Octokit({
      auth: token,
      baseUrl: sandbox.apiBaseUrl,
      throttle: { enabled: false },
      retry: { enabled: false },
    });

    // Two repositories discovery must leave out: an archived one (that still
    // has its catalog-info.yaml) and a fresh one with only a README.
    await octokit.rest.repos.update({
      owner: org,
      repo: ARCHIVED,
      archived: true,
    });
    await octokit.rest.repos.createInOrg({
      org,
      name: WITHOUT_CATALOG_INFO,
      auto_init: true,
    });

    const repos = await octokit.paginate(octokit.rest.repos.listForOrg, {
      org,
      per_page: 100,
    });
    allRepositories = repos.map(repo => repo.name).sort();
    withCatalogInfo = [];
    for (const repo of repos) {
      if (repo.default_branch !== 'main') {
        throw new Error(
          `${repo.name}'s default branch is ${repo.default_branch}`,
        );
      }
      const found = await octokit.rest.repos
        .getContent({
          owner: org,
          repo: repo.name,
          path: 'catalog-info.yaml',
          ref: 'main',
        })
        .then(
          () => true,
          error => {
            if (error.status === 404) return false;
            throw error;
          },
        );
      if (found && !repo.archived) withCatalogInfo.push(repo.name);
    }
    withCatalogInfo.sort();
  });

  beforeEach(() => {
    logger = recordingLogger();
    sandbox.requestCount.reset();
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('the entity provider (catalog.providers.github) registers a location for exactly the repositories with a catalog-info.yaml on main', async () => {
    const [provider] = GithubEntityProvider.fromConfig(config(), {
      logger,
      schedule: { run: async task => task.fn(new AbortController().signal) },
    });
    const mutations: EntityProviderMutation[] = [];
    const connection: EntityProviderConnection = {
      applyMutation: async mutation => {
        mutations.push(mutation);
      },
      refresh: async () => {},
    };

    await provider.connect(connection);

    // The provider logs (rather than throws) when its refresh fails.
    expect(logger.errors).toEqual([]);
    expect(mutations).toHaveLength(1);
    const [mutation] = mutations;
    expect(mutation.type).toBe('full');
    if (mutation.type !== 'full') throw new Error('expected a full mutation');
    const entities = mutation.entities;
    const targets = entities.map(({ entity }) => {
      expect(entity.kind).toBe('Location');
      expect(entity.spec).toMatchObject({ type: 'url', presence: 'optional' });
      return entity.spec!.target as string;
    });

    expect(withCatalogInfo.length).toBeGreaterThan(10);
    expect(allRepositories).toEqual(
      expect.arrayContaining([ARCHIVED, WITHOUT_CATALOG_INFO]),
    );
    expect(withCatalogInfo).not.toContain(ARCHIVED);
    expect(withCatalogInfo).not.toContain(WITHOUT_CATALOG_INFO);
    expect([...targets].sort()).toEqual(withCatalogInfo.map(blobUrl).sort());

    // One GraphQL query, paged (25 repositories a page), and nothing else.
    expect(allRepositories.length).toBeGreaterThan(25);
    expect(sandbox.requestCount.byRoute()).toEqual({
      'POST /graphql': Math.ceil(allRepositories.length / 25),
    });
  });

  it('the github-discovery location processor emits a URL location for every live repository', async () => {
    const processor = GithubDiscoveryProcessor.fromConfig(config(), {
      logger,
    });
    const emitted: CatalogProcessorResult[] = [];

    const handled = await processor.readLocation(
      {
        type: 'github-discovery',
        target: `${sandbox.url}/${org}/*/blob/main/catalog-info.yaml`,
      },
      false,
      result => emitted.push(result),
    );

    expect(handled).toBe(true);
    expect(sandbox.requestCount.byRoute()).toEqual({
      'POST /graphql': Math.ceil(allRepositories.length / 25),
    });
    // Unlike the provider, the processor does not check that the file
    // exists: it emits optional locations for every unarchived repository.
    expect(
      emitted
        .map(result => {
          expect(result).toMatchObject({
            type: 'location',
            location: { type: 'url', presence: 'optional' },
          });
          return (result as { location: { target: string } }).location.target;
        })
        .sort(),
    ).toEqual(
      allRepositories
        .filter(name => name !== ARCHIVED)
        .map(blobUrl)
        .sort(),
    );
  });

  it("serves the discovered locations to Backstage's GitHub URL reader as the seeded components", async () => {
    const reader = UrlReaders.default({ config: config(), logger });
    const components = loadDemoCatalog().components;
    for (const repo of ['inventory-service', 'shipment-tracker']) {
      const component = components.find(
        candidate => candidate.projectSlug === `${org}/${repo}`,
      );
      expect(component?.entity.kind).toBe('Component');
      const response = await reader.readUrl(blobUrl(repo));
      const entity = parseYaml((await response.buffer()).toString('utf8'));
      expect(entity).toEqual(repositoryCopyOf(component!.entity));
    }
  });
});
