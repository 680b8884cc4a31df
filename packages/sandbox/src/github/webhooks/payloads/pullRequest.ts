import type { MapperContext } from '../../rest/mappers/MapperContext';
import { mapPullRequest } from '../../rest/mappers/pulls';
import { mapTeam } from '../../rest/mappers/users';
import type { PullRequestView } from '../../store/PullRequestsStore';
import type { RepositoryRecord, TeamRecord } from '../../store/types';
import {
  repositoryEnvelope,
  webhookRepository,
  webhookUser,
  webhookUserById,
} from './common';

/** REST's team shape minus `type`, which webhook payloads leave out. */
export function webhookTeam(context: MapperContext, team: TeamRecord) {
  const { type: _restOnly, parent, ...rest } = mapTeam(context, team);
  if (!parent) {
    return { ...rest, parent: null };
  }
  const { type: _parentRestOnly, ...parentRest } = parent;
  return { ...rest, parent: parentRest };
}

export async function webhookPullRequest(
  context: MapperContext,
  repo: RepositoryRecord,
  view: PullRequestView,
) {
  const rest = await mapPullRequest(context, view);
  const repository = await webhookRepository(context, repo);
  const owner = webhookUser(context, context.store.repositories.ownerOf(repo));
  const accounts = (ids: number[]) =>
    ids
      .map(id => context.store.accounts.getById(id))
      .filter(account => account !== undefined)
      .map(account => webhookUser(context, account!));
  return {
    ...rest,
    user: webhookUserById(context, view.issue.authorId),
    assignee: accounts(view.issue.assigneeIds)[0] ?? null,
    assignees: accounts(view.issue.assigneeIds),
    requested_reviewers: accounts(view.pull.requestedReviewerIds),
    requested_teams: view.pull.requestedTeamIds
      .map(id => context.store.accounts.getTeamById(id))
      .filter(team => team !== undefined)
      .map(team => webhookTeam(context, team!)),
    merged_by: webhookUserById(context, view.pull.mergedById),
    head: { ...rest.head, user: owner, repo: repository },
    base: { ...rest.base, user: owner, repo: repository },
  };
}

export type PullRequestExtras =
  | { action: 'synchronize'; before: string; after: string }
  | {
      action: 'edited';
      changes: {
        title?: { from: string };
        body?: { from: string };
        base?: { ref: { from: string }; sha: { from: string } };
      };
    }
  | {
      action: 'review_requested';
      reviewer: { kind: 'user' | 'team'; id: number };
    }
  | { action: 'opened' | 'closed' | 'reopened' | 'ready_for_review' };

export async function renderPullRequest(
  context: MapperContext,
  repo: RepositoryRecord,
  view: PullRequestView,
  extras: PullRequestExtras,
  senderId: number | null,
): Promise<Record<string, unknown>> {
  const payload: Record<string, unknown> = {
    action: extras.action,
    number: view.pull.number,
  };
  if (extras.action === 'synchronize') {
    payload.before = extras.before;
    payload.after = extras.after;
  }
  if (extras.action === 'edited') {
    payload.changes = extras.changes;
  }
  payload.pull_request = await webhookPullRequest(context, repo, view);
  if (extras.action === 'review_requested') {
    const { kind, id } = extras.reviewer;
    if (kind === 'team') {
      const team = context.store.accounts.getTeamById(id);
      payload.requested_team = team ? webhookTeam(context, team) : null;
    } else {
      payload.requested_reviewer = webhookUserById(context, id);
    }
  }
  return { ...payload, ...(await repositoryEnvelope(context, repo, senderId)) };
}
