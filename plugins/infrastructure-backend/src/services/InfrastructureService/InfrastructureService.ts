import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ClaimRequest,
  DatabaseStatus,
  DeleteRequest,
  DryRunResult,
  Environment,
  ResizeRequest,
  TaskStarted,
  XrdSchemaQuery,
  XrdSummary,
} from '@callboard/plugin-infrastructure-common';

export interface TeamChoice {
  /** Group entity ref. */
  ref: string;
  /** Namespaces the team may provision into. */
  namespaces: string[];
}

/** What the infrastructure HTTP API offers, each call on behalf of the caller. */
export interface InfrastructureService {
  environments(credentials: BackstageCredentials): Promise<Environment[]>;
  teams(
    credentials: BackstageCredentials,
  ): Promise<{ teams: TeamChoice[]; anyTeam: boolean }>;
  apis(
    environment: string,
    credentials: BackstageCredentials,
  ): Promise<XrdSummary[]>;
  /** One self-service API with its `spec.parameters` schema, read live. */
  api(
    query: XrdSchemaQuery,
    credentials: BackstageCredentials,
  ): Promise<XrdSummary>;
  dryRun(
    request: ClaimRequest,
    credentials: BackstageCredentials,
  ): Promise<DryRunResult>;
  status(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<DatabaseStatus>;
  /** Checks what can be checked at once, then starts the template's resize. */
  resize(
    request: ResizeRequest,
    credentials: BackstageCredentials,
  ): Promise<TaskStarted>;
  /** Checks the typed name and ownership, then starts the template's delete. */
  remove(
    request: DeleteRequest,
    credentials: BackstageCredentials,
  ): Promise<TaskStarted>;
}
