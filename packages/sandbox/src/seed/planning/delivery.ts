import type {
  PlannedDeployment,
  PlannedIncident,
  PlannedPullRequest,
  PlannedWorkflowRun,
  Severity,
} from '../plan';
import { DAY, HOUR, MINUTE, nextWorkingTime, wholeSeconds } from '../time';
import { FAILURE_SYMPTOMS, STAGING_FAILURES } from '../vocabulary';
import type { DeployEvent } from './events';
import type { PlanningContext } from './PlanningContext';

type RemediationMode = 'revert' | 'rollback' | 'fix';

const REMEDIATION_NOTES: Record<RemediationMode, string> = {
  revert: 'Reverting the change that went out with this deploy.',
  rollback: 'Rolling production back to the last good version.',
  fix: 'Fix forward in progress; the change is small.',
};

const SEVERITIES: ReadonlyArray<readonly [Severity, number]> = [
  ['sev1', 10],
  ['sev2', 35],
  ['sev3', 55],
];

/** Closes an incident once a deployment has put production right. */
function resolveIncident(
  context: PlanningContext,
  incident: PlannedIncident,
  deployment: PlannedDeployment,
): void {
  if (incident.closedAt !== undefined) {
    return;
  }
  const closedAt = wholeSeconds(
    deployment.finishedAt + context.random.int(10, 60) * MINUTE,
  );
  context.freezeUntil = Math.min(context.freezeUntil, deployment.finishedAt);
  if (closedAt > context.now) {
    return;
  }
  const commit = deployment.commit;
  const closing =
    incident.severity === 'sev3'
      ? 'Closing.'
      : 'Closing; postmortem to follow.';
  incident.comments.push({
    author: incident.assignee,
    createdAt: closedAt - context.random.int(1, 5) * MINUTE,
    body: shaOf =>
      `Production is on \`${shaOf(commit).slice(
        0,
        7,
      )}\` and error rates are back to normal. ${closing}`,
  });
  incident.closedAt = closedAt;
}

function openIncident(
  context: PlanningContext,
  failed: PlannedDeployment,
  onCall: string,
  force: boolean,
): PlannedIncident | undefined {
  const { random, profile } = context;
  if (!force && !random.chance(0.8)) {
    return undefined;
  }
  const severity = random.weighted(SEVERITIES);
  const symptom = random.pick(FAILURE_SYMPTOMS);
  const incident: PlannedIncident = {
    number: 0,
    title: `${profile.title}: ${symptom} after production deploy`,
    body: shaOf =>
      `**Severity:** ${severity.toUpperCase()}\n**Service:** ${
        profile.name
      }\n**Started:** ${new Date(
        failed.finishedAt,
      ).toISOString()}\n\nThe production deployment of \`${shaOf(
        failed.commit,
      ).slice(0, 7)}\` failed and ${symptom} followed. Paging ${
        profile.ownerTeam
      }.\n`,
    author: onCall,
    assignee: onCall,
    severity,
    createdAt: wholeSeconds(failed.finishedAt + random.int(3, 12) * MINUTE),
    closedAt: undefined,
    closer: onCall,
    comments: [],
    failedDeployment: failed,
  };
  context.addIncident(incident);
  return incident;
}

function remediationMode(
  context: PlanningContext,
  culprit: PlannedPullRequest | undefined,
  forceRevert: boolean,
): RemediationMode {
  if (
    culprit &&
    culprit.kind !== 'revert' &&
    (forceRevert || context.random.chance(0.25))
  ) {
    return 'revert';
  }
  if (context.lastGoodProduction && context.random.chance(0.45)) {
    return 'rollback';
  }
  return 'fix';
}

/** Redeploys the last good commit at once; the real fix follows the next working day. */
function rollback(
  context: PlanningContext,
  failed: PlannedDeployment,
  onCall: string,
  incident: PlannedIncident | undefined,
  responder: string,
): void {
  const { random } = context;
  const good = context.lastGoodProduction!;
  const at = failed.finishedAt + random.int(8, 20) * MINUTE;
  const deployment = context.deployment(
    good,
    'production',
    at + MINUTE,
    random.int(3, 6),
    true,
    'Rollback to last good version',
  );
  context.deployments.push(deployment);
  context.run({
    workflow: 'deploy.yaml',
    event: 'workflow_dispatch',
    branch: 'main',
    commit: good,
    actor: onCall,
    title: 'Rollback production',
    createdAt: at,
    completedAt: deployment.finishedAt,
    conclusion: 'success',
  });
  context.pipelineFreeAt = deployment.finishedAt + MINUTE;
  context.freezeUntil = deployment.finishedAt;
  if (incident) {
    resolveIncident(context, incident, deployment);
  }
  const followUp = nextWorkingTime(
    deployment.finishedAt + 12 * HOUR,
    context.offsetOf(responder),
    random,
  );
  if (followUp < context.now - HOUR) {
    context.queue.add({
      type: 'open',
      at: followUp,
      request: { kind: 'fix', author: responder, urgent: false },
    });
  }
}

/**
 * A failed production deploy: usually an incident, always a remediation
 * (revert the culprit, fix forward, or roll back), and a merge freeze until
 * production is healthy again.
 */
function handleProductionFailure(
  context: PlanningContext,
  failed: PlannedDeployment,
): void {
  const { random } = context;
  context.hadProductionFailure = true;
  // Queued deploys of later merges are superseded by the remediation's deploy.
  context.queue.drop('deploy');
  const culprit = context.pullOfMainCommit.get(failed.commit);
  const onCall = random.pick(context.owners);
  const responder =
    culprit &&
    !context.isBot(culprit.author) &&
    context.owners.includes(culprit.author)
      ? culprit.author
      : onCall;
  const forceRevert = context.options.guaranteeRevert && !context.revertDone;
  const incident = openIncident(context, failed, onCall, forceRevert);
  const mode = remediationMode(context, culprit, forceRevert);
  context.freezeUntil = failed.finishedAt + 8 * HOUR;
  if (mode === 'revert') {
    context.queue.add({
      type: 'open',
      at: failed.finishedAt + random.int(5, 20) * MINUTE,
      request: {
        kind: 'revert',
        author: responder,
        urgent: true,
        revertOf: culprit,
        resolves: incident,
      },
    });
  } else if (mode === 'fix') {
    context.queue.add({
      type: 'open',
      at: failed.finishedAt + random.int(20, 60) * MINUTE,
      request: {
        kind: 'fix',
        author: responder,
        urgent: true,
        resolves: incident,
      },
    });
  } else {
    rollback(context, failed, onCall, incident, responder);
  }
  if (incident) {
    incident.comments.push({
      author: onCall,
      createdAt: incident.createdAt + random.int(2, 8) * MINUTE,
      body: REMEDIATION_NOTES[mode],
    });
  }
}

function productionMayFail(
  context: PlanningContext,
  production: PlannedDeployment,
  remediating: boolean,
): boolean {
  const { profile, now } = context;
  // Late failures would leave incidents open at `now`; fixes always land.
  const canFail = !remediating && production.finishedAt < now - 3 * DAY;
  const mustFail =
    context.options.guaranteeRevert &&
    !context.hadProductionFailure &&
    production.startedAt >
      profile.historyStart + (now - profile.historyStart) * 0.4;
  return (
    canFail &&
    (mustFail || context.random.chance(profile.productionFailureRate))
  );
}

/**
 * The deploy pipeline for one commit on `main`: build, `staging` (a flaky
 * failure gets a manual re-run), then `production`. One pipeline at a time.
 */
export function deploy(context: PlanningContext, event: DeployEvent): void {
  const { random } = context;
  if (event.at < context.pipelineFreeAt) {
    context.queue.add({
      ...event,
      at: context.pipelineFreeAt + random.int(1, 5) * MINUTE,
    });
    return;
  }
  const remediating = event.remediation !== undefined;
  const staging = context.deployment(
    event.commit,
    'staging',
    event.at + random.int(2, 4) * MINUTE,
    random.int(3, 6),
    remediating || !random.chance(context.profile.productionFailureRate * 0.35),
    'Deploy to staging',
  );
  const stages: PlannedDeployment[] = [staging];
  let run: Pick<PlannedWorkflowRun, 'actor' | 'event' | 'createdAt'> = {
    actor: event.actor,
    event: 'push',
    createdAt: event.at,
  };
  let productionBase = staging.finishedAt;
  if (!staging.succeeded) {
    context.run({
      workflow: 'deploy.yaml',
      event: 'push',
      branch: 'main',
      commit: event.commit,
      actor: event.actor,
      title: `${event.title} · ${random.pick(STAGING_FAILURES)}`,
      createdAt: event.at,
      completedAt: staging.finishedAt,
      conclusion: 'failure',
    });
    run = {
      actor: random.pick(context.owners),
      event: 'workflow_dispatch',
      createdAt: staging.finishedAt + random.int(15, 45) * MINUTE,
    };
    const retry = context.deployment(
      event.commit,
      'staging',
      run.createdAt + random.int(1, 3) * MINUTE,
      random.int(3, 6),
      true,
      'Deploy to staging (re-run)',
    );
    stages.push(retry);
    productionBase = retry.finishedAt;
  }
  const production = context.deployment(
    event.commit,
    'production',
    productionBase + random.int(3, 25) * MINUTE,
    random.int(4, 10),
    true,
    remediating ? 'Deploy fix to production' : 'Deploy to production',
  );
  production.succeeded = !productionMayFail(context, production, remediating);
  stages.push(production);
  if (production.finishedAt > context.now) {
    context.deployments.push(
      ...stages.filter(stage => stage.finishedAt <= context.now),
    );
    return;
  }
  context.deployments.push(...stages);
  context.run({
    workflow: 'deploy.yaml',
    branch: 'main',
    commit: event.commit,
    title: event.title,
    ...run,
    completedAt: production.finishedAt,
    conclusion: production.succeeded ? 'success' : 'failure',
  });
  context.pipelineFreeAt = production.finishedAt + MINUTE;
  if (production.succeeded) {
    context.lastGoodProduction = event.commit;
    if (event.remediation) {
      resolveIncident(context, event.remediation, production);
    }
  } else {
    handleProductionFailure(context, production);
  }
}
