import crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DemoOrganizationCounts } from '../seed';

/** Where everything the CLI keeps lives inside the data dir. */
export interface DataDirLayout {
  root: string;
  github: string;
  kubernetes: string;
  kubernetesToken: string;
  kubernetesCa: string;
  kubeconfig: string;
  /** The `production` cluster's objects and CA; it shares the staging cluster's token. */
  kubernetesProduction: string;
  kubernetesProductionCa: string;
  kubeconfigProduction: string;
  /** What was seeded, with the demo users' GitHub tokens. */
  seedManifest: string;
}

export function dataDirLayout(root: string): DataDirLayout {
  return {
    root,
    github: path.join(root, 'github'),
    kubernetes: path.join(root, 'kubernetes'),
    kubernetesToken: path.join(root, 'kubernetes', 'token'),
    kubernetesCa: path.join(root, 'kubernetes', 'ca.pem'),
    kubeconfig: path.join(root, 'kubeconfig.yaml'),
    kubernetesProduction: path.join(root, 'kubernetes-production'),
    kubernetesProductionCa: path.join(root, 'kubernetes-production', 'ca.pem'),
    kubeconfigProduction: path.join(root, 'kubeconfig-production.yaml'),
    seedManifest: path.join(root, 'seed.json'),
  };
}

export interface SeedManifest {
  seed: string;
  months: number;
  now: string;
  seededAt: string;
  durationMs: number;
  counts: DemoOrganizationCounts;
  admins: string[];
  /** GitHub login → personal access token. */
  tokens: Record<string, string>;
}

/** Secrets are readable by the owner only, like kubectl's own files. */
export async function writeSecretFile(
  file: string,
  content: string,
): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content, { mode: 0o600 });
  await fs.chmod(file, 0o600);
}

/**
 * The Kubernetes sandbox's bearer token: `CALLBOARD_SANDBOX_KUBERNETES_TOKEN` when set (the
 * end-to-end tests hand the same value to the backend), otherwise generated once, then reused so
 * kubeconfigs keep working.
 */
export async function kubernetesToken(layout: DataDirLayout): Promise<string> {
  const given = process.env.CALLBOARD_SANDBOX_KUBERNETES_TOKEN?.trim();
  if (given) {
    await writeSecretFile(layout.kubernetesToken, `${given}\n`);
    return given;
  }
  try {
    const existing = (await fs.readFile(layout.kubernetesToken, 'utf8')).trim();
    if (existing) {
      return existing;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  const token = crypto.randomBytes(24).toString('base64url');
  await writeSecretFile(layout.kubernetesToken, `${token}\n`);
  return token;
}

export async function readSeedManifest(
  layout: DataDirLayout,
): Promise<SeedManifest | undefined> {
  try {
    return JSON.parse(
      await fs.readFile(layout.seedManifest, 'utf8'),
    ) as SeedManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

export async function prepareDataDir(
  layout: DataDirLayout,
  reset: boolean,
): Promise<void> {
  if (reset) {
    await fs.rm(layout.root, { recursive: true, force: true });
  }
  await fs.mkdir(layout.github, { recursive: true });
  await fs.mkdir(layout.kubernetes, { recursive: true });
  await fs.mkdir(layout.kubernetesProduction, { recursive: true });
}
