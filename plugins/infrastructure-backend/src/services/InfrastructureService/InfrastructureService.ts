import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ClaimRequest,
  ClaimStatus,
  DryRunResult,
  Environment,
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
  dryRun(
    request: ClaimRequest,
    credentials: BackstageCredentials,
  ): Promise<DryRunResult>;
  status(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<ClaimStatus>;
}
