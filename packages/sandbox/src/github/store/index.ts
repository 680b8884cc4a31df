export { createGitHubStore } from './GitHubStore';
export type { GitHubStore, GitHubStoreOptions } from './GitHubStore';
export type {
  GitHubEvent,
  GitHubEventListener,
  GitHubEventType,
  Unsubscribe,
} from './events';
export { ZERO_SHA } from './events';
export { StoreError } from './errors';
export type { FieldError, StoreErrorKind } from './errors';
export { encodeNodeId, decodeNodeId } from './ids';
export type { NodeType } from './ids';
export type {
  CreateUserInput,
  CreateOrganizationInput,
  CreateTeamInput,
} from './AccountsStore';
export type {
  CreateRepositoryInput,
  RepositoryUpdate,
} from './RepositoriesStore';
export type {
  CommitIdentityInput,
  FileChangeInput,
  WriteCommitInput,
  CommitToBranchInput,
} from './GitDataStore';
export type { CreateIssueInput, IssueFilter } from './IssuesStore';
export type {
  CreatePullRequestInput,
  PullRequestView,
} from './PullRequestsStore';
export type { CreateReviewInput, ReviewEvent } from './ReviewsStore';
export type { MergePullRequestInput } from './PullRequestMerger';
export type {
  CreateDeploymentInput,
  CreateDeploymentStatusInput,
} from './DeploymentsStore';
export type { CreateWorkflowRunInput } from './ActionsStore';
export type { CreateReleaseInput } from './ReleasesStore';
export type { GitRepository } from './git/GitRepository';
export type { GitCommit, GitSignature, GitTreeEntry } from './git/objects';
export type { FileChange } from './git/diff';
export * from './types';
