import { Octokit } from 'octokit';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_SANDBOX_TOKEN,
  DEFAULT_SANDBOX_USER,
  GitHubSandbox,
  GitHubStore,
  startGitHubServer,
} from '../github';
import {
  authenticatedCloneUrl,
  git,
  temporaryDirectory,
} from '../github/__testUtils__/testSandbox';
import { loadDemoCatalog } from './demoCatalog';
import { githubLoginOf } from './people';
import { SeedClock } from './SeedClock';
import {
  DEMO_ORGANIZATION,
  seedDemoOrganization,
  SeedDemoOrganizationResult,
} from './seedDemoOrganization';
import { isWorkingTime } from './time';

jest.setTimeout(300_000);

const NOW = new Date('2025-06-02T12:00:00Z');
const org = DEMO_ORGANIZATION;
const catalog = loadDemoCatalog();
const loginOf = new Map(
  catalog.users.map(user => [user.name, githubLoginOf(user)]),
);

function ms(time: string | null | undefined): number {
  if (!time) throw new Error('expected a timestamp');
  return new Date(time).getTime();
}

describe('seedDemoOrganization', () => {
  let github: GitHubSandbox;
  let store: GitHubStore;
  let result: SeedDemoOrganizationResult;
  let octokit: Octokit;

  const repositories = () => store.repositories.list({ owner: org });
  const refOf = (name: string) => ({ owner: org, repo: name });

  beforeAll(async () => {
    const clock = new SeedClock();
    github = await startGitHubServer({
      clock: clock.now,
      users: [DEFAULT_SANDBOX_USER],
    });
    store = github.store;
    result = await seedDemoOrganization({ store, now: NOW, clock });
    octokit = new Octokit({
      auth: DEFAULT_SANDBOX_TOKEN,
      baseUrl: github.apiBaseUrl,
      throttle: { enabled: false },
      retry: { enabled: false },
    });
  });

  const temporaryDirs: string[] = [];

  afterAll(async () => {
    await github?.close();
    await Promise.all(
      temporaryDirs.map(dir => fs.rm(dir, { recursive: true, force: true })),
    );
  });

  describe('covers the catalog', () => {
    it('creates a repository for every component with a project slug, plus the infrastructure repository', () => {
      const slugs = catalog.components
        .map(component => component.projectSlug)
        .filter((slug): slug is string => slug !== undefined);
      expect(slugs).toContain(`${org}/callboard`);
      const names = repositories().map(repo => `${org}/${repo.name}`);
      expect(names).toEqual(
        expect.arrayContaining([...slugs, `${org}/platform-infrastructure`]),
      );
      expect(names).toHaveLength(slugs.length + 1);
      expect(result.counts.repositories).toBe(slugs.length + 1);
    });

    it.each(catalog.teams.map(team => [team.name, team]))(
      'creates team %s with its catalog members',
      (name, team) => {
        const githubTeam = store.accounts.getTeam(org, name);
        expect(githubTeam).toBeDefined();
        const members = store.accounts
          .listTeamMembers(githubTeam!.id)
          .map(member => member.account.login)
          .sort();
        expect(members).toEqual(
          team.members.map(user => loginOf.get(user)).sort(),
        );
      },
    );

    it('creates one user per catalog user, the bots, and a token for each user', async () => {
      for (const user of catalog.users) {
        const account = store.accounts.get(githubLoginOf(user));
        expect(account).toMatchObject({
          name: user.displayName,
          email: user.email,
        });
      }
      for (const bot of [
        'dependabot[bot]',
        'renovate[bot]',
        'github-actions[bot]',
      ]) {
        expect(store.accounts.get(bot)?.type).toBe('Bot');
      }
      const [admin] = result.admins;
      const asAdmin = new Octokit({
        auth: result.tokens[admin],
        baseUrl: github.apiBaseUrl,
      });
      const { data } = await asAdmin.rest.users.getAuthenticated();
      expect(data.login).toBe(admin);
    });

    it('lays out each repository for its language, with topics, CI and team access', async () => {
      const { data: tree } = await octokit.rest.git.getTree({
        ...refOf('orders-service'),
        tree_sha: 'main',
        recursive: 'true',
      });
      const paths = tree.tree.map(entry => entry.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'README.md',
          'catalog-info.yaml',
          'build.gradle.kts',
          '.github/workflows/ci.yaml',
          '.github/workflows/deploy.yaml',
        ]),
      );
      expect(paths.some(file => file?.endsWith('.kt'))).toBe(true);
      const { data: repo } = await octokit.rest.repos.get(
        refOf('orders-service'),
      );
      expect(repo.default_branch).toBe('main');
      expect(repo.topics).toEqual(
        expect.arrayContaining(['kotlin', 'postgresql']),
      );
      const teams = store.access.teamsOfRepository(refOf('orders-service'));
      expect(teams).toContainEqual(
        expect.objectContaining({
          team: expect.objectContaining({ slug: 'team-checkout' }),
          permission: 'maintain',
        }),
      );
      const { data: infrastructure } = await octokit.rest.git.getTree({
        ...refOf('platform-infrastructure'),
        tree_sha: 'main',
        recursive: 'true',
      });
      expect(infrastructure.tree.map(entry => entry.path)).toEqual(
        expect.arrayContaining([
          'README.md',
          'claims/README.md',
          'claims/storefront/orders-db.yaml',
          'scorecards/production-readiness.yaml',
          'crossplane/definition.yaml',
        ]),
      );
    });
  });

  describe('docs', () => {
    const fileOf = async (repo: string, filePath: string) => {
      const { data } = await octokit.rest.repos.getContent({
        ...refOf(repo),
        path: filePath,
        mediaType: { format: 'raw' },
      });
      return data as unknown as string;
    };

    it('gives components with TechDocs an overview, a runbook and an API page, built with Material', async () => {
      const mkdocs = await fileOf('payments-service', 'mkdocs.yml');
      expect(mkdocs).toContain('name: material');
      expect(mkdocs).toContain('- search');
      expect(mkdocs).not.toContain('techdocs-core');
      expect(await fileOf('payments-service', 'docs/runbook.md')).toMatch(
        /^# Runbook: Payments service/,
      );
      expect(await fileOf('payments-service', 'docs/api.md')).toContain(
        '[`payments-api`](/catalog/default/api/payments-api)',
      );
      // The committed entity reads its docs from its own repository, as a real one does.
      const catalogInfo = await fileOf('payments-service', 'catalog-info.yaml');
      expect(catalogInfo).toContain('backstage.io/techdocs-ref: dir:.');
      expect(catalogInfo).not.toContain('backstage.io/source-location');
    });

    it('gives components without TechDocs no docs site', async () => {
      await expect(fileOf('cart-service', 'mkdocs.yml')).rejects.toMatchObject({
        status: 404,
      });
    });
  });

  describe('realism', () => {
    const allPulls = () =>
      repositories().flatMap(repo =>
        store.pulls.list(refOf(repo.name), { state: 'all' }).map(view => ({
          repo: repo.name,
          ...view,
        })),
      );

    it('has merged, closed and open pull requests, squash and merge-commit merges and a revert', () => {
      const pulls = allPulls();
      const merged = pulls.filter(p => p.pull.mergedAt);
      expect(merged.length).toBeGreaterThan(pulls.length * 0.8);
      expect(
        pulls.some(p => p.issue.state === 'closed' && !p.pull.mergedAt),
      ).toBe(true);
      expect(pulls.some(p => p.issue.state === 'open')).toBe(true);
      const methods = new Set(merged.map(p => p.pull.mergeMethod));
      expect(methods).toEqual(new Set(['squash', 'merge', 'rebase']));
      const reverts = merged.filter(p => p.issue.title.startsWith('Revert "'));
      expect(reverts.length).toBeGreaterThanOrEqual(1);
      for (const revert of reverts) {
        expect(revert.issue.body).toMatch(/^Reverts tidewater\/[\w-]+#\d+/);
      }
    });

    it('reviews every merged pull request after it was opened and before it was merged, by someone else', () => {
      for (const { repo, pull, issue } of allPulls().filter(
        p => p.pull.mergedAt,
      )) {
        const reviews = store.reviews.list(refOf(repo), pull.number);
        expect(reviews.length).toBeGreaterThanOrEqual(1);
        expect(reviews.some(review => review.state === 'APPROVED')).toBe(true);
        for (const review of reviews) {
          expect(ms(review.submittedAt)).toBeGreaterThan(ms(issue.createdAt));
          expect(ms(review.submittedAt)).toBeLessThanOrEqual(ms(pull.mergedAt));
          expect(review.authorId).not.toBe(issue.authorId);
        }
      }
      const states = new Set(
        repositories().flatMap(repo =>
          store.pulls
            .list(refOf(repo.name), { state: 'all' })
            .flatMap(view =>
              store.reviews.list(refOf(repo.name), view.pull.number),
            )
            .map(review => review.state),
        ),
      );
      expect(states).toEqual(
        new Set(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED']),
      );
    });

    it('writes human commits on weekdays in working hours, with the author time zone', async () => {
      const humans = new Set(catalog.users.map(user => user.email));
      let checked = 0;
      let inWorkingHours = 0;
      for (const name of [
        'payments-service',
        'search-service',
        'telemetry-sdk',
      ]) {
        const ref = refOf(name);
        const repo = store.git.repository(ref);
        for (const { pull } of store.pulls.list(ref, { state: 'all' })) {
          for (const sha of await store.pulls.commits(ref, pull.number)) {
            const commit = (await repo.readCommit(sha))!;
            if (!humans.has(commit.author.email)) continue;
            const [, sign, hours, minutes] = /([+-])(\d\d)(\d\d)/.exec(
              commit.author.timezone,
            )!;
            const offset =
              (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
            checked++;
            inWorkingHours += isWorkingTime(ms(commit.author.date), offset)
              ? 1
              : 0;
          }
        }
      }
      expect(checked).toBeGreaterThan(50);
      // Incident remediation happens whenever the incident does.
      expect(inWorkingHours / checked).toBeGreaterThan(0.9);
    });

    it('deploys merged commits to staging, then production, with in_progress then a final state', () => {
      const deployments = store.deployments;
      const failures: string[] = [];
      const unrecovered: string[] = [];
      const unstaged: string[] = [];
      for (const repo of repositories()) {
        const ref = refOf(repo.name);
        const all = [...deployments.list(ref)].reverse();
        for (const deployment of all) {
          const statuses = [
            ...deployments.listStatuses(ref, deployment.id),
          ].reverse();
          expect(statuses[0].state).toBe('in_progress');
          expect(['success', 'failure']).toContain(statuses[1].state);
          expect(ms(statuses[0].createdAt)).toBeGreaterThanOrEqual(
            ms(deployment.createdAt),
          );
        }
        const production = all.filter(d => d.environment === 'production');
        for (const deployment of production) {
          const id = `${repo.name}#${deployment.id}`;
          if (deployments.latestState(deployment) === 'failure') {
            failures.push(id);
            const recovered = production.some(
              later =>
                later.id > deployment.id &&
                deployments.latestState(later) !== 'failure',
            );
            if (!recovered) unrecovered.push(id);
          }
          const staged = all.some(
            staging =>
              staging.environment === 'staging' &&
              staging.sha === deployment.sha &&
              staging.id < deployment.id,
          );
          if (!staged && !deployment.description?.startsWith('Rollback')) {
            unstaged.push(id);
          }
        }
      }
      expect(failures.length).toBeGreaterThan(0);
      expect(unrecovered).toEqual([]);
      expect(unstaged).toEqual([]);
    });

    it('deploys only commits that were on main before the deployment', async () => {
      const ref = refOf('orders-service');
      const repo = store.git.repository(ref);
      for (const deployment of store.deployments.list(ref)) {
        const commit = (await repo.readCommit(deployment.sha))!;
        expect(ms(commit.committer.date)).toBeLessThan(
          ms(deployment.createdAt),
        );
      }
    });

    it('opens every incident shortly after a failed production deployment and closes it hours later', () => {
      const deployments = store.deployments;
      let incidents = 0;
      for (const repo of repositories()) {
        const ref = refOf(repo.name);
        const failedAt = deployments
          .list(ref, { environment: 'production' })
          .flatMap(d => deployments.listStatuses(ref, d.id))
          .filter(status => status.state === 'failure')
          .map(status => ms(status.createdAt));
        for (const issue of store.issues.list(ref, {
          state: 'all',
          labels: ['incident'],
        })) {
          incidents++;
          const labels = store.issues.labelsOf(issue).map(label => label.name);
          expect(labels.some(label => /^severity:sev[123]$/.test(label))).toBe(
            true,
          );
          const opened = ms(issue.createdAt);
          expect(
            failedAt.some(
              failure => failure <= opened && opened - failure < 30 * 60_000,
            ),
          ).toBe(true);
          expect(issue.state).toBe('closed');
          const duration = ms(issue.closedAt) - opened;
          expect(duration).toBeGreaterThan(5 * 60_000);
          expect(duration).toBeLessThan(3 * 24 * 3600_000);
        }
      }
      expect(incidents).toBe(result.counts.incidents);
      expect(incidents).toBeGreaterThan(0);
    });

    it('records CI and deploy workflow runs with conclusions, and releases for libraries', async () => {
      const { data } = await octokit.rest.actions.listWorkflowRunsForRepo({
        ...refOf('orders-service'),
        per_page: 100,
      });
      expect(data.total_count).toBeGreaterThan(20);
      const names = new Set(data.workflow_runs.map(run => run.name));
      expect(names).toEqual(new Set(['CI', 'Deploy']));
      expect(new Set(data.workflow_runs.map(run => run.conclusion))).toContain(
        'success',
      );
      const { data: releases } = await octokit.rest.repos.listReleases(
        refOf('go-service-kit'),
      );
      expect(releases.length).toBeGreaterThan(0);
      expect(releases[0].tag_name).toMatch(/^v1\.\d+\.\d+$/);
    });
  });

  describe('through octokit', () => {
    it('lists commits since a date with backdated authors', async () => {
      const since = new Date(NOW.getTime() - 30 * 24 * 3600_000).toISOString();
      const { data } = await octokit.rest.repos.listCommits({
        ...refOf('cart-service'),
        since,
        per_page: 100,
      });
      expect(data.length).toBeGreaterThan(0);
      for (const commit of data) {
        expect(ms(commit.commit.committer?.date)).toBeGreaterThanOrEqual(
          ms(since),
        );
        expect(ms(commit.commit.committer?.date)).toBeLessThanOrEqual(
          NOW.getTime(),
        );
      }
      expect(data.some(commit => commit.author?.login)).toBe(true);
    });

    it('lists pull requests of every state', async () => {
      const pulls = await octokit.paginate(octokit.rest.pulls.list, {
        ...refOf('storefront-web'),
        state: 'all',
        per_page: 100,
      });
      expect(pulls.length).toBe(
        store.pulls.list(refOf('storefront-web'), { state: 'all' }).length,
      );
      expect(pulls.some(pull => pull.merged_at)).toBe(true);
      expect(new Set(pulls.map(pull => pull.number)).size).toBe(pulls.length);
    });

    it('lists deployments and their statuses', async () => {
      const { data: deployments } = await octokit.rest.repos.listDeployments({
        ...refOf('orders-service'),
        environment: 'production',
        per_page: 10,
      });
      expect(deployments.length).toBeGreaterThan(0);
      const { data: statuses } =
        await octokit.rest.repos.listDeploymentStatuses({
          ...refOf('orders-service'),
          deployment_id: deployments[0].id,
        });
      expect(statuses.map(status => status.state)).toEqual(
        expect.arrayContaining(['in_progress']),
      );
    });

    it('lists incidents by label', async () => {
      const repo = repositories().find(
        candidate =>
          store.issues.list(refOf(candidate.name), {
            state: 'all',
            labels: ['incident'],
          }).length > 0,
      )!;
      const { data } = await octokit.rest.issues.listForRepo({
        ...refOf(repo.name),
        labels: 'incident',
        state: 'all',
      });
      expect(data.length).toBeGreaterThan(0);
      for (const issue of data) {
        expect(
          issue.labels.map(label =>
            typeof label === 'string' ? label : label.name,
          ),
        ).toContain('incident');
        expect(issue.closed_at).toBeTruthy();
      }
    });

    it('serves history to git clone, with backdated authors in git log', async () => {
      const dir = await temporaryDirectory('seed-clone-');
      temporaryDirs.push(dir);
      await git(
        [
          'clone',
          '--quiet',
          authenticatedCloneUrl(
            github,
            `${org}/inventory-service`,
            DEFAULT_SANDBOX_TOKEN,
          ),
          'inventory-service',
        ],
        dir,
      );
      const { stdout } = await git(
        ['log', '--format=%an|%aI|%s'],
        path.join(dir, 'inventory-service'),
      );
      const lines = stdout.trim().split('\n');
      expect(lines.length).toBeGreaterThan(20);
      const dates = lines.map(line => ms(line.split('|')[1]));
      expect(Math.min(...dates)).toBeLessThan(
        NOW.getTime() - 60 * 24 * 3600_000,
      );
      const humans = new Set(catalog.users.map(user => user.displayName));
      expect(lines.some(line => humans.has(line.split('|')[0]))).toBe(true);
      const { stdout: head } = await git(
        ['rev-parse', 'HEAD'],
        path.join(dir, 'inventory-service'),
      );
      expect(head.trim()).toBe(
        result.repositories.find(r => r.name === 'inventory-service')!.mainSha,
      );
    });
  });
});
