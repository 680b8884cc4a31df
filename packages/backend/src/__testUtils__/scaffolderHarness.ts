import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CatalogApi } from './catalogApi';
import { ScaffolderApi, SERVICE_TEMPLATE } from './scaffolderApi';
import { ORG, startTidewaterGitHub, TidewaterGitHub } from './scaffolderGitHub';
import { BackendProcess, startBackendProcess } from './startBackendProcess';
import { parse } from 'yaml';
import { KubernetesSandbox } from '@callboard/sandbox';
import {
  kubernetesConfig,
  sandboxClusterConfig,
  stagingAndProductionEnvironments,
  startCrossplaneCluster,
} from '@callboard/sandbox/testUtils';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** A member of platform-admins in the demo catalog. */
export const PLATFORM_ADMIN = 'sam.rivera';
/**
 * The guest here is Kwame of team-fulfilment, the team the test services belong to, since
 * only its members may provision their database.
 */
export const GUEST = 'user:default/kwame.mensah';
/** An engineer of team-checkout, beside the guest. */
export const SECOND_ENGINEER = 'ada.okafor';

/** The GitHub sandbox and the development backend wired to it, with signed-in API clients. */
export type ScaffolderHarness = {
  github: TidewaterGitHub;
  /** The cluster both environments point at, with the platform's self-service XRDs. */
  cluster: KubernetesSandbox;
  backend: BackendProcess;
  scaffolder: ScaffolderApi;
  catalog: CatalogApi;
  /** Holds `sqlite/` and `work/` and nothing else, so stray writes are visible. */
  scratchDir: string;
  /** `backend.workingDirectory`: every task workspace is created in here. */
  workingDirectory: string;
  /** The repository's templates, allowing the sandbox's host (outside scratchDir). */
  templatesDir: string;
};

/**
 * The templates folder as the catalog would read it from a platform team's repository, with
 * the sandbox GitHub's host added where the template lists `localhost:7010`: the sandbox here
 * listens on a free port, and the template's allowed hosts are enforced on the server.
 */
function copyTemplatesFor(github: TidewaterGitHub): string {
  const templatesDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'callboard-templates-'),
  );
  fs.cpSync(path.join(REPO_ROOT, 'templates'), templatesDir, {
    recursive: true,
  });
  const templateFile = path.join(templatesDir, 'service-nodejs/template.yaml');
  const template = fs.readFileSync(templateFile, 'utf8');
  const allowed = /^( *)- localhost:7010\n/m;
  if (!allowed.test(template)) {
    throw new Error(`${templateFile} no longer allows localhost:7010`);
  }
  fs.writeFileSync(
    templateFile,
    template.replace(
      allowed,
      (line, indent) => `${line}${indent}- ${github.integration.host}\n`,
    ),
  );
  return templatesDir;
}

/** app-config.yaml's catalog locations, with the templates read from `templatesDir`. */
function catalogLocations(templatesDir: string) {
  const configured: { type: string; target: string }[] = parse(
    fs.readFileSync(path.join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
  ).catalog.locations;
  return configured.map(location =>
    location.target.endsWith('templates/all.yaml')
      ? { ...location, target: path.join(templatesDir, 'all.yaml') }
      : location,
  );
}

export async function startScaffolderHarness(): Promise<ScaffolderHarness> {
  const scratchDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'callboard-scaffolder-'),
  );
  fs.mkdirSync(path.join(scratchDir, 'sqlite'));
  fs.mkdirSync(path.join(scratchDir, 'work'));
  const github = await startTidewaterGitHub();
  const cluster = await startCrossplaneCluster({ reconcileDelayMs: 200 });
  const templatesDir = copyTemplatesFor(github);
  const harness = {
    github,
    cluster,
    scratchDir,
    templatesDir,
    workingDirectory: path.join(scratchDir, 'work'),
    ...(await startBackend(github, cluster, scratchDir, templatesDir)),
  };
  await harness.catalog.waitFor(async () => {
    await Promise.all(
      [
        SERVICE_TEMPLATE,
        'group:default/team-fulfilment',
        'system:default/fulfilment',
      ].map(ref => harness.catalog.getEntity(ref)),
    );
    return true;
  }, 'the template, its owner team and its system in the catalog');
  // A sign-in carries the memberships the catalog holds at that moment; the database step
  // checks that the guest is in the owning team, so sign in again once the catalog says so.
  await harness.catalog.waitFor(async () => {
    const user = await harness.catalog.getEntity(GUEST);
    return (user.relations ?? []).some(
      relation =>
        relation.type === 'memberOf' &&
        relation.targetRef === 'group:default/team-fulfilment',
    );
  }, `${GUEST}'s membership of team-fulfilment in the catalog`);
  harness.scaffolder = await ScaffolderApi.signInAsGuest(
    harness.backend.baseUrl,
  );
  return harness;
}

export async function stopScaffolderHarness(
  harness: ScaffolderHarness | undefined,
): Promise<void> {
  if (!harness) {
    return;
  }
  await harness.backend.stop();
  await harness.github.close();
  await harness.cluster.close();
  fs.rmSync(harness.scratchDir, { recursive: true, force: true });
  fs.rmSync(harness.templatesDir, { recursive: true, force: true });
}

/**
 * Kills the backend the way an OOM kill or a lost node would, SIGKILL without shutdown
 * hooks, and starts a new one on the same database.
 */
export async function crashAndRestartBackend(
  harness: ScaffolderHarness,
  whileDown: () => Promise<void> = async () => {},
): Promise<void> {
  const pids = backendChildPids();
  if (pids.length !== 1) {
    throw new Error(`Expected one backend process, found ${pids.length}`);
  }
  process.kill(pids[0], 'SIGKILL');
  await waitUntil(async () => {
    try {
      await fetch(`${harness.backend.baseUrl}/.backstage/health/v1/liveness`);
      return false;
    } catch {
      return true;
    }
  }, `the backend at ${harness.backend.baseUrl} to go away`);
  await harness.backend.stop();
  await whileDown();
  Object.assign(
    harness,
    await startBackend(
      harness.github,
      harness.cluster,
      harness.scratchDir,
      harness.templatesDir,
    ),
  );
}

export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  description: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${description}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

async function startBackend(
  github: TidewaterGitHub,
  cluster: KubernetesSandbox,
  scratchDir: string,
  templatesDir: string,
) {
  const backend = await startBackendProcess({
    // A loaded CI machine can take minutes to start every plugin.
    startTimeoutMs: 240_000,
    overrides: {
      backend: {
        // One SQLite file per plugin, so a restarted backend finds its tasks.
        database: {
          client: 'better-sqlite3',
          connection: { directory: path.join(scratchDir, 'sqlite') },
        },
        workingDirectory: path.join(scratchDir, 'work'),
      },
      integrations: { github: [github.integration] },
      kubernetes: kubernetesConfig([
        sandboxClusterConfig('staging', cluster),
        sandboxClusterConfig('production', cluster),
      ]),
      // The golden path's database goes to production: a pull request to the sandbox GitHub.
      infrastructure: {
        environments: stagingAndProductionEnvironments(github.integration.host),
      },
      catalog: { locations: catalogLocations(templatesDir) },
      scaffolder: {
        defaultAuthor: {
          name: 'Callboard',
          email: 'callboard@tidewater.example',
        },
        taskRecovery: { enabled: true, staleTimeout: { seconds: 5 } },
      },
      callboard: {
        github: { maxRetries: 2, maxRetryWait: { seconds: 5 } },
        goldenPath: {
          repository: { host: github.sandbox.host, owner: ORG },
        },
      },
      // A platform admin for the admin-only paths, such as the template editor's dry run.
      auth: {
        providers: {
          guest: { userEntityRef: GUEST },
          devUsers: { users: [PLATFORM_ADMIN, SECOND_ENGINEER] },
        },
      },
    },
  });
  return {
    backend,
    scaffolder: await ScaffolderApi.signInAsGuest(backend.baseUrl),
    catalog: await CatalogApi.signInAsGuest(backend.baseUrl),
  };
}

/** Children of this test process running the backend entry point. */
function backendChildPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter(entry => /^\d+$/.test(entry))
    .filter(pid => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return (
          Number(ppid) === process.pid &&
          state !== 'Z' &&
          cmdline.split('\0').includes('src/index.ts')
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}
