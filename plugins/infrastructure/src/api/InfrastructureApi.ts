import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  ClaimRequest,
  DatabaseStatus,
  DeleteRequest,
  DryRunResult,
  Environment,
  ResizeRequest,
  TaskStarted,
  XrdSummary,
} from '@callboard/plugin-infrastructure-common';

/** A team the signed-in user may provision for, with its namespaces. */
export type TeamChoice = {
  /** Group entity ref. */
  ref: string;
  namespaces: string[];
  /** How the catalog names the group (its title or display name); set by the page, not the backend. */
  title?: string;
};

/** The infrastructure backend, called with the signed-in user's identity. */
export interface InfrastructureApi {
  environments(): Promise<Environment[]>;
  /** The user's teams; `anyTeam` when they may provision for every team (admins, who get every team). */
  teams(): Promise<{ teams: TeamChoice[]; anyTeam: boolean }>;
  /** The self-service XRDs of an environment's cluster, schema read live. */
  apis(environment: string): Promise<XrdSummary[]>;
  /** Every guard and the API server's `dryRun=All`; nothing is created. */
  dryRun(request: ClaimRequest): Promise<DryRunResult>;
  /** Live status, and which parameter holds the storage (the backend's config decides). */
  status(entityRef: string): Promise<DatabaseStatus>;
  /** Starts the provisioning template's resize as the caller; refused early when storage would shrink. */
  resize(request: ResizeRequest): Promise<TaskStarted>;
  /** Starts the provisioning template's delete as the caller; needs the name typed again. */
  remove(request: DeleteRequest): Promise<TaskStarted>;
}

export const infrastructureApiRef = createApiRef<InfrastructureApi>({
  id: 'plugin.infrastructure.api',
});
