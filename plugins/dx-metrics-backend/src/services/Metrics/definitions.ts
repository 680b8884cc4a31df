import {
  ComponentScope,
  CommitRecord,
  DefinitionOptions,
  DeploymentRecord,
  IncidentRecord,
  PullRequestRecord,
  RepositoryHistory,
} from './types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A change that reached the default branch: a merged pull request, or a commit pushed without one. */
export interface ChangeFact {
  repository: string;
  kind: 'pull-request' | 'commit';
  number?: number;
  sha: string;
  title: string;
  url: string;
  author: string | null;
  bot: boolean;
  firstCommitAt: number;
  openedAt: number | null;
  firstReviewAt: number | null;
  landedAt: number;
  deployedAt: number | null;
  deploymentId: string | null;
  revertOf: string | null;
  hotfix: boolean;
}

export interface DeploymentFact {
  repository: string;
  deployment: DeploymentRecord;
  failed: boolean;
  failureReasons: string[];
  /** When the failure showed: a failed rollout's status, a rollback, or the incident's start. */
  failedAt: number | null;
  recoveredAt: number | null;
  rework: boolean;
}

export interface RepositoryFacts {
  changes: ChangeFact[];
  deployments: DeploymentFact[];
  incidents: Array<IncidentRecord & { repository: string }>;
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0].trim();
}

function touches(paths: string[] | null, scope: ComponentScope): boolean {
  if (!scope.path || paths === null) {
    return true;
  }
  const prefix = `${scope.path}/`;
  return paths.some(path => path === scope.path || path.startsWith(prefix));
}

/**
 * Deployments of this component. When a repository's deployments name components (payload or
 * `production/<component>` environments), only the named ones count; otherwise all do.
 */
function deploymentsOf(
  deployments: DeploymentRecord[],
  scope: ComponentScope,
): DeploymentRecord[] {
  if (!deployments.some(deployment => deployment.component)) {
    return deployments;
  }
  return deployments.filter(deployment => deployment.component === scope.name);
}

/**
 * Changes on the default branch. A rebased pull request leaves new commits whose author date
 * and subject equal its own commits'; they belong to the pull request, not to trunk.
 */
function changesOf(
  history: RepositoryHistory,
  options: DefinitionOptions,
): Array<
  Omit<ChangeFact, 'deployedAt' | 'deploymentId'> & { ordinal: number }
> {
  const ordinalOf = new Map(history.commits.map(c => [c.sha, c.ordinal]));
  const claimed = new Set<string>();
  const rebasedKeys = new Set<string>();
  const changes: Array<
    Omit<ChangeFact, 'deployedAt' | 'deploymentId'> & { ordinal: number }
  > = [];
  const titles = new Map<string, PullRequestRecord>();
  for (const pull of history.pullRequests) {
    titles.set(pull.title, pull);
  }
  for (const pull of history.pullRequests) {
    for (const commit of pull.commits) {
      claimed.add(commit.sha);
      rebasedKeys.add(`${commit.authoredAt}\u0000${firstLine(commit.message)}`);
    }
    if (pull.mergedAt === null || !pull.mergeSha) {
      continue;
    }
    claimed.add(pull.mergeSha);
    const ordinal = ordinalOf.get(pull.mergeSha);
    if (ordinal === undefined) {
      continue;
    }
    const revertedTitle = /^Revert "(.*)"$/.exec(pull.title)?.[1];
    const reverted = revertedTitle ? titles.get(revertedTitle) : undefined;
    changes.push({
      repository: history.repository,
      kind: 'pull-request',
      number: pull.number,
      sha: pull.mergeSha,
      title: pull.title,
      url: pull.url,
      author: pull.author,
      bot: pull.bot,
      firstCommitAt: Math.min(
        pull.createdAt,
        ...pull.commits.map(commit => commit.authoredAt),
      ),
      openedAt: pull.createdAt,
      firstReviewAt: pull.firstReviewAt,
      landedAt: pull.mergedAt,
      revertOf: reverted?.mergeSha ?? (revertedTitle ? revertedTitle : null),
      hotfix:
        pull.labels.some(label => options.hotfixLabels.includes(label)) ||
        options.hotfixBranchPrefixes.some(prefix =>
          pull.headRef.startsWith(prefix),
        ),
      ordinal,
    });
  }
  for (const commit of history.commits) {
    if (
      claimed.has(commit.sha) ||
      rebasedKeys.has(`${commit.authoredAt}\u0000${firstLine(commit.message)}`)
    ) {
      continue;
    }
    changes.push(trunkChange(history, commit));
  }
  return changes;
}

function trunkChange(history: RepositoryHistory, commit: CommitRecord) {
  const revertedSubject = /^Revert "(.*)"$/.exec(
    firstLine(commit.message),
  )?.[1];
  return {
    repository: history.repository,
    kind: 'commit' as const,
    sha: commit.sha,
    title: firstLine(commit.message),
    url: `${history.url}/commit/${commit.sha}`,
    author: commit.author,
    bot: commit.bot,
    firstCommitAt: commit.authoredAt,
    openedAt: null,
    firstReviewAt: null,
    landedAt: commit.committedAt,
    revertOf: revertedSubject ?? null,
    hotfix: false,
    ordinal: commit.ordinal,
  };
}

/**
 * The facts behind every figure for one component's part of one repository: each change with
 * the first production deployment that contains it, and each deployment with whether it failed
 * and when it recovered. Definitions are in the plugin README.
 */
export function repositoryFacts(
  history: RepositoryHistory,
  scope: ComponentScope,
  options: DefinitionOptions,
): RepositoryFacts {
  const ordinalOf = new Map(history.commits.map(c => [c.sha, c.ordinal]));
  const pathsOfSha = new Map<string, string[] | null>(
    history.commits.map(c => [c.sha, c.paths]),
  );
  const pathsOfPull = new Map(
    history.pullRequests.map(pull => [pull.number, pull.paths]),
  );
  const attempts = deploymentsOf(history.deployments, scope).sort(
    (a, b) => a.finishedAt - b.finishedAt,
  );
  const successes = attempts.filter(d => d.status === 'success');

  const allChanges = changesOf(history, options).filter(change =>
    touches(
      change.kind === 'pull-request'
        ? pathsOfPull.get(change.number!) ?? null
        : pathsOfSha.get(change.sha) ?? null,
      scope,
    ),
  );

  // Each change goes to the first successful deployment at or after its landing commit; the
  // first deployment ever seen only takes changes that landed within the lookback.
  const changes: ChangeFact[] = allChanges.map(({ ordinal, ...change }) => {
    let previousOrdinal = -Infinity;
    let first = true;
    for (const deployment of successes) {
      const deployedOrdinal = ordinalOf.get(deployment.sha);
      if (deployedOrdinal === undefined) {
        continue;
      }
      if (
        deployedOrdinal >= ordinal &&
        deployment.finishedAt >= change.landedAt
      ) {
        const capped =
          first &&
          deployment.finishedAt - change.landedAt >
            options.firstDeploymentLookbackDays * DAY;
        const alreadyOut = ordinal <= previousOrdinal;
        if (capped || alreadyOut) {
          break;
        }
        return {
          ...change,
          deployedAt: deployment.finishedAt,
          deploymentId: deployment.id,
        };
      }
      previousOrdinal = Math.max(previousOrdinal, deployedOrdinal);
      first = false;
    }
    return { ...change, deployedAt: null, deploymentId: null };
  });

  const changesByDeployment = new Map<string, ChangeFact[]>();
  for (const change of changes) {
    if (change.deploymentId) {
      const list = changesByDeployment.get(change.deploymentId) ?? [];
      list.push(change);
      changesByDeployment.set(change.deploymentId, list);
    }
  }
  const deploymentOfChangeSha = new Map(
    changes.filter(c => c.deploymentId).map(c => [c.sha, c.deploymentId!]),
  );
  const revertedDeployments = new Map<string, string>();
  for (const change of changes) {
    if (change.revertOf) {
      const target =
        deploymentOfChangeSha.get(change.revertOf) ??
        changes.find(c => c.title === change.revertOf)?.deploymentId;
      if (target) {
        revertedDeployments.set(target, change.title);
      }
    }
  }

  const incidents = [...history.incidents].sort(
    (a, b) => a.createdAt - b.createdAt,
  );
  const deployments: DeploymentFact[] = attempts.map((deployment, index) => {
    const next = attempts[index + 1];
    const reasons: string[] = [];
    let failedAt: number | null = null;
    let recoveredAt: number | null = null;
    const nextSuccessAfter = (time: number) =>
      successes.find(d => d.finishedAt > time && d.id !== deployment.id)
        ?.finishedAt ?? null;
    if (deployment.status === 'failure') {
      reasons.push('rollout failed');
      failedAt = deployment.finishedAt;
      recoveredAt = nextSuccessAfter(deployment.finishedAt);
    }
    const ordinal = ordinalOf.get(deployment.sha);
    if (next && ordinal !== undefined) {
      const nextOrdinal = ordinalOf.get(next.sha);
      if (nextOrdinal !== undefined && nextOrdinal < ordinal) {
        reasons.push(`rolled back by deployment ${next.id}`);
        failedAt ??= next.createdAt;
        if (next.status === 'success') {
          recoveredAt ??= next.finishedAt;
        }
      }
    }
    const reverted = revertedDeployments.get(deployment.id);
    if (reverted) {
      reasons.push(`reverted: ${reverted}`);
      const revert = changes.find(c => c.title === reverted);
      failedAt ??= revert?.openedAt ?? revert?.landedAt ?? null;
      recoveredAt ??= revert?.deployedAt ?? null;
    }
    const horizon = Math.min(
      deployment.finishedAt + options.incidentAttributionHours * HOUR,
      next?.finishedAt ?? Infinity,
    );
    const incident = incidents.find(
      i => i.createdAt >= deployment.finishedAt && i.createdAt < horizon,
    );
    if (incident) {
      reasons.push(`incident #${incident.number}`);
      failedAt ??= incident.createdAt;
      recoveredAt ??= incident.closedAt ?? nextSuccessAfter(incident.createdAt);
    }
    const contained = changesByDeployment.get(deployment.id) ?? [];
    const isRollback =
      index > 0 &&
      ordinal !== undefined &&
      (ordinalOf.get(attempts[index - 1].sha) ?? -Infinity) > ordinal;
    return {
      repository: history.repository,
      deployment,
      failed: reasons.length > 0,
      failureReasons: reasons,
      failedAt,
      recoveredAt,
      rework:
        deployment.status === 'success' &&
        (isRollback || contained.some(c => c.hotfix || c.revertOf !== null)),
    };
  });

  return {
    changes,
    deployments,
    incidents: incidents.map(i => ({ ...i, repository: history.repository })),
  };
}
