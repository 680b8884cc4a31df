import type { FileChangeInput, MergeMethod, ReviewEvent } from '../github';
import type { ChangeKind } from './changes';
import type { RepositoryProfile } from './profiles';
import type { FileEdit, WorkingTree } from './workingTree';

/** Who wrote or committed something, and in which time zone. */
export interface PlannedIdentity {
  login: string;
  name: string;
  email: string;
  utcOffsetMinutes: number;
}

/** Text that mentions commit shas, which exist only once commits are written. */
export type PlannedText =
  | string
  | ((shaOf: (commit: PlannedCommit) => string) => string);

export interface PlannedCommit {
  id: number;
  parents: PlannedCommit[];
  message: PlannedText;
  author: PlannedIdentity;
  authoredAt: number;
  committer: PlannedIdentity;
  committedAt: number;
  changes: FileChangeInput[];
}

export interface PlannedReview {
  reviewer: string;
  event: ReviewEvent;
  body: string;
  submittedAt: number;
  /** The head the reviewer looked at. */
  commit: PlannedCommit;
}

export type PullRequestKind = ChangeKind | 'revert';

export type PlannedOutcome =
  | {
      state: 'merged';
      mergedAt: number;
      merger: string;
      method: MergeMethod;
      /** The `main` commit the merge produced. */
      mergeCommit: PlannedCommit;
      /** `main` just before the merge. */
      baseBefore: PlannedCommit;
    }
  | { state: 'closed'; closedAt: number; closer: string }
  | { state: 'open' };

export interface PlannedCommitDraft {
  commit: PlannedCommit;
  edits: FileEdit[];
}

export interface PlannedPullRequest {
  /** Assigned once the whole repository is planned, in creation order. */
  number: number;
  kind: PullRequestKind;
  title: string;
  body: PlannedText;
  author: string;
  createdAt: number;
  branch: string;
  labels: string[];
  draft: boolean;
  commits: PlannedCommitDraft[];
  reviews: PlannedReview[];
  method: MergeMethod;
  outcome: PlannedOutcome;
  /** Delete the head branch when merged or closed. */
  deleteBranch: boolean;
  /** `main`'s tree just before the merge, to compute a revert. */
  treeBeforeMerge?: WorkingTree;
  revertOf?: PlannedPullRequest;
  resolves?: PlannedIncident;
}

export interface PlannedComment {
  author: string;
  body: PlannedText;
  createdAt: number;
}

export type Severity = 'sev1' | 'sev2' | 'sev3';

export interface PlannedIncident {
  number: number;
  title: string;
  body: PlannedText;
  author: string;
  assignee: string;
  severity: Severity;
  createdAt: number;
  /** Undefined while the incident is still open. */
  closedAt: number | undefined;
  closer: string;
  comments: PlannedComment[];
  failedDeployment: PlannedDeployment;
}

export type WorkflowFile = 'ci.yaml' | 'deploy.yaml' | 'release.yaml';

export interface PlannedWorkflowRun {
  workflow: WorkflowFile;
  event: 'push' | 'pull_request' | 'workflow_dispatch';
  branch: string;
  commit: PlannedCommit;
  actor: string;
  title: string;
  createdAt: number;
  completedAt: number;
  conclusion: 'success' | 'failure' | 'cancelled';
}

export interface PlannedDeployment {
  commit: PlannedCommit;
  environment: 'staging' | 'production';
  creator: string;
  description: string;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  succeeded: boolean;
}

export interface PlannedRelease {
  tag: string;
  commit: PlannedCommit;
  author: string;
  createdAt: number;
  body: () => string;
}

/** Everything one repository will contain, computed before anything is written. */
export interface RepositoryPlan {
  profile: RepositoryProfile;
  /** In an order where parents come first. */
  commits: PlannedCommit[];
  initialCommit: PlannedCommit;
  /** `main`'s tip over time, oldest first. */
  mainHistory: Array<{ at: number; commit: PlannedCommit }>;
  pullRequests: PlannedPullRequest[];
  incidents: PlannedIncident[];
  deployments: PlannedDeployment[];
  workflowRuns: PlannedWorkflowRun[];
  releases: PlannedRelease[];
  /** Teams whose members contributed, beyond the owner; they get write access. */
  contributorTeams: string[];
  creator: string;
  createdAt: number;
}
