import {
  CommitRecord,
  DeploymentRecord,
  IncidentRecord,
  PullRequestRecord,
  RepositoryHistory,
} from '../services/Metrics/types';

export interface StoredRepository {
  id: number;
  fullName: string;
  url: string;
  defaultBranch: string;
  createdAt: number | null;
  status: 'active' | 'not-found';
}

export interface SlugResolution {
  slug: string;
  repositoryId: number | null;
  status: 'found' | 'not-found';
  reason: string | null;
}

/** Golden-path signals of one repository at its default branch head. */
export interface AdoptionRecord {
  repositoryId: number;
  lockFile: boolean;
  templateName: string | null;
  templateVersion: string | null;
  reusableWorkflow: boolean;
  checkedAt: number;
}

/** Cursor kinds: where each ingest stream of a repository stopped. */
export type CursorKind =
  | 'commits'
  | 'pulls'
  | 'deployments'
  | 'incidents'
  | 'runs'
  | 'probe:commits'
  | 'probe:pulls'
  | 'probe:deployments';

/** The plugin's events, stored by GitHub ids so that every write is an idempotent upsert. */
export interface DxStore {
  upsertRepository(repository: StoredRepository): Promise<void>;
  getRepository(id: number): Promise<StoredRepository | undefined>;
  setSlugResolution(resolution: SlugResolution): Promise<void>;
  getSlugResolutions(slugs: string[]): Promise<Map<string, SlugResolution>>;

  /** Adds commits to the default branch's end (or refreshes known ones). */
  upsertCommits(repositoryId: number, commits: CommitRecord[]): Promise<void>;
  /** Default-branch commits by sha, among the given ones. */
  knownCommits(
    repositoryId: number,
    shas: string[],
  ): Promise<Map<string, { ordinal: number; onDefaultBranch: boolean }>>;
  /** The highest ordinal given so far (0 when none). */
  maxOrdinal(repositoryId: number): Promise<number>;
  /** A force push dropped these commits from the default branch. */
  dropCommitsAbove(repositoryId: number, ordinal: number): Promise<number>;

  upsertPullRequests(
    repositoryId: number,
    pulls: Array<PullRequestRecord & { updatedAt: number }>,
  ): Promise<void>;
  upsertDeployments(
    repositoryId: number,
    deployments: DeploymentRecord[],
  ): Promise<void>;
  upsertIncidents(
    repositoryId: number,
    incidents: IncidentRecord[],
  ): Promise<void>;

  getCursor(
    repositoryId: number,
    kind: CursorKind,
  ): Promise<string | undefined>;
  setCursor(
    repositoryId: number,
    kind: CursorKind,
    value: string,
  ): Promise<void>;

  hasDelivery(deliveryId: string): Promise<boolean>;
  /** Records a webhook delivery; false when it was applied before. */
  claimDelivery(
    deliveryId: string,
    event: string,
    at: number,
  ): Promise<boolean>;

  upsertAdoption(records: AdoptionRecord[]): Promise<void>;
  getAdoption(repositoryIds: number[]): Promise<Map<number, AdoptionRecord>>;

  getState(key: string): Promise<string | undefined>;
  setState(key: string, value: string): Promise<void>;

  /** Grows with every change to the events, so cached figures know they are stale. */
  dataVersion(): Promise<number>;
  bumpDataVersion(): Promise<void>;

  loadHistory(repositoryId: number): Promise<RepositoryHistory | undefined>;
  /** Many histories in a few queries; repositories not stored are absent from the map. */
  loadHistories(
    repositoryIds: number[],
  ): Promise<Map<number, RepositoryHistory>>;
  /** Counts per table, for tests and the benchmark. */
  counts(): Promise<Record<string, number>>;
}
