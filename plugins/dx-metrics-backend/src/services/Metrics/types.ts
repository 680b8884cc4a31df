/** What the store holds for one repository, as the definitions read it. Times are epoch ms. */
export interface RepositoryHistory {
  /** `owner/name`, current name. */
  repository: string;
  url: string;
  /** When GitHub says the repository was created. */
  createdAt?: number;
  /** Commits on the default branch; `ordinal` grows along its first-parent line. */
  commits: CommitRecord[];
  pullRequests: PullRequestRecord[];
  /** Production deployments that reached a final status. */
  deployments: DeploymentRecord[];
  /** Issues labelled as incidents. */
  incidents: IncidentRecord[];
  /** Whether the repository has ever shown an incident signal (a labelled issue). */
  hasIncidentSignal: boolean;
  deploymentSource: 'deployments' | 'workflow-runs' | 'none';
}

export interface CommitRecord {
  sha: string;
  ordinal: number;
  authoredAt: number;
  committedAt: number;
  message: string;
  author: string | null;
  bot: boolean;
  /** Files the commit touches; null when not fetched (only monorepos need them). */
  paths: string[] | null;
}

export interface PullRequestRecord {
  number: number;
  title: string;
  url: string;
  author: string | null;
  bot: boolean;
  headRef: string;
  labels: string[];
  createdAt: number;
  mergedAt: number | null;
  /** The commit the merge put on the default branch (squash, merge or last rebased commit). */
  mergeSha: string | null;
  commits: Array<{ sha: string; authoredAt: number; message: string }>;
  firstReviewAt: number | null;
  /** Files the pull request touches; null when not fetched. */
  paths: string[] | null;
}

export interface DeploymentRecord {
  id: string;
  environment: string;
  sha: string;
  status: 'success' | 'failure';
  createdAt: number;
  /** When the final status was reported. */
  finishedAt: number;
  /** A component named by the deployment (payload `component`, or `<env>/<component>`). */
  component: string | null;
  url: string;
}

export interface IncidentRecord {
  number: number;
  title: string;
  url: string;
  createdAt: number;
  closedAt: number | null;
}

/** Which part of a repository a component is: all of it, or the paths under a folder. */
export interface ComponentScope {
  name: string;
  /** Folder in the repository, without leading or trailing slash; undefined = whole repository. */
  path?: string;
}

export interface DefinitionOptions {
  /** Count bots' changes in lead time; by default they are counted apart. */
  includeBotsInLeadTime: boolean;
  /** How far back the first known deployment of a repository reaches, in days. */
  firstDeploymentLookbackDays: number;
  /** Labels that make a pull request an unplanned fix. */
  hotfixLabels: string[];
  /** Head-branch prefixes that make a pull request an unplanned fix. */
  hotfixBranchPrefixes: string[];
  /** How long after a deployment an incident still counts against it, in hours. */
  incidentAttributionHours: number;
}

export const DEFAULT_DEFINITION_OPTIONS: DefinitionOptions = {
  includeBotsInLeadTime: false,
  firstDeploymentLookbackDays: 30,
  hotfixLabels: ['hotfix'],
  hotfixBranchPrefixes: ['hotfix/', 'hotfix-'],
  incidentAttributionHours: 24,
};
