import { TestDatabases } from '@backstage/backend-test-utils';
import {
  DEFAULT_SANDBOX_TOKEN,
  DEFAULT_SANDBOX_USER,
  GitHubSandbox,
  startGitHubServer,
} from '@callboard/sandbox';
import { Octokit } from 'octokit';
import { KnexDxStore } from '../../database/KnexDxStore';
import {
  sandboxIngester,
  startSeededSandbox,
} from '../../__testUtils__/sandbox';
import { DEFAULT_DEFINITION_OPTIONS } from '../Metrics/types';
import { repositoryFacts } from '../Metrics/definitions';
import { IngestTarget, LAST_PASS_KEY } from './GithubIngester';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const SLUGS = ['tidewater/inventory-service', 'tidewater/shipment-tracker'];

describe('GithubIngester against the sandbox GitHub', () => {
  let github: GitHubSandbox;
  let admin: Octokit;
  let targets: IngestTarget[];

  beforeAll(async () => {
    github = await startSeededSandbox();
    admin = new Octokit({
      auth: DEFAULT_SANDBOX_TOKEN,
      baseUrl: github.apiBaseUrl,
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    // One more repository: the first whose history had a production incident.
    const repositories = await admin.paginate(admin.rest.repos.listForOrg, {
      org: 'tidewater',
      per_page: 100,
    });
    for (const repository of repositories) {
      const { data } = await admin.rest.issues.listForRepo({
        owner: 'tidewater',
        repo: repository.name,
        labels: 'incident',
        state: 'all',
      });
      if (data.length > 0 && !SLUGS.includes(repository.full_name)) {
        SLUGS.push(repository.full_name);
        break;
      }
    }
    targets = SLUGS.map(slug => ({ host: github.host, slug, monorepo: false }));
  }, 240_000);

  afterEach(() => github.faults.reset());
  afterAll(() => github.close());

  async function newStore() {
    return KnexDxStore.create({
      getClient: async () => databases.init('SQLITE_3'),
      migrations: { skip: false },
    });
  }

  it('backfills, then polls with nothing new for free', async () => {
    const store = await newStore();
    const ingester = sandboxIngester(github, store);
    const backfill = await ingester.run(targets);
    expect(backfill.failures).toEqual([]);
    expect(backfill.written.pulls).toBeGreaterThan(0);
    expect(backfill.written.deployments).toBeGreaterThan(0);
    expect(backfill.written.incidents).toBeGreaterThan(0);
    const counts = await store.counts();

    github.requestCount.reset();
    const poll = await ingester.run(targets);
    expect(poll.countedRequests).toBe(0);
    expect(poll.notModified).toBeGreaterThan(0);
    expect(github.requestCount.count('POST /graphql')).toBe(0);
    expect(await store.counts()).toEqual(counts);

    const resolution = (await store.getSlugResolutions([SLUGS[0]])).get(
      SLUGS[0],
    );
    const history = await store.loadHistory(resolution!.repositoryId!);
    const facts = repositoryFacts(
      history!,
      { name: 'inventory-service' },
      DEFAULT_DEFINITION_OPTIONS,
    );
    expect(facts.changes.some(change => change.deployedAt !== null)).toBe(true);
  });

  it('stores every finished production deployment GitHub lists, superseded successes included', async () => {
    const store = await newStore();
    await sandboxIngester(github, store).run(targets);
    const latestStates = new Set<string>();
    for (const slug of SLUGS) {
      const [owner, repo] = slug.split('/');
      const deployments = await admin.paginate(
        admin.rest.repos.listDeployments,
        { owner, repo, environment: 'production', per_page: 100 },
      );
      const expected = [];
      for (const deployment of deployments) {
        const { data: statuses } =
          await admin.rest.repos.listDeploymentStatuses({
            owner,
            repo,
            deployment_id: deployment.id,
          });
        const latest = statuses[0];
        latestStates.add(latest?.state);
        const outcome =
          latest?.state === 'inactive'
            ? statuses.find(s => s.state === 'success')
            : latest;
        if (
          outcome &&
          ['success', 'failure', 'error'].includes(outcome.state)
        ) {
          expected.push({
            id: `deployment:${deployment.id}`,
            status: outcome.state === 'success' ? 'success' : 'failure',
            finishedAt: Date.parse(outcome.created_at),
          });
        }
      }
      const id = (await store.getSlugResolutions([slug])).get(slug)!
        .repositoryId!;
      const stored = (await store.loadHistory(id))!.deployments.map(d => ({
        id: d.id,
        status: d.status,
        finishedAt: d.finishedAt,
      }));
      const byId = (a: { id: string }, b: { id: string }) =>
        a.id.localeCompare(b.id);
      expect({ slug, stored: stored.sort(byId) }).toEqual({
        slug,
        stored: expected.sort(byId),
      });
    }
    // GitHub made the earlier successes inactive when a later deployment succeeded.
    expect(latestStates).toContain('inactive');
  });

  it('retries 5xx answers mid-pagination and stores nothing twice', async () => {
    const clean = await newStore();
    await sandboxIngester(github, clean).run(targets);
    const store = await newStore();
    github.faults.failNext({ path: '/graphql', status: 502, count: 2 });
    github.faults.failNext({
      path: '/repos/tidewater/*/deployments',
      status: 500,
      count: 1,
    });
    github.faults.triggerSecondaryRateLimit({
      path: '/repos/tidewater/*/pulls',
      retryAfterSeconds: 1,
    });
    const summary = await sandboxIngester(github, store).run(targets);
    expect(summary.failures).toEqual([]);
    expect(await store.counts()).toEqual(await clean.counts());
  });

  it('pauses when the budget runs out mid-backfill and resumes after the reset without duplicates', async () => {
    const clean = await newStore();
    await sandboxIngester(github, clean).run(targets);
    const store = await newStore();
    let now = Date.now();
    const ingester = sandboxIngester(github, store, { now: () => now });
    github.faults.setRateLimit({ remaining: 8, resetInSeconds: 600 });
    const first = await ingester.run(targets);
    expect(first.pausedUntil).toBeDefined();
    expect(first.failures).toEqual([]);
    // The figures say "not ingested yet" rather than show a first pass's streams half-read.
    expect(await store.getSlugResolutions(SLUGS)).toEqual(new Map());
    // The figures read this to say they are stale, and why.
    expect(JSON.parse((await store.getState(LAST_PASS_KEY))!)).toMatchObject({
      pausedUntil: Date.parse(first.pausedUntil!),
    });

    const skipped = await ingester.run(targets);
    expect(skipped.pausedUntil).toBe(first.pausedUntil);
    expect(skipped.countedRequests).toBe(0);

    github.faults.reset();
    now = Date.parse(first.pausedUntil!) + 1000;
    const resumed = await ingester.run(targets);
    expect(resumed.pausedUntil).toBeUndefined();
    expect(await store.counts()).toEqual(await clean.counts());
    expect((await store.getSlugResolutions(SLUGS)).size).toBe(SLUGS.length);
  });

  it('drops force-pushed commits from the default branch', async () => {
    const store = await newStore();
    const ingester = sandboxIngester(github, store);
    const target = {
      host: github.host,
      slug: 'tidewater/shipment-tracker',
      monorepo: false,
    };
    const ref = { owner: 'tidewater', repo: 'shipment-tracker' };
    await ingester.run([target]);
    const { data: head } = await admin.rest.repos.getCommit({
      ...ref,
      ref: 'main',
    });
    const parentSha = head.parents[0].sha;
    const { data: parent } = await admin.rest.git.getCommit({
      ...ref,
      commit_sha: parentSha,
    });
    const { data: replacement } = await admin.rest.git.createCommit({
      ...ref,
      message: 'Rewrite the last commit',
      tree: parent.tree.sha,
      parents: [parentSha],
    });
    await admin.rest.git.updateRef({
      ...ref,
      ref: 'heads/main',
      sha: replacement.sha,
      force: true,
    });

    await ingester.run([target]);
    const id = (await store.getSlugResolutions([target.slug])).get(target.slug)!
      .repositoryId!;
    const shas = (await store.loadHistory(id))!.commits.map(c => c.sha);
    expect(shas).toContain(replacement.sha);
    expect(shas).not.toContain(head.sha);
    expect(shas[shas.length - 1]).toBe(replacement.sha);
  });

  it('keeps a deleted repository’s history and says why it stopped', async () => {
    const store = await newStore();
    const ingester = sandboxIngester(github, store);
    const { data: created } = await admin.rest.repos.createInOrg({
      org: 'tidewater',
      name: 'short-lived',
      auto_init: true,
    });
    const target = {
      host: github.host,
      slug: created.full_name,
      monorepo: false,
    };
    await ingester.run([target]);
    await admin.rest.repos.delete({ owner: 'tidewater', repo: 'short-lived' });
    const summary = await ingester.run([target]);
    expect(summary.failures).toEqual([
      'tidewater/short-lived: not found on GitHub',
    ]);
    const resolution = (await store.getSlugResolutions([target.slug])).get(
      target.slug,
    );
    expect(resolution).toMatchObject({
      status: 'not-found',
      repositoryId: created.id,
    });
    expect(resolution?.reason).toMatch(/history is kept/);
    expect(
      (await store.loadHistory(created.id))?.commits.length,
    ).toBeGreaterThan(0);
  });
});

describe('GithubIngester and superseded deployments', () => {
  let github: GitHubSandbox;
  let admin: Octokit;

  beforeAll(async () => {
    github = await startGitHubServer({
      users: [DEFAULT_SANDBOX_USER],
      organizations: [
        {
          login: 'acme',
          name: 'Acme',
          members: [{ login: DEFAULT_SANDBOX_USER.login, role: 'admin' }],
        },
      ],
    });
    admin = new Octokit({
      auth: DEFAULT_SANDBOX_TOKEN,
      baseUrl: github.apiBaseUrl,
      retry: { enabled: false },
      throttle: { enabled: false },
    });
  });

  afterAll(() => github.close());

  /** Ingests one repository of the sandbox into a new store, and returns its deployments. */
  async function ingestedDeployments(repo: string) {
    const store = await KnexDxStore.create({
      getClient: async () => databases.init('SQLITE_3'),
      migrations: { skip: false },
    });
    const summary = await sandboxIngester(github, store).run([
      { host: github.host, slug: `acme/${repo}`, monorepo: false },
    ]);
    expect(summary.failures).toEqual([]);
    const id = (await store.getSlugResolutions([`acme/${repo}`])).get(
      `acme/${repo}`,
    )!.repositoryId!;
    return (await store.loadHistory(id))!.deployments;
  }

  it.each([['production'], ['prod']])(
    'counts every successful deployment to %s, also those a later success made inactive',
    async environment => {
      const repo = `shop-${environment}`;
      await admin.rest.repos.createInOrg({
        org: 'acme',
        name: repo,
        auto_init: true,
      });
      const expected = [];
      for (let i = 0; i < 3; i += 1) {
        const { data: deployment } = await admin.rest.repos.createDeployment({
          owner: 'acme',
          repo,
          ref: 'main',
          environment,
          required_contexts: [],
          auto_merge: false,
        });
        const id = (deployment as { id: number }).id;
        const { data: status } = await admin.rest.repos.createDeploymentStatus({
          owner: 'acme',
          repo,
          deployment_id: id,
          state: 'success',
        });
        expected.push({
          id: `deployment:${id}`,
          status: 'success',
          finishedAt: Date.parse(status.created_at),
        });
      }
      const { data: first } = await admin.rest.repos.listDeploymentStatuses({
        owner: 'acme',
        repo,
        deployment_id: Number(expected[0].id.split(':')[1]),
      });
      expect(first[0].state).toBe('inactive');

      const stored = (await ingestedDeployments(repo)).map(d => ({
        id: d.id,
        status: d.status,
        finishedAt: d.finishedAt,
      }));
      const byId = (a: { id: string }, b: { id: string }) =>
        a.id.localeCompare(b.id, 'en', { numeric: true });
      expect(stored.sort(byId)).toEqual(expected.sort(byId));
    },
  );

  it('finds the success of a superseded deployment that reported many progress statuses first', async () => {
    const repo = 'shop-chatty';
    await admin.rest.repos.createInOrg({
      org: 'acme',
      name: repo,
      auto_init: true,
    });
    const deploy = async () =>
      (
        (
          await admin.rest.repos.createDeployment({
            owner: 'acme',
            repo,
            ref: 'main',
            environment: 'production',
            required_contexts: [],
            auto_merge: false,
          })
        ).data as { id: number }
      ).id;
    const chatty = await deploy();
    for (let i = 0; i < 12; i += 1) {
      await admin.rest.repos.createDeploymentStatus({
        owner: 'acme',
        repo,
        deployment_id: chatty,
        state: 'in_progress',
      });
    }
    const { data: success } = await admin.rest.repos.createDeploymentStatus({
      owner: 'acme',
      repo,
      deployment_id: chatty,
      state: 'success',
    });
    const later = await deploy();
    await admin.rest.repos.createDeploymentStatus({
      owner: 'acme',
      repo,
      deployment_id: later,
      state: 'success',
    });

    const stored = (await ingestedDeployments(repo)).find(
      d => d.id === `deployment:${chatty}`,
    );
    expect(stored).toMatchObject({
      status: 'success',
      finishedAt: Date.parse(success.created_at),
    });
  });
});
