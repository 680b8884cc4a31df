import type { RepositoryPlan } from './plan';
import { deploy } from './planning/delivery';
import type { PlannerEvent } from './planning/events';
import { PlanningContext } from './planning/PlanningContext';
import type { PlanRepositoryOptions } from './planning/PlanningContext';
import {
  closePullRequest,
  mergePullRequest,
  openPullRequest,
} from './planning/pullRequests';
import { releaseLibrary } from './planning/releases';
import { scheduleHistory } from './planning/schedule';

export type { PlanRepositoryOptions } from './planning/PlanningContext';

function handle(context: PlanningContext, event: PlannerEvent): void {
  switch (event.type) {
    case 'open':
      openPullRequest(context, event.at, event.request);
      break;
    case 'merge':
      mergePullRequest(context, event.at, event.pull);
      break;
    case 'close':
      closePullRequest(context, event.at, event.pull);
      break;
    case 'deploy':
      deploy(context, event);
      break;
    case 'release':
      releaseLibrary(context, event.at);
      break;
    default:
      break;
  }
}

/** Issue and pull request numbers share one sequence, in creation order, as on GitHub. */
function assignNumbers(context: PlanningContext): void {
  const items = [
    ...context.pulls.map(pull => ({
      at: pull.createdAt,
      item: pull,
    })),
    ...context.incidents.map(incident => ({
      at: incident.createdAt,
      item: incident,
    })),
  ];
  items
    .sort(
      (a, b) =>
        a.at - b.at ||
        context.creationOrderOf(a.item) - context.creationOrderOf(b.item),
    )
    .forEach(({ item }, index) => {
      item.number = index + 1;
    });
  context.pulls.sort((a, b) => a.number - b.number);
  context.incidents.sort((a, b) => a.number - b.number);
}

/**
 * Simulates months of one repository's life in time order: pull requests
 * with reviews and merges, deployments through staging and production,
 * failures that open incidents and get reverted, fixed or rolled back, and
 * library releases. Pure: nothing is written until the plan is executed.
 */
export function planRepository(options: PlanRepositoryOptions): RepositoryPlan {
  const context = new PlanningContext(options);
  scheduleHistory(context);
  for (let event = context.queue.next(); event; event = context.queue.next()) {
    handle(context, event);
  }
  assignNumbers(context);
  return {
    profile: context.profile,
    commits: context.commits,
    initialCommit: context.commits[0],
    mainHistory: context.mainHistory,
    pullRequests: context.pulls,
    incidents: context.incidents,
    deployments: context.deployments,
    workflowRuns: context.runs,
    releases: context.releases,
    contributorTeams: [...context.contributorTeams].sort(),
    creator: context.creator,
    createdAt: context.createdAt,
  };
}
