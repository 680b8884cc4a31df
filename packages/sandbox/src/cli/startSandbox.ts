import { promises as fs } from 'node:fs';
import {
  DEFAULT_SANDBOX_TOKEN,
  DEFAULT_SANDBOX_USER,
  startGitHubServer,
} from '../github';
import type { GitHubSandbox, GitHubStore } from '../github';
import { startKubernetesServer } from '../kubernetes';
import type { KubernetesSandbox } from '../kubernetes';
import {
  DEMO_ORGANIZATION,
  isDemoClusterSeeded,
  SeedClock,
  seedDemoCluster,
  seedDemoOrganization,
} from '../seed';
import type {
  SeedDemoClusterResult,
  SeedDemoOrganizationResult,
} from '../seed';
import {
  dataDirLayout,
  DataDirLayout,
  kubernetesToken,
  prepareDataDir,
  readSeedManifest,
  SeedManifest,
  writeSecretFile,
} from './dataDir';

export interface StartSandboxOptions {
  dataDir: string;
  githubPort: number;
  kubernetesPort: number;
  productionKubernetesPort: number;
  host: string;
  seed: string;
  months: number;
  now?: Date;
  reset?: boolean;
}

export interface RunningSandbox {
  github: GitHubSandbox;
  /** The `staging` cluster (claims are applied directly there). */
  kubernetes: KubernetesSandbox;
  /** The `production` cluster (claims reach it by pull request), seeded with the demo databases. */
  production: KubernetesSandbox;
  layout: DataDirLayout;
  /** Set when this start seeded the GitHub organization. */
  seededGitHub: SeedDemoOrganizationResult | undefined;
  /** Set when this start seeded the staging cluster. */
  seededCluster: SeedDemoClusterResult | undefined;
  /** Set when this start seeded the production cluster. */
  seededProduction: SeedDemoClusterResult | undefined;
  manifest: SeedManifest | undefined;
  /** Milliseconds from process start until both servers listened and were seeded. */
  readyMs: number;
  close(): Promise<void>;
}

/** A port another process holds; the message names the port and the flag that sets it. */
export class PortInUseError extends Error {
  constructor(readonly port: number, readonly flag: string, host: string) {
    super(
      `port ${port} on ${host} is already in use; pick another with ${flag}`,
    );
    this.name = 'PortInUseError';
  }
}

async function listening<T>(
  start: () => Promise<T>,
  port: number,
  flag: string,
  host: string,
): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new PortInUseError(port, flag, host);
    }
    throw error;
  }
}

/** The commit production runs for each repository, read back from its deployments. */
function productionCommits(store: GitHubStore): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const repository of store.repositories.list({
    owner: DEMO_ORGANIZATION,
  })) {
    const ref = { owner: DEMO_ORGANIZATION, repo: repository.name };
    const running = store.deployments
      .list(ref, { environment: 'production' })
      .find(deployment =>
        store.deployments
          .listStatuses(ref, deployment.id)
          .some(status => status.state === 'success'),
      );
    if (running) {
      tags[repository.name] = running.sha;
    }
  }
  return tags;
}

/**
 * Starts the GitHub and Kubernetes sandboxes on a persistent data dir and
 * seeds whichever is not seeded yet. Used by the CLI and by dev wiring.
 */
export async function startSandbox(
  options: StartSandboxOptions,
): Promise<RunningSandbox> {
  const layout = dataDirLayout(options.dataDir);
  await prepareDataDir(layout, options.reset ?? false);
  const token = await kubernetesToken(layout);
  const clock = new SeedClock();
  const github = await listening(
    () =>
      startGitHubServer({
        port: options.githubPort,
        host: options.host,
        dataDir: layout.github,
        clock: clock.now,
        users: [DEFAULT_SANDBOX_USER],
        tokens: { [DEFAULT_SANDBOX_TOKEN]: DEFAULT_SANDBOX_USER.login },
      }),
    options.githubPort,
    '--github-port',
    options.host,
  );
  let kubernetes: KubernetesSandbox;
  let production: KubernetesSandbox;
  try {
    kubernetes = await listening(
      () =>
        startKubernetesServer({
          port: options.kubernetesPort,
          host: options.host,
          tls: true,
          token,
          dataDir: layout.kubernetes,
        }),
      options.kubernetesPort,
      '--kubernetes-port',
      options.host,
    );
  } catch (error) {
    await github.close();
    throw error;
  }
  try {
    production = await listening(
      () =>
        startKubernetesServer({
          port: options.productionKubernetesPort,
          host: options.host,
          tls: true,
          token,
          dataDir: layout.kubernetesProduction,
        }),
      options.productionKubernetesPort,
      '--production-kubernetes-port',
      options.host,
    );
  } catch (error) {
    await Promise.all([github.close(), kubernetes.close()]);
    throw error;
  }
  const close = async () => {
    await Promise.all([github.close(), kubernetes.close(), production.close()]);
  };

  try {
    // The Kubernetes sandbox generates its CA on every start, so the CA file
    // and the kubeconfig are rewritten each time.
    await fs.writeFile(layout.kubernetesCa, kubernetes.caPem ?? '');
    await writeSecretFile(layout.kubeconfig, kubernetes.kubeconfig());
    await fs.writeFile(layout.kubernetesProductionCa, production.caPem ?? '');
    await writeSecretFile(layout.kubeconfigProduction, production.kubeconfig());

    let seededGitHub: SeedDemoOrganizationResult | undefined;
    let manifest = await readSeedManifest(layout);
    if (!github.store.accounts.get(DEMO_ORGANIZATION)) {
      const now = options.now ?? new Date();
      seededGitHub = await seedDemoOrganization({
        store: github.store,
        now,
        seed: options.seed,
        months: options.months,
        clock,
      });
      manifest = {
        seed: options.seed,
        months: options.months,
        now: now.toISOString(),
        seededAt: new Date().toISOString(),
        durationMs: seededGitHub.durationMs,
        counts: seededGitHub.counts,
        admins: seededGitHub.admins,
        tokens: seededGitHub.tokens,
      };
      await writeSecretFile(
        layout.seedManifest,
        `${JSON.stringify(manifest, null, 2)}\n`,
      );
    }

    // Both clusters run the workloads; the demo's existing databases live in
    // production, so staging starts with none and fills as teams provision.
    const imageTags = productionCommits(github.store);
    let seededCluster: SeedDemoClusterResult | undefined;
    if (!isDemoClusterSeeded(kubernetes.store)) {
      seededCluster = await seedDemoCluster({
        kubernetes,
        seed: manifest?.seed ?? options.seed,
        imageTags,
        databases: false,
      });
    }
    let seededProduction: SeedDemoClusterResult | undefined;
    if (!isDemoClusterSeeded(production.store)) {
      seededProduction = await seedDemoCluster({
        kubernetes: production,
        seed: manifest?.seed ?? options.seed,
        imageTags,
      });
    }
    await github.store.flush();
    return {
      github,
      kubernetes,
      production,
      layout,
      seededGitHub,
      seededCluster,
      seededProduction,
      manifest,
      readyMs: Math.round(performance.now()),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
