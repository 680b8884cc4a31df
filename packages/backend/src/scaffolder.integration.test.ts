import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import {
  ScaffolderApi,
  SERVICE_TEMPLATE,
  TaskRun,
} from './__testUtils__/scaffolderApi';
import {
  advertisedRefs,
  BOT_TOKEN,
  INFRASTRUCTURE_REPO,
  listFiles,
  ORG,
  pullsFromBranch,
  readFile,
  repositoryNames,
  TidewaterGitHub,
  writeRequests,
} from './__testUtils__/scaffolderGitHub';
import {
  crashAndRestartBackend,
  PLATFORM_ADMIN,
  SECOND_ENGINEER,
  ScaffolderHarness,
  startScaffolderHarness,
  stopScaffolderHarness,
  waitUntil,
} from './__testUtils__/scaffolderHarness';

jest.setTimeout(420_000);

const PULLS = '/repos/{owner}/{repo}/pulls';
const OPEN_PULL = `POST ${PULLS}`;

/** The branch callboard:infrastructure:claim proposes a new service's database from. */
function claimBranch(name: string) {
  return `callboard/create-fulfilment-${name}-db`;
}

function serviceValues(name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    description: 'Tracks parcels from the warehouse dock to the doorstep',
    owner: 'group:default/team-fulfilment',
    system: 'system:default/fulfilment',
    lifecycle: 'experimental',
    exposesApi: true,
    needsDatabase: false,
    databaseEnvironment: 'production',
    databaseStorageGB: 20,
    ...overrides,
  };
}

function linkTitled(run: TaskRun, title: string) {
  const link = run.output.links?.find(candidate => candidate.title === title);
  if (!link) {
    throw new Error(
      `No '${title}' link in the output: ${JSON.stringify(run.output)}`,
    );
  }
  return link;
}

function expectCompleted(run: TaskRun) {
  expect({ status: run.status, failure: run.failure }).toEqual({
    status: 'completed',
    failure: undefined,
  });
}

describe('scaffolding a Node.js service through the scaffolder backend and the GitHub sandbox', () => {
  let harness: ScaffolderHarness;

  beforeAll(async () => {
    harness = await startScaffolderHarness();
  });

  afterAll(async () => {
    await stopScaffolderHarness(harness);
  });

  describe('a service with a database', () => {
    const name = 'parcel-tracker';
    let run: TaskRun;

    beforeAll(async () => {
      const { github, scaffolder } = harness;
      github.sandbox.requestCount.reset();
      const submittedAt = Date.now();
      const taskId = await scaffolder.submit(
        serviceValues(name, {
          needsDatabase: true,
          // The form has no repository field any more; a value sent to the task API anyway
          // must not choose where the repository goes.
          repoUrl: `${github.sandbox.host}?owner=ada-okafor&repo=elsewhere`,
        }),
      );
      run = await scaffolder.follow(taskId);
      console.log(
        `scaffolder golden path: ${
          Date.now() - submittedAt
        } ms from submit to ${run.status}, ${
          github.sandbox.requestCount.total
        } GitHub API requests`,
      );
    });

    it('shows the task and its log to its creator and platform admins only', async () => {
      const engineer = await ScaffolderApi.signInAs(
        harness.backend.baseUrl,
        SECOND_ENGINEER,
      );
      const admin = await ScaffolderApi.signInAs(
        harness.backend.baseUrl,
        PLATFORM_ADMIN,
      );

      await expect(engineer.getTask(run.taskId)).rejects.toThrow(
        /failed with 403: .*NotAllowedError/,
      );
      await expect(engineer.events(run.taskId)).rejects.toThrow(
        /failed with 403: .*NotAllowedError/,
      );
      expect((await engineer.listTasks()).map(task => task.id)).not.toContain(
        run.taskId,
      );
      expect((await admin.getTask(run.taskId)).status).toBe('completed');
      expect((await admin.listTasks()).map(task => task.id)).toContain(
        run.taskId,
      );
      expect((await harness.scaffolder.getTask(run.taskId)).status).toBe(
        'completed',
      );
    });

    it("records the task's creation in the audit log, with its actor", () => {
      const created = harness.backend
        .output()
        // eslint-disable-next-line no-control-regex
        .replace(/\u001b\[[0-9;]*m/g, '')
        .split('\n')
        .filter(
          line =>
            line.includes('isAuditEvent=true') &&
            line.includes('eventId="task"') &&
            line.includes('"actionType":"create"') &&
            line.includes('status="succeeded"'),
        );
      expect(created.join('\n')).toContain(
        '"actorId":"user:default/kwame.mensah"',
      );
    });

    it('completes every step, as the live log shows', () => {
      expectCompleted(run);
      expect(run.stepStatuses()).toEqual({
        repository: 'completed',
        'check-repository': 'completed',
        render: 'completed',
        'check-catalog': 'completed',
        publish: 'completed',
        register: 'completed',
        database: 'completed',
        'database-pull-request': 'completed',
      });
      expect(run.log()).toMatch(
        /Opened pull request #\d+: http:\/\/\S+\/tidewater\/platform-infrastructure\/pull\/\d+/,
      );
    });

    it('publishes the repository under the configured organisation, named after the service, whatever repoUrl the values carry', async () => {
      const { admin } = harness.github;
      expect(await repositoryNames(harness.github)).toContain(name);
      await expect(
        admin.rest.repos.get({ owner: 'ada-okafor', repo: 'elsewhere' }),
      ).rejects.toMatchObject({ status: 404 });
    });

    it('publishes the golden-path repository', async () => {
      const files = await listFiles(harness.github, name);
      expect(files).toEqual(
        expect.arrayContaining([
          '.callboard/template.json',
          '.github/CODEOWNERS',
          '.github/workflows/ci.yaml',
          '.github/workflows/cd.yaml',
          'Dockerfile',
          'catalog-info.yaml',
          'chart/Chart.yaml',
          'chart/values.yaml',
          'db/migrations/0001_initial.sql',
          'deploy/base/kustomization.yaml',
          'deploy/overlays/dev/kustomization.yaml',
          'deploy/overlays/staging/kustomization.yaml',
          'deploy/overlays/prod/kustomization.yaml',
          'openapi.yaml',
          'src/database.ts',
          'src/greetings.ts',
          'src/server.ts',
        ]),
      );
      expect(files.filter(file => file.includes('{'))).toEqual([]);

      const lock = JSON.parse(
        await readFile(harness.github, name, '.callboard/template.json'),
      );
      expect(lock).toMatchObject({
        template: {
          name: 'service-nodejs',
          version: '1.0.0',
          entityRef: SERVICE_TEMPLATE,
        },
        values: {
          name,
          owner: 'group:default/team-fulfilment',
          needsDatabase: true,
        },
      });

      const entities = parseAllDocuments(
        await readFile(harness.github, name, 'catalog-info.yaml'),
      ).map(document => document.toJS() as Entity);
      expect(entities.map(entity => entity.kind)).toContain('API');
      const component = entities.find(entity => entity.kind === 'Component');
      expect(component).toMatchObject({
        kind: 'Component',
        metadata: { name },
        spec: {
          owner: 'group:default/team-fulfilment',
          system: 'system:default/fulfilment',
          lifecycle: 'experimental',
        },
      });
    });

    it('configures the repository: private, protected main, topics and team access', async () => {
      const { admin } = harness.github;
      const repo = { owner: ORG, repo: name };
      const { data } = await admin.rest.repos.get(repo);
      expect(data).toMatchObject({
        private: true,
        default_branch: 'main',
        description: 'Tracks parcels from the warehouse dock to the doorstep',
      });

      const protection = await admin.rest.repos.getBranchProtection({
        ...repo,
        branch: 'main',
      });
      expect(protection.data.required_pull_request_reviews).toMatchObject({
        required_approving_review_count: 1,
        require_code_owner_reviews: true,
      });

      const topics = await admin.rest.repos.getAllTopics(repo);
      expect(topics.data.names.sort()).toEqual([
        'fulfilment',
        'golden-path',
        'nodejs',
      ]);

      const teamRepos = await admin.rest.teams.listReposInOrg({
        org: ORG,
        team_slug: 'team-fulfilment',
      });
      expect(
        teamRepos.data.map(teamRepo => [teamRepo.name, teamRepo.role_name]),
      ).toContainEqual([name, 'maintain']);
    });

    it('opens one pull request for the database claim', async () => {
      const { github } = harness;
      const pulls = await pullsFromBranch(github, claimBranch(name));
      expect(pulls).toHaveLength(1);
      const [pull] = pulls;
      expect(pull).toMatchObject({
        state: 'open',
        title: `Provision PostgreSQLInstance fulfilment/${name}-db in production`,
        base: { ref: 'main' },
      });
      expect(pull.labels.map(label => label.name).sort()).toEqual([
        'callboard',
        'database',
      ]);
      expect(pull.requested_teams?.map(team => team.slug)).toEqual([
        'team-platform',
      ]);

      const files = await github.admin.rest.pulls.listFiles({
        owner: ORG,
        repo: INFRASTRUCTURE_REPO,
        pull_number: pull.number,
      });
      const claimPath = `claims/fulfilment/${name}-db.yaml`;
      expect(files.data.map(file => file.filename)).toEqual([claimPath]);
      const claim = parse(
        await readFile(
          github,
          INFRASTRUCTURE_REPO,
          claimPath,
          claimBranch(name),
        ),
      );
      expect(claim).toMatchObject({
        kind: 'PostgreSQLInstance',
        metadata: {
          name: `${name}-db`,
          namespace: 'fulfilment',
          labels: {
            'callboard.dev/owner': 'team-fulfilment',
            'callboard.dev/provisioned-by': 'portal',
          },
          annotations: {
            'callboard.dev/requested-by': 'user:default/kwame.mensah',
            'callboard.dev/dependency-of': `component:default/${name}`,
          },
        },
        spec: {
          parameters: { storageGB: 20, version: '16' },
          writeConnectionSecretToRef: { name: `${name}-db-connection` },
        },
      });
    });

    it('links to the repository, which git can fetch', async () => {
      const link = linkTitled(run, 'Repository');
      const { data } = await harness.github.admin.rest.repos.get({
        owner: ORG,
        repo: name,
      });
      expect(link.url).toBe(data.clone_url);
      expect(await advertisedRefs(link.url!)).toContain('refs/heads/main');
    });

    it('links to the new component, which the catalog serves with its owner and system', async () => {
      const { entityRef } = linkTitled(run, 'Open in catalog');
      expect(entityRef).toBe(`component:default/${name}`);
      let entity: Entity | undefined;
      await harness.catalog.waitFor(async () => {
        entity = await harness.catalog.getEntity(entityRef!);
        return true;
      }, `${entityRef} in the catalog`);
      expect(entity!.spec).toMatchObject({
        owner: 'group:default/team-fulfilment',
        system: 'system:default/fulfilment',
      });
      expect(
        entity!.relations?.map(relation => [relation.type, relation.targetRef]),
      ).toEqual(
        expect.arrayContaining([
          ['ownedBy', 'group:default/team-fulfilment'],
          ['partOf', 'system:default/fulfilment'],
        ]),
      );
    });

    it('links to the database pull request', async () => {
      const { url } = linkTitled(run, 'Database request');
      const [pull] = await pullsFromBranch(harness.github, claimBranch(name));
      expect(url).toBe(pull.html_url);
      expect(Number(url!.split('/').pop())).toBe(pull.number);
    });

    it('keeps the GitHub token out of the live log and the output', () => {
      expect(JSON.stringify(run.events)).not.toContain(BOT_TOKEN);
      expect(JSON.stringify(run.output)).not.toContain(BOT_TOKEN);
      expect(harness.backend.output()).not.toContain(BOT_TOKEN);
    });

    it('leaves nothing behind in the working directory', () => {
      expect(fs.readdirSync(harness.workingDirectory)).toEqual([]);
    });
  });

  it('offers no database request for a service without one', async () => {
    const { github, scaffolder } = harness;
    const name = 'label-printer';
    const run = await scaffolder.follow(
      await scaffolder.submit(serviceValues(name)),
    );
    expectCompleted(run);
    expect(run.stepStatuses().database).toBe('skipped');
    expect(run.output.links?.map(link => link.title)).toEqual([
      'Repository',
      'Open in catalog',
    ]);
    expect(await pullsFromBranch(github, claimBranch(name))).toEqual([]);
    expect(await listFiles(github, name)).not.toContain('src/database.ts');
  });

  describe('a dry run from the template editor', () => {
    // The harness's copy, which allows the sandbox's host.
    const templateDir = () => path.join(harness.templatesDir, 'service-nodejs');

    function templateFolderContents() {
      return fs
        .readdirSync(templateDir(), { recursive: true, withFileTypes: true })
        .filter(entry => entry.isFile())
        .map(entry => {
          const file = path.join(entry.parentPath, entry.name);
          return {
            path: path.relative(templateDir(), file),
            base64Content: fs.readFileSync(file).toString('base64'),
          };
        });
    }

    it('is refused to an engineer, because ad-hoc steps run with the integration token', async () => {
      const { github, scaffolder } = harness;
      const before = await repositoryNames(github);
      github.sandbox.requestCount.reset();

      await expect(
        scaffolder.dryRun(
          parse(
            fs.readFileSync(path.join(templateDir(), 'template.yaml'), 'utf8'),
          ),
          serviceValues('dry-run-refused'),
          templateFolderContents(),
        ),
      ).rejects.toThrow(
        /POST \/v2\/dry-run failed with 403: .*NotAllowedError/,
      );
      expect(writeRequests(github)).toEqual({});
      expect(await repositoryNames(github)).toEqual(before);
    });

    it("runs Callboard's steps in dry-run mode for a platform admin, skips the stock steps that have none, and creates nothing on GitHub", async () => {
      const { github } = harness;
      const admin = await ScaffolderApi.signInAs(
        harness.backend.baseUrl,
        PLATFORM_ADMIN,
      );
      const before = await repositoryNames(github);
      github.sandbox.requestCount.reset();

      const result = await admin.dryRun(
        parse(
          fs.readFileSync(path.join(templateDir(), 'template.yaml'), 'utf8'),
        ),
        serviceValues('dry-run-service', { needsDatabase: true }),
        templateFolderContents(),
      );

      const finalStatus: Record<string, string> = {};
      for (const { body } of result.log) {
        if (body.stepId && body.status) {
          finalStatus[body.stepId] = body.status;
        }
      }
      expect(finalStatus).toEqual({
        repository: 'completed',
        'check-repository': 'completed',
        render: 'completed',
        'check-catalog': 'completed',
        publish: 'skipped',
        register: 'skipped',
        database: 'completed',
        'database-pull-request': 'completed',
      });
      expect(result.log.map(entry => entry.body.message)).toEqual(
        expect.arrayContaining([
          'Skipping because publish:github does not support dry-run',
          expect.stringContaining(
            "Dry run: would open a pull request from tidewater/platform-infrastructure branch 'callboard/create-fulfilment-dry-run-service-db'",
          ),
        ]),
      );
      expect(result.directoryContents.map(file => file.path)).toEqual(
        expect.arrayContaining([
          'catalog-info.yaml',
          'Dockerfile',
          '.callboard/template.json',
        ]),
      );
      expect(writeRequests(github)).toEqual({});
      expect(await repositoryNames(github)).toEqual(before);
    });
  });

  describe('bad input', () => {
    function expectNothingOutsideTheWorkspace() {
      expect(fs.readdirSync(harness.scratchDir).sort()).toEqual([
        'sqlite',
        'work',
      ]);
      expect(fs.readdirSync(harness.workingDirectory)).toEqual([]);
    }

    it('refuses a name that breaks the pattern when the task is created', async () => {
      const { github, scaffolder } = harness;
      const before = await repositoryNames(github);
      const { status, body } = await scaffolder.createTask(
        serviceValues('Parcel_Tracker'),
      );
      expect(status).toBe(400);
      expect(body.errors).toEqual([
        expect.objectContaining({
          property: 'instance.name',
          message: 'does not match pattern "^[a-z][a-z0-9-]{1,38}[a-z0-9]$"',
        }),
      ]);
      expect(await repositoryNames(github)).toEqual(before);
    });

    it('refuses a name the catalog already has in the first step, before anything is created', async () => {
      const { github, scaffolder } = harness;
      const before = await repositoryNames(github);
      const run = await scaffolder.follow(
        await scaffolder.submit(serviceValues('orders-service')),
      );
      expect(run.status).toBe('failed');
      expect(run.stepStatuses()).toEqual({
        repository: 'failed',
        'check-repository': 'skipped',
        render: 'skipped',
        'check-catalog': 'skipped',
        publish: 'skipped',
        register: 'skipped',
        database: 'skipped',
        'database-pull-request': 'skipped',
      });
      expect(run.failure).toContain(
        "InputError: 'orders-service' is taken: the catalog already has component:default/orders-service",
      );
      expect(await repositoryNames(github)).toEqual(before);
    });

    it.each([
      [
        'a parent-directory path in the system',
        { system: 'system:default/../../../etc' },
        "values.system contains '../'",
      ],
      [
        'an absolute path as the description',
        { description: '/etc/passwd' },
        "values.description '/etc/passwd' is an absolute path",
      ],
      [
        'a nunjucks expression in the description',
        { description: '${{ secrets.backstageToken }}' },
        "values.description contains template syntax '${{'",
      ],
      [
        'a nunjucks tag in the description',
        { description: "{% include '/etc/passwd' %}" },
        "values.description contains template syntax '{%'",
      ],
    ])(
      'refuses %s in the render step, before anything is written',
      async (_, overrides, message) => {
        const { github, scaffolder } = harness;
        const before = await repositoryNames(github);
        const run = await scaffolder.follow(
          await scaffolder.submit(serviceValues('escape-artist', overrides)),
        );
        expect(run.status).toBe('failed');
        expect(run.failure).toContain(`InputError: ${message}`);
        expect(run.stepStatuses()).toEqual({
          repository: 'completed',
          'check-repository': 'completed',
          render: 'failed',
          'check-catalog': 'skipped',
          publish: 'skipped',
          register: 'skipped',
          database: 'skipped',
          'database-pull-request': 'skipped',
        });
        expect(await repositoryNames(github)).toEqual(before);
        expectNothingOutsideTheWorkspace();
      },
    );

    it('stops in the first step when the organisation already has the repository, before anything is created', async () => {
      const { github, scaffolder } = harness;
      const name = 'orders-ledger';
      await github.admin.rest.repos.createInOrg({
        org: ORG,
        name,
        auto_init: true,
      });
      const main = await github.admin.rest.repos.getBranch({
        owner: ORG,
        repo: name,
        branch: 'main',
      });
      github.sandbox.requestCount.reset();

      const run = await scaffolder.follow(
        await scaffolder.submit(serviceValues(name, { needsDatabase: true })),
      );

      expect(run.status).toBe('failed');
      expect(run.failure).toContain(
        `'orders-ledger' is taken: ${github.sandbox.host} already has the repository tidewater/orders-ledger`,
      );
      expect(run.stepStatuses()).toEqual({
        repository: 'failed',
        'check-repository': 'skipped',
        render: 'skipped',
        'check-catalog': 'skipped',
        publish: 'skipped',
        register: 'skipped',
        database: 'skipped',
        'database-pull-request': 'skipped',
      });
      expect(writeRequests(github)).toEqual({});
      const after = await github.admin.rest.repos.getBranch({
        owner: ORG,
        repo: name,
        branch: 'main',
      });
      expect(after.data.commit.sha).toBe(main.data.commit.sha);
      expect(after.data.protected).toBe(false);
      expect(await pullsFromBranch(github, claimBranch(name))).toEqual([]);
      expectNothingOutsideTheWorkspace();
    });

    it('refuses an owner missing from the catalog before anything is created', async () => {
      const { github, scaffolder } = harness;
      const before = await repositoryNames(github);
      const run = await scaffolder.follow(
        await scaffolder.submit(
          serviceValues('ghost-service', {
            owner: 'group:default/team-ghosts',
          }),
        ),
      );

      expect(run.status).toBe('failed');
      expect(run.failure).toContain(
        'Entity group:default/team-ghosts not found',
      );
      expect(run.stepStatuses()).toEqual({
        repository: 'completed',
        'check-repository': 'completed',
        render: 'completed',
        'check-catalog': 'failed',
        publish: 'skipped',
        register: 'skipped',
        database: 'skipped',
        'database-pull-request': 'skipped',
      });
      expect(await repositoryNames(github)).toEqual(before);
    });
  });

  describe('GitHub failing in the middle of a task', () => {
    afterEach(() => harness.github.sandbox.faults.reset());

    it.each([
      [
        'answers 503 to creating the repository once',
        'steady-repository',
        (github: TidewaterGitHub) =>
          github.sandbox.faults.failNext({
            method: 'POST',
            path: '/orgs/{org}/repos',
            status: 503,
          }),
        'POST /orgs/{org}/repos',
        2,
      ],
      [
        'answers 502 twice to writing the claim',
        'steady-claim',
        (github: TidewaterGitHub) =>
          github.sandbox.faults.failNext({
            method: 'POST',
            path: '/repos/{owner}/{repo}/git/trees',
            status: 502,
            count: 2,
          }),
        'POST /repos/{owner}/{repo}/git/trees',
        3,
      ],
      [
        'hits a secondary rate limit when labelling the pull request',
        'steady-labels',
        (github: TidewaterGitHub) =>
          github.sandbox.faults.triggerSecondaryRateLimit({
            method: 'POST',
            path: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
            retryAfterSeconds: 1,
          }),
        'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
        2,
      ],
    ])(
      'retries when GitHub %s, and finishes',
      async (_, name, injectFault, route, attempts) => {
        const { github, scaffolder } = harness;
        injectFault(github);
        github.sandbox.requestCount.reset();
        const run = await scaffolder.follow(
          await scaffolder.submit(serviceValues(name, { needsDatabase: true })),
        );
        expectCompleted(run);
        expect(github.sandbox.requestCount.count(route)).toBe(attempts);
        expect(
          (await repositoryNames(github)).filter(repo => repo === name),
        ).toEqual([name]);
        expect(await pullsFromBranch(github, claimBranch(name))).toHaveLength(
          1,
        );
      },
    );

    it('fails with what was already created when GitHub keeps answering 500, and a retry finishes the job', async () => {
      const { github, scaffolder } = harness;
      const name = 'flaky-claims';
      github.sandbox.faults.failNext({
        method: 'POST',
        path: PULLS,
        status: 500,
        count: 3,
      });
      const taskId = await scaffolder.submit(
        serviceValues(name, { needsDatabase: true }),
      );
      const failed = await scaffolder.follow(taskId);

      expect(failed.status).toBe('failed');
      expect(failed.failure).toMatch(
        /Could not open the pull request: POST \/repos\/tidewater\/platform-infrastructure\/pulls answered 500 \(Server Error\) after 2 retries\. Already done: created commit ([0-9a-f]{7}); created branch 'callboard\/create-fulfilment-flaky-claims-db' at commit \1\. Running the task again resumes from there\./,
      );
      expect(failed.stepStatuses()).toEqual({
        repository: 'completed',
        'check-repository': 'completed',
        render: 'completed',
        'check-catalog': 'completed',
        publish: 'completed',
        register: 'completed',
        database: 'completed',
        'database-pull-request': 'failed',
      });
      expect(await pullsFromBranch(github, claimBranch(name))).toEqual([]);

      await scaffolder.retry(taskId);
      const retried = await scaffolder.follow(taskId, {
        after: failed.events[failed.events.length - 1].id,
      });
      expectCompleted(retried);
      expect(retried.log()).toContain(
        'Skipping step publish because it was already completed in a previous run',
      );
      expect(await pullsFromBranch(github, claimBranch(name))).toHaveLength(1);
      expect(
        (await repositoryNames(github)).filter(repo => repo === name),
      ).toEqual([name]);
    });

    it('fails at once when a secondary rate limit asks for a longer wait than the backend allows', async () => {
      const { github, scaffolder } = harness;
      const name = 'patient-claims';
      github.sandbox.faults.triggerSecondaryRateLimit({
        method: 'POST',
        path: PULLS,
        retryAfterSeconds: 600,
      });
      const run = await scaffolder.follow(
        await scaffolder.submit(serviceValues(name, { needsDatabase: true })),
      );
      expect(run.status).toBe('failed');
      expect(run.failure).toMatch(
        /Could not open the pull request: GitHub secondary rate limit hit \(POST \/repos\/tidewater\/platform-infrastructure\/pulls answered 403\); GitHub asked to retry after 600 s, longer than the 5 s this backend waits .* Already done: created commit [0-9a-f]{7}; created branch 'callboard\/create-fulfilment-patient-claims-db'/,
      );
    });
  });
});

describe('a backend killed in the middle of a task', () => {
  let harness: ScaffolderHarness;

  beforeAll(async () => {
    harness = await startScaffolderHarness();
  });

  afterAll(async () => {
    await stopScaffolderHarness(harness);
  });

  it('resumes the task after a restart without a second repository or pull request', async () => {
    const { github } = harness;
    const name = 'dock-scheduler';
    const branch = claimBranch(name);
    github.sandbox.faults.addLatency({
      method: 'POST',
      path: PULLS,
      ms: 3_000,
      count: 1,
    });
    const taskId = await harness.scaffolder.submit(
      serviceValues(name, { needsDatabase: true }),
    );
    await harness.scaffolder.waitForEvent(
      taskId,
      event =>
        event.body.stepId === 'publish' && event.body.status === 'completed',
    );
    await waitUntil(
      () => github.sandbox.requestCount.count(OPEN_PULL) > 0,
      'the pull request to be requested from GitHub',
    );
    await crashAndRestartBackend(harness, () =>
      waitUntil(
        async () => (await pullsFromBranch(github, branch)).length > 0,
        'GitHub to open the pull request the killed backend asked for',
      ),
    );

    const run = await harness.scaffolder.follow(taskId, { timeoutMs: 180_000 });

    expectCompleted(run);
    expect(run.events.map(event => event.type)).toContain('recovered');
    expect(run.log()).toMatch(
      /Task recovered - resuming from last known good state\. \d+ step\(s\) already completed\./,
    );
    expect(run.log()).toContain(
      'Skipping step publish because it was already completed in a previous run',
    );
    expect(github.sandbox.requestCount.count('POST /orgs/{org}/repos')).toBe(1);
    expect(
      (await repositoryNames(github)).filter(repo => repo.startsWith(name)),
    ).toEqual([name]);
    expect(github.sandbox.requestCount.count(OPEN_PULL)).toBe(2);
    const pulls = await pullsFromBranch(github, branch);
    expect(pulls).toHaveLength(1);
    expect(linkTitled(run, 'Database request').url).toBe(pulls[0].html_url);
  });
});
