/**
 * Rows persisted by the GitHub sandbox store. They are deliberately flatter
 * than GitHub's API shapes (ids instead of embedded objects) so that the REST
 * mappers, a GraphQL resolver and webhook payload builders can each render
 * their own view from the same rows.
 */

/** GitHub's repository roles, weakest first. */
export const REPO_PERMISSIONS = [
  'read',
  'triage',
  'write',
  'maintain',
  'admin',
] as const;
export type RepoPermission = (typeof REPO_PERMISSIONS)[number];

export type AccountType = 'User' | 'Organization' | 'Bot';

export interface AccountRecord {
  id: number;
  login: string;
  type: AccountType;
  name: string | null;
  email: string | null;
  company: string | null;
  location: string | null;
  bio: string | null;
  blog: string;
  /** Organizations only. */
  description: string | null;
  siteAdmin: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface OrgMembershipRecord {
  orgId: number;
  userId: number;
  role: 'admin' | 'member';
}

export interface TeamRecord {
  id: number;
  orgId: number;
  name: string;
  slug: string;
  description: string | null;
  privacy: 'closed' | 'secret';
  parentTeamId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface TeamMembershipRecord {
  teamId: number;
  userId: number;
  role: 'member' | 'maintainer';
}

export interface AccessTokenRecord {
  token: string;
  userId: number;
  scopes: string[];
}

export type RepoVisibility = 'public' | 'private' | 'internal';

export interface RepositoryRecord {
  id: number;
  ownerId: number;
  name: string;
  description: string | null;
  homepage: string | null;
  visibility: RepoVisibility;
  defaultBranch: string;
  topics: string[];
  archived: boolean;
  isTemplate: boolean;
  hasIssues: boolean;
  hasProjects: boolean;
  hasWiki: boolean;
  hasDiscussions: boolean;
  allowMergeCommit: boolean;
  allowSquashMerge: boolean;
  allowRebaseMerge: boolean;
  allowAutoMerge: boolean;
  allowUpdateBranch: boolean;
  deleteBranchOnMerge: boolean;
  squashMergeCommitTitle: 'PR_TITLE' | 'COMMIT_OR_PR_TITLE';
  squashMergeCommitMessage: 'PR_BODY' | 'COMMIT_MESSAGES' | 'BLANK';
  mergeCommitTitle: 'PR_TITLE' | 'MERGE_MESSAGE';
  mergeCommitMessage: 'PR_BODY' | 'PR_TITLE' | 'BLANK';
  customProperties: Record<string, string | string[] | null>;
  /** `PUT /repos/{owner}/{repo}/actions/oidc/customization/sub`. */
  oidcSubClaim: { useDefault: boolean; includeClaimKeys: string[] };
  /** `PUT /repos/{owner}/{repo}/actions/permissions/access`. */
  workflowAccessLevel: 'none' | 'user' | 'organization' | 'enterprise';
  /** Issues and pull requests share one number sequence per repository. */
  lastIssueNumber: number;
  createdAt: string;
  updatedAt: string;
  pushedAt: string | null;
}

export interface CollaboratorRecord {
  repoId: number;
  userId: number;
  permission: RepoPermission;
}

export interface TeamRepoGrantRecord {
  teamId: number;
  repoId: number;
  permission: RepoPermission;
}

export interface BranchProtectionRecord {
  repoId: number;
  branch: string;
  requiredStatusChecks: { strict: boolean; contexts: string[] } | null;
  enforceAdmins: boolean;
  requiredPullRequestReviews: {
    requiredApprovingReviewCount: number;
    requireCodeOwnerReviews: boolean;
    dismissStaleReviews: boolean;
    requireLastPushApproval: boolean;
    bypassAllowances: { users: string[]; teams: string[]; apps: string[] };
  } | null;
  restrictions: { users: string[]; teams: string[]; apps: string[] } | null;
  requiredLinearHistory: boolean;
  allowForcePushes: boolean;
  allowDeletions: boolean;
  blockCreations: boolean;
  requiredConversationResolution: boolean;
  requiredSignatures: boolean;
  lockBranch: boolean;
  allowForkSyncing: boolean;
}

export interface LabelRecord {
  id: number;
  repoId: number;
  name: string;
  color: string;
  description: string | null;
  isDefault: boolean;
}

/**
 * Issues and pull requests share this row, as they do on GitHub: a pull
 * request is an issue with a {@link PullRequestRecord} attached.
 */
export interface IssueRecord {
  id: number;
  repoId: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  authorId: number;
  assigneeIds: number[];
  labelIds: number[];
  locked: boolean;
  isPullRequest: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedById: number | null;
}

export type MergeMethod = 'merge' | 'squash' | 'rebase';

export interface PullRequestRecord {
  id: number;
  repoId: number;
  number: number;
  headRef: string;
  headRepoId: number;
  baseRef: string;
  /** Tip of the head branch, kept current from push events while the pull request is open. */
  headSha: string;
  /** Tip of the base branch when the pull request was opened, retargeted or merged. */
  baseSha: string;
  draft: boolean;
  maintainerCanModify: boolean;
  mergedAt: string | null;
  mergedById: number | null;
  mergeCommitSha: string | null;
  mergeMethod: MergeMethod | null;
  requestedReviewerIds: number[];
  requestedTeamIds: number[];
}

export type ReviewState =
  | 'PENDING'
  | 'APPROVED'
  | 'CHANGES_REQUESTED'
  | 'COMMENTED'
  | 'DISMISSED';

export interface ReviewRecord {
  id: number;
  repoId: number;
  pullNumber: number;
  authorId: number;
  state: ReviewState;
  body: string;
  commitId: string;
  submittedAt: string | null;
}

export interface IssueCommentRecord {
  id: number;
  repoId: number;
  issueNumber: number;
  authorId: number;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface CommitStatusRecord {
  id: number;
  repoId: number;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  context: string;
  description: string | null;
  targetUrl: string | null;
  creatorId: number;
  createdAt: string;
  updatedAt: string;
}

export interface EnvironmentRecord {
  id: number;
  repoId: number;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface DeploymentRecord {
  id: number;
  repoId: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  payload: Record<string, unknown> | string;
  creatorId: number;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  createdAt: string;
  updatedAt: string;
}

export type DeploymentState =
  | 'error'
  | 'failure'
  | 'inactive'
  | 'in_progress'
  | 'queued'
  | 'pending'
  | 'success';

export interface DeploymentStatusRecord {
  id: number;
  repoId: number;
  deploymentId: number;
  state: DeploymentState;
  creatorId: number;
  description: string;
  environment: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  createdAt: string;
  updatedAt: string;
}

export interface WorkflowRecord {
  id: number;
  repoId: number;
  name: string;
  /** e.g. `.github/workflows/ci.yaml` */
  path: string;
  state:
    | 'active'
    | 'deleted'
    | 'disabled_fork'
    | 'disabled_inactivity'
    | 'disabled_manually';
  createdAt: string;
  updatedAt: string;
}

export type WorkflowRunStatus =
  | 'requested'
  | 'queued'
  | 'pending'
  | 'waiting'
  | 'in_progress'
  | 'completed';

export type WorkflowRunConclusion =
  | 'action_required'
  | 'cancelled'
  | 'failure'
  | 'neutral'
  | 'skipped'
  | 'stale'
  | 'success'
  | 'timed_out';

export interface WorkflowRunRecord {
  id: number;
  repoId: number;
  workflowId: number;
  runNumber: number;
  runAttempt: number;
  name: string;
  displayTitle: string;
  event: string;
  headBranch: string | null;
  headSha: string;
  status: WorkflowRunStatus;
  conclusion: WorkflowRunConclusion | null;
  actorId: number;
  triggeringActorId: number;
  inputs: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  runStartedAt: string;
}

export interface ReleaseRecord {
  id: number;
  repoId: number;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  authorId: number;
  createdAt: string;
  publishedAt: string | null;
}

export interface ActionsVariableRecord {
  repoId: number;
  name: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

/** Only metadata: the sandbox never needs (nor keeps) the decrypted value. */
export interface ActionsSecretRecord {
  repoId: number;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface SubscriptionRecord {
  repoId: number;
  userId: number;
  subscribed: boolean;
  ignored: boolean;
  createdAt: string;
}

/** Everything the store persists besides git objects, as one JSON document. */
export interface StoreSnapshot {
  version: 1;
  lastIds: Record<string, number>;
  accounts: AccountRecord[];
  orgMemberships: OrgMembershipRecord[];
  teams: TeamRecord[];
  teamMemberships: TeamMembershipRecord[];
  tokens: AccessTokenRecord[];
  repositories: RepositoryRecord[];
  collaborators: CollaboratorRecord[];
  teamRepoGrants: TeamRepoGrantRecord[];
  branchProtections: BranchProtectionRecord[];
  labels: LabelRecord[];
  issues: IssueRecord[];
  pullRequests: PullRequestRecord[];
  reviews: ReviewRecord[];
  issueComments: IssueCommentRecord[];
  commitStatuses: CommitStatusRecord[];
  environments: EnvironmentRecord[];
  deployments: DeploymentRecord[];
  deploymentStatuses: DeploymentStatusRecord[];
  workflows: WorkflowRecord[];
  workflowRuns: WorkflowRunRecord[];
  releases: ReleaseRecord[];
  actionsVariables: ActionsVariableRecord[];
  actionsSecrets: ActionsSecretRecord[];
  subscriptions: SubscriptionRecord[];
}

export function emptySnapshot(): StoreSnapshot {
  return {
    version: 1,
    lastIds: {},
    accounts: [],
    orgMemberships: [],
    teams: [],
    teamMemberships: [],
    tokens: [],
    repositories: [],
    collaborators: [],
    teamRepoGrants: [],
    branchProtections: [],
    labels: [],
    issues: [],
    pullRequests: [],
    reviews: [],
    issueComments: [],
    commitStatuses: [],
    environments: [],
    deployments: [],
    deploymentStatuses: [],
    workflows: [],
    workflowRuns: [],
    releases: [],
    actionsVariables: [],
    actionsSecrets: [],
    subscriptions: [],
  };
}

/** Identifies a repository the way every GitHub URL does. */
export interface RepoRef {
  owner: string;
  repo: string;
}
