import type { BranchProtectionInput } from '../../store/BranchProtectionStore';
import type { ApiRequest } from '../ApiRequest';
import { ApiError, apiErrors } from '../errors';
import { BodyReader } from '../inputs';
import { mapBranchProtection } from '../mappers/branchProtection';
import { mapCommit, mapShortBranch } from '../mappers/commits';
import { json, noContent, route } from '../RouteDefinition';

const BRANCH = { greedy: ['branch'] };

/** The branch's protection, read with admin rights; GitHub answers 404 when there is none. */
function existingProtection(request: ApiRequest) {
  request.repository('admin');
  const ref = request.repoRef();
  const protection = request.store.branchProtection.get(
    ref,
    request.param('branch'),
  );
  if (!protection) {
    throw new ApiError(404, 'Branch not protected');
  }
  return { ref, protection };
}

function requireKey(body: BodyReader, name: string): void {
  if (
    !body.has(name) &&
    !(body.raw && typeof body.raw === 'object' && name in body.raw)
  ) {
    throw apiErrors.invalidRequest(`"${name}" wasn't supplied.`);
  }
}

function allowances(reader: BodyReader | undefined) {
  return {
    users: reader?.optionalStringArray('users') ?? [],
    teams: reader?.optionalStringArray('teams') ?? [],
    apps: reader?.optionalStringArray('apps') ?? [],
  };
}

/** The body of `PUT .../protection`; the four top-level keys are required even when null. */
function readProtection(body: BodyReader): BranchProtectionInput {
  for (const key of [
    'required_status_checks',
    'enforce_admins',
    'required_pull_request_reviews',
    'restrictions',
  ]) {
    requireKey(body, key);
  }
  const checks = body.nested('required_status_checks');
  const reviews = body.nested('required_pull_request_reviews');
  const restrictions = body.nested('restrictions');
  const approvals =
    reviews?.optionalInteger('required_approving_review_count') ?? 1;
  if (approvals < 0 || approvals > 6) {
    throw apiErrors.invalidRequest(
      `For 'properties/required_approving_review_count', ${approvals} is not within 0 and 6.`,
    );
  }
  const checkContexts = (checks?.optionalArray('checks') ?? [])
    .map(check => (check as { context?: unknown }).context)
    .filter((context): context is string => typeof context === 'string');
  return {
    requiredStatusChecks: checks
      ? {
          strict: checks.optionalBoolean('strict') ?? false,
          contexts: [
            ...new Set([
              ...(checks.optionalStringArray('contexts') ?? []),
              ...checkContexts,
            ]),
          ],
        }
      : null,
    enforceAdmins: body.optionalNullableBoolean('enforce_admins') ?? false,
    requiredPullRequestReviews: reviews
      ? {
          requiredApprovingReviewCount: approvals,
          requireCodeOwnerReviews:
            reviews.optionalBoolean('require_code_owner_reviews') ?? false,
          dismissStaleReviews:
            reviews.optionalBoolean('dismiss_stale_reviews') ?? false,
          requireLastPushApproval:
            reviews.optionalBoolean('require_last_push_approval') ?? false,
          bypassAllowances: allowances(
            reviews.nested('bypass_pull_request_allowances'),
          ),
        }
      : null,
    restrictions: restrictions ? allowances(restrictions) : null,
    requiredLinearHistory:
      body.optionalNullableBoolean('required_linear_history') ?? false,
    allowForcePushes:
      body.optionalNullableBoolean('allow_force_pushes') ?? false,
    allowDeletions: body.optionalNullableBoolean('allow_deletions') ?? false,
    blockCreations: body.optionalNullableBoolean('block_creations') ?? false,
    requiredConversationResolution:
      body.optionalNullableBoolean('required_conversation_resolution') ?? false,
    lockBranch: body.optionalNullableBoolean('lock_branch') ?? false,
    allowForkSyncing:
      body.optionalNullableBoolean('allow_fork_syncing') ?? false,
  };
}

async function requireBranch(request: ApiRequest) {
  const ref = request.repoRef();
  const branch = request.param('branch');
  const git = request.store.git.repository(ref);
  const sha = await git.readRef(`refs/heads/${branch}`);
  if (!sha) {
    throw new ApiError(404, 'Branch not found');
  }
  return { ref, branch, git, sha };
}

/** Branches and branch protection (including required signatures). */
export const branchRoutes = [
  route('GET', '/repos/{owner}/{repo}/branches', async request => {
    const ref = request.repoRef();
    const git = request.store.git.repository(ref);
    const onlyProtected = request.query.boolean('protected');
    const branches = (await git.listRefs('refs/heads/'))
      .map(({ ref: refName, sha }) => {
        const name = refName.slice('refs/heads/'.length);
        return {
          name,
          sha,
          isProtected: !!request.store.branchProtection.get(ref, name),
        };
      })
      .filter(
        branch =>
          onlyProtected === undefined || branch.isProtected === onlyProtected,
      )
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    return request.paginate(branches, branch =>
      mapShortBranch(
        request.mapper,
        ref,
        branch.name,
        branch.sha,
        branch.isProtected,
      ),
    );
  }),

  route(
    'GET',
    '/repos/{owner}/{repo}/branches/{branch}',
    async request => {
      const { ref, branch, git, sha } = await requireBranch(request);
      const protection = request.store.branchProtection.get(ref, branch);
      const commit = (await git.readCommit(sha))!;
      const protectionUrl = request.urls.repo(
        ref,
        `/branches/${encodeURIComponent(branch)}/protection`,
      );
      return json(200, {
        name: branch,
        commit: mapCommit(request.mapper, ref, commit),
        _links: {
          self: request.urls.repo(
            ref,
            `/branches/${encodeURIComponent(branch)}`,
          ),
          html: request.urls.repoHtml(ref, `/tree/${branch}`),
        },
        protected: !!protection,
        protection: protection
          ? {
              enabled: true,
              ...mapBranchProtection(request.mapper, ref, protection),
            }
          : {
              enabled: false,
              required_status_checks: {
                enforcement_level: 'off',
                contexts: [],
                checks: [],
              },
            },
        protection_url: protectionUrl,
      });
    },
    BRANCH,
  ),

  route(
    'GET',
    '/repos/{owner}/{repo}/branches/{branch}/protection',
    request => {
      const { ref, protection } = existingProtection(request);
      return json(200, mapBranchProtection(request.mapper, ref, protection));
    },
    BRANCH,
  ),

  route(
    'PUT',
    '/repos/{owner}/{repo}/branches/{branch}/protection',
    async request => {
      request.repository('admin');
      const input = readProtection(request.body);
      const ref = request.repoRef();
      const protection = await request.store.branchProtection.set(
        ref,
        request.param('branch'),
        input,
      );
      return json(200, mapBranchProtection(request.mapper, ref, protection));
    },
    BRANCH,
  ),

  route(
    'DELETE',
    '/repos/{owner}/{repo}/branches/{branch}/protection',
    request => {
      request.repository('admin');
      request.store.branchProtection.remove(
        request.repoRef(),
        request.param('branch'),
      );
      return noContent();
    },
    BRANCH,
  ),

  route(
    'GET',
    '/repos/{owner}/{repo}/branches/{branch}/protection/required_signatures',
    request => {
      const { ref, protection } = existingProtection(request);
      return json(
        200,
        mapBranchProtection(request.mapper, ref, protection)
          .required_signatures,
      );
    },
    BRANCH,
  ),

  route(
    'POST',
    '/repos/{owner}/{repo}/branches/{branch}/protection/required_signatures',
    request => {
      request.repository('admin');
      const ref = request.repoRef();
      const protection = request.store.branchProtection.setRequiredSignatures(
        ref,
        request.param('branch'),
        true,
      );
      return json(
        200,
        mapBranchProtection(request.mapper, ref, protection)
          .required_signatures,
      );
    },
    BRANCH,
  ),

  route(
    'DELETE',
    '/repos/{owner}/{repo}/branches/{branch}/protection/required_signatures',
    request => {
      request.repository('admin');
      request.store.branchProtection.setRequiredSignatures(
        request.repoRef(),
        request.param('branch'),
        false,
      );
      return noContent();
    },
    BRANCH,
  ),
];
