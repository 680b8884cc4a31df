import { z } from 'zod';
import type { DoraBand } from './bands';
import type { DxFigureKey } from './figures';

/** The windows the API answers for, in days. */
export const DX_WINDOWS = [7, 30, 90] as const;
export type DxWindow = (typeof DX_WINDOWS)[number];

export const dxWindowSchema = z
  .enum(['7', '30', '90'], {
    errorMap: () => ({ message: 'expected 7, 30 or 90 (days)' }),
  })
  .default('30')
  .transform(value => Number(value) as DxWindow)
  .describe('The window in days, ending now');

/** `?window=30` for figures. */
export const dxFiguresQuerySchema = z
  .object({ window: dxWindowSchema })
  .strict();

export const dxDrillDownKinds = [
  'deployments',
  'pull-requests',
  'incidents',
] as const;
export type DxDrillDownKind = (typeof dxDrillDownKinds)[number];

/** `?window=30&kind=deployments` for the records behind a figure. */
export const dxDrillDownQuerySchema = z
  .object({
    window: dxWindowSchema,
    kind: z
      .enum(dxDrillDownKinds, {
        errorMap: () => ({
          message: `expected one of ${dxDrillDownKinds.join(', ')}`,
        }),
      })
      .describe('Which records to list'),
  })
  .strict();

/** `/entity/:kind/:namespace/:name` path parameters. */
export const dxEntityParamsSchema = z.object({
  kind: z.string().min(1).describe('Entity kind, e.g. component or group'),
  namespace: z.string().min(1).describe('Entity namespace'),
  name: z.string().min(1).describe('Entity name'),
});

export interface DxTrendPoint {
  /** Start of the bucket (ISO time). Buckets are days for 7-day windows, weeks otherwise. */
  start: string;
  value: number | null;
}

export interface DxFigure {
  key: DxFigureKey;
  /** Null when there is nothing to compute from; `note` then says why. */
  value: number | null;
  band: DoraBand | null;
  /** How many records the value is computed from (deployments, changes, failures). */
  sampleSize: number;
  /** Why a value is missing or must be read with care, e.g. no incident signal. */
  note?: string;
  trend: DxTrendPoint[];
}

/** Which signals exist for an entity, so "no data" never reads as zero. */
export interface DxCoverage {
  repositories: string[];
  /** Where deployments come from: GitHub deployments, workflow runs matched by name, or none. */
  deploymentSource: 'deployments' | 'workflow-runs' | 'none';
  pullRequests: boolean;
  incidents: boolean;
  /** Human-readable notes, shown next to the figures. */
  notes: string[];
  /** When the last ingest pass finished (ISO time); absent before the first. */
  lastIngestAt?: string;
}

/** Medians of the lead-time phases, in hours. */
export interface DxLeadTimeBreakdown {
  coding: number | null;
  pickup: number | null;
  review: number | null;
  deploy: number | null;
  /** Changes the medians are taken over. */
  changes: number;
}

export interface DxEntityFigures {
  entityRef: string;
  title?: string;
  window: DxWindow;
  status: 'ok' | 'no-data';
  /** Why there is no data, e.g. no `github.com/project-slug` annotation. */
  reason?: string;
  figures: Record<DxFigureKey, DxFigure>;
  leadTimeBreakdown: DxLeadTimeBreakdown;
  coverage: DxCoverage;
  /** Bots' changes, counted apart and left out of lead time. */
  botChanges: number;
  computedAt: string;
}

export interface DxTeamFigures extends DxEntityFigures {
  services: DxEntityFigures[];
}

export interface DxOrgGroup {
  entityRef: string;
  title?: string;
  type: string;
  parentRef?: string;
  figures: DxEntityFigures;
}

export interface DxOrgFigures {
  window: DxWindow;
  groups: DxOrgGroup[];
}

export interface DxDeploymentRecord {
  id: string;
  repository: string;
  environment: string;
  sha: string;
  status: 'success' | 'failure';
  at: string;
  failed: boolean;
  failureReasons: string[];
  rework: boolean;
  url: string;
}

export interface DxPullRequestRecord {
  repository: string;
  number: number;
  title: string;
  author: string;
  bot: boolean;
  url: string;
  firstCommitAt: string;
  mergedAt: string | null;
  deployedAt: string | null;
  leadTimeHours: number | null;
}

export interface DxIncidentRecord {
  repository: string;
  number: number;
  title: string;
  url: string;
  openedAt: string;
  closedAt: string | null;
}

export type DxDrillDown =
  | { kind: 'deployments'; items: DxDeploymentRecord[] }
  | { kind: 'pull-requests'; items: DxPullRequestRecord[] }
  | { kind: 'incidents'; items: DxIncidentRecord[] };

export interface DxAdoptionFigures {
  /** Services with the template lock file or the reusable workflow, over all services. */
  goldenPath: {
    adopted: number;
    total: number;
    ratio: number | null;
    services: Array<{
      entityRef: string;
      lockFile: boolean;
      reusableWorkflow: boolean;
      templateVersion: string | null;
    }>;
  };
  /** Services per template version, and how many are behind the newest. */
  templateDrift: {
    latestVersion: string | null;
    versions: Record<string, number>;
    behind: number;
  };
  /** Databases provisioned through the portal, over all claims in the clusters. */
  selfService: {
    viaPortal: number;
    total: number;
    ratio: number | null;
    note?: string;
  };
  /** Hours from a repository's creation to its first successful production deployment. */
  firstDeployment: {
    medianHours: number | null;
    repositories: Array<{
      repository: string;
      createdAt: string;
      firstDeploymentAt: string | null;
    }>;
  };
  scaffolder: {
    tasks: number;
    succeeded: number;
    successRate: number | null;
    medianDurationSeconds: number | null;
    note?: string;
  };
}
