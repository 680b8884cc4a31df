import type { BranchProtectionRecord, RepoRef } from '../../store/types';
import type { MapperContext } from './MapperContext';
import { mapSimpleUser, mapTeam } from './users';

function usersOf(context: MapperContext, logins: string[]) {
  return logins
    .map(login => context.store.accounts.get(login))
    .filter(account => account !== undefined)
    .map(account => mapSimpleUser(context, account!));
}

function teamsOf(context: MapperContext, ref: RepoRef, slugs: string[]) {
  return slugs
    .map(slug => context.store.accounts.getTeam(ref.owner, slug))
    .filter(team => team !== undefined)
    .map(team => mapTeam(context, team!));
}

/** Shape of `GET`/`PUT /repos/{owner}/{repo}/branches/{branch}/protection`. */
export function mapBranchProtection(
  context: MapperContext,
  ref: RepoRef,
  protection: BranchProtectionRecord,
) {
  const url = context.urls.repo(
    ref,
    `/branches/${encodeURIComponent(protection.branch)}/protection`,
  );
  const checks = protection.requiredStatusChecks;
  const reviews = protection.requiredPullRequestReviews;
  const restrictions = protection.restrictions;
  return {
    url,
    ...(checks
      ? {
          required_status_checks: {
            url: `${url}/required_status_checks`,
            strict: checks.strict,
            contexts: checks.contexts,
            contexts_url: `${url}/required_status_checks/contexts`,
            checks: checks.contexts.map(name => ({
              context: name,
              app_id: null,
            })),
          },
        }
      : {}),
    ...(reviews
      ? {
          required_pull_request_reviews: {
            url: `${url}/required_pull_request_reviews`,
            dismiss_stale_reviews: reviews.dismissStaleReviews,
            require_code_owner_reviews: reviews.requireCodeOwnerReviews,
            required_approving_review_count:
              reviews.requiredApprovingReviewCount,
            require_last_push_approval: reviews.requireLastPushApproval,
            bypass_pull_request_allowances: {
              users: usersOf(context, reviews.bypassAllowances.users),
              teams: teamsOf(context, ref, reviews.bypassAllowances.teams),
              apps: [],
            },
          },
        }
      : {}),
    required_signatures: {
      url: `${url}/required_signatures`,
      enabled: protection.requiredSignatures,
    },
    enforce_admins: {
      url: `${url}/enforce_admins`,
      enabled: protection.enforceAdmins,
    },
    required_linear_history: { enabled: protection.requiredLinearHistory },
    allow_force_pushes: { enabled: protection.allowForcePushes },
    allow_deletions: { enabled: protection.allowDeletions },
    block_creations: { enabled: protection.blockCreations },
    required_conversation_resolution: {
      enabled: protection.requiredConversationResolution,
    },
    lock_branch: { enabled: protection.lockBranch },
    allow_fork_syncing: { enabled: protection.allowForkSyncing },
    ...(restrictions
      ? {
          restrictions: {
            url: `${url}/restrictions`,
            users_url: `${url}/restrictions/users`,
            teams_url: `${url}/restrictions/teams`,
            apps_url: `${url}/restrictions/apps`,
            users: usersOf(context, restrictions.users),
            teams: teamsOf(context, ref, restrictions.teams),
            apps: [],
          },
        }
      : {}),
  };
}
