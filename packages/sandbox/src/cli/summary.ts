import { DEFAULT_SANDBOX_TOKEN, DEFAULT_SANDBOX_USER } from '../github';
import type { RunningSandbox } from './startSandbox';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The one line tests and scripts wait for. */
export function readyLine(sandbox: RunningSandbox): string {
  return `sandbox ready in ${sandbox.readyMs} ms (github ${sandbox.github.url}, kubernetes ${sandbox.kubernetes.url}, production kubernetes ${sandbox.production.url})`;
}

/** What to point Backstage, octokit and kubectl at, printed under the ready line. */
export function summaryLines(sandbox: RunningSandbox): string[] {
  const { layout, manifest, seededGitHub, seededCluster, seededProduction } =
    sandbox;
  const lines: string[] = [];
  if (seededGitHub) {
    const c = seededGitHub.counts;
    lines.push(
      `  seeded github: ${seededGitHub.org} with ${
        c.repositories
      } repositories, ${c.commits} commits, ${c.pullRequests} pull requests, ${
        c.deployments
      } deployments, ${c.incidents} incidents, ${
        c.workflowRuns
      } workflow runs in ${seconds(seededGitHub.durationMs)}`,
    );
  } else if (manifest) {
    lines.push(
      `  github data:   seeded ${manifest.seededAt} (seed '${manifest.seed}', ${manifest.months} months up to ${manifest.now})`,
    );
  } else {
    // The manifest is written after seeding finishes; without it the history may be partial.
    lines.push(
      `  github data:   no ${layout.seedManifest}; if an earlier seed was interrupted, start again with --reset`,
    );
  }
  for (const [name, seeded] of [
    ['staging', seededCluster],
    ['production', seededProduction],
  ] as const) {
    if (seeded) {
      const c = seeded.counts;
      lines.push(
        `  seeded ${name}: ${c.deployments} deployments, ${c.pods} pods, ${c.services} services, ${c.databaseClaims} database claims in ${seeded.namespaces.length} namespaces`,
      );
    }
  }
  lines.push(
    `  data dir:      ${layout.root}`,
    `  github api:    ${sandbox.github.apiBaseUrl} (integrations.github host ${sandbox.github.host})`,
    `  github token:  ${DEFAULT_SANDBOX_TOKEN} (${DEFAULT_SANDBOX_USER.login}, site admin)`,
  );
  const admin = manifest?.admins[0];
  if (manifest && admin) {
    lines.push(
      `                 ${manifest.tokens[admin]} (${admin}, organization owner); every demo user's token is in ${layout.seedManifest}`,
    );
  }
  lines.push(
    `  kubeconfig:    ${layout.kubeconfig} (staging: kubectl --kubeconfig ${layout.kubeconfig} get pods -A)`,
    `                 ${layout.kubeconfigProduction} (production, ${sandbox.production.url})`,
    `  k8s token:     ${layout.kubernetesToken} (both clusters)`,
    `  k8s CA:        ${layout.kubernetesCa}, ${layout.kubernetesProductionCa}`,
  );
  return lines;
}
