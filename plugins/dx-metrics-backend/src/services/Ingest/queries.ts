import type { RepositoryBatchQuery } from '@callboard/github';

/** Identity of a repository: GitHub keeps the database id across renames. */
export const REPOSITORY_IDENTITY: RepositoryBatchQuery = {
  operationName: 'DxRepositoryIdentity',
  selection: 'databaseId nameWithOwner url createdAt defaultBranchRef { name }',
};

export interface RepositoryIdentityNode {
  databaseId: number;
  nameWithOwner: string;
  url: string;
  createdAt: string;
  defaultBranchRef: { name: string } | null;
}

/** Default-branch history, newest first, a page at a time. */
export const COMMIT_HISTORY: RepositoryBatchQuery = {
  operationName: 'DxCommitHistory',
  variables: { after: 'String', since: 'GitTimestamp' },
  selection: `databaseId nameWithOwner defaultBranchRef { target { ... on Commit {
    history(first: 100, after: $after, since: $since) {
      pageInfo { hasNextPage endCursor }
      nodes { oid message authoredDate committedDate author { user { login } } }
    } } } }`,
};

export interface CommitHistoryNode {
  databaseId: number;
  nameWithOwner: string;
  defaultBranchRef: {
    target: {
      history: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: Array<{
          oid: string;
          message: string;
          authoredDate: string;
          committedDate: string;
          author: { user: { login: string } | null } | null;
        }>;
      };
    };
  } | null;
}

/** Pull requests with their commits and reviews, most recently updated first. */
export const PULL_REQUESTS: RepositoryBatchQuery = {
  operationName: 'DxPullRequests',
  variables: { after: 'String' },
  selection: `databaseId nameWithOwner pullRequests(first: 25, after: $after, orderBy: { field: UPDATED_AT, direction: DESC }) {
    pageInfo { hasNextPage endCursor }
    nodes {
      number title url createdAt updatedAt mergedAt headRefName
      author { login }
      mergeCommit { oid }
      labels(first: 20) { nodes { name } }
      commits(first: 100) { nodes { commit { oid authoredDate message } } }
      reviews(first: 10) { nodes { submittedAt author { login } } }
    } }`,
};

export interface PullRequestNode {
  number: number;
  title: string;
  url: string;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  headRefName: string;
  author: { login: string } | null;
  mergeCommit: { oid: string } | null;
  labels: { nodes: Array<{ name: string }> };
  commits: {
    nodes: Array<{
      commit: { oid: string; authoredDate: string; message: string };
    }>;
  };
  reviews: {
    nodes: Array<{
      submittedAt: string | null;
      author: { login: string } | null;
    }>;
  };
}

export interface PullRequestsNode {
  databaseId: number;
  nameWithOwner: string;
  pullRequests: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: PullRequestNode[];
  };
}

/** Deployments with their latest status, newest first. */
export const DEPLOYMENTS: RepositoryBatchQuery = {
  operationName: 'DxDeployments',
  variables: { after: 'String' },
  selection: `databaseId nameWithOwner deployments(first: 50, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
    pageInfo { hasNextPage endCursor }
    nodes {
      databaseId environment createdAt payload
      commit { oid }
      latestStatus { state createdAt }
      statuses(last: 10) { nodes { state createdAt } }
    } }`,
};

export interface DeploymentNode {
  databaseId: number;
  environment: string;
  createdAt: string;
  payload: string | null;
  commit: { oid: string } | null;
  latestStatus: { state: string; createdAt: string } | null;
  /**
   * Read when the latest status is INACTIVE, to find the success it superseded: the newest ten
   * (statuses list oldest first), so progress reports before the success do not push it out.
   */
  statuses?: { nodes: Array<{ state: string; createdAt: string }> };
}

export interface DeploymentsNode {
  databaseId: number;
  nameWithOwner: string;
  deployments: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: DeploymentNode[];
  };
}

/** The golden-path signals at the default branch head: the template lock file and the workflows. */
export const ADOPTION_FILES: RepositoryBatchQuery = {
  operationName: 'DxAdoptionFiles',
  selection: `databaseId nameWithOwner
    lock: object(expression: "HEAD:.callboard/template.json") { ... on Blob { text } }
    workflows: object(expression: "HEAD:.github/workflows") { ... on Tree { entries { name object { ... on Blob { text } } } } }`,
};

export interface AdoptionFilesNode {
  databaseId: number;
  nameWithOwner: string;
  lock: { text: string | null } | null;
  workflows: {
    entries: Array<{ name: string; object: { text?: string | null } | null }>;
  } | null;
}
