import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  CLAIM_LABELS,
  PROVISIONED_BY_PORTAL,
} from '@callboard/plugin-infrastructure-common';
import {
  DEFAULT_DEFINITION_OPTIONS,
  DefinitionOptions,
} from './services/Metrics/types';

/** Everything under `dxMetrics`, read once at start-up (see config.d.ts for the keys). */
export interface DxMetricsConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  backfillDays: number;
  productionEnvironments: string[];
  workflowNamePattern: RegExp;
  incidentLabels: string[];
  bots: string[];
  /** Repositories per batched GraphQL request. */
  batchSize: number;
  webhookSecret?: string;
  /** A workflow file whose text matches this uses the platform's reusable workflow. */
  reusableWorkflowPattern: RegExp;
  /** Label (`key=value`) the portal puts on the database claims it creates. */
  portalClaimLabel: string;
  /** The database kinds the self-service ratio counts in the clusters. */
  databaseKinds: Array<{ apiVersion: string; kind: string }>;
  definitions: DefinitionOptions;
}

export const DEFAULT_BOTS = [
  'dependabot[bot]',
  'renovate[bot]',
  'github-actions[bot]',
];

/** The claim label the portal's provisioning sets (`callboard:infrastructure:claim`). */
export const DEFAULT_PORTAL_CLAIM_LABEL = `${CLAIM_LABELS.provisionedBy}=${PROVISIONED_BY_PORTAL}`;

/** Crossplane v1 PostgreSQL claims and v2 MySQL composites: the databases teams can ask for. */
export const DEFAULT_DATABASE_KINDS = [
  { apiVersion: 'platform.callboard.dev/v1alpha1', kind: 'PostgreSQLInstance' },
  { apiVersion: 'platform.callboard.dev/v1alpha1', kind: 'MySQLInstance' },
];

function readPortalClaimLabel(config: Config | undefined): string {
  const label =
    config?.getOptionalString('adoption.portalClaimLabel') ??
    DEFAULT_PORTAL_CLAIM_LABEL;
  if (!/^[^=\s]+=[^=\s]*$/.test(label)) {
    throw new Error(
      `Invalid config dxMetrics.adoption.portalClaimLabel '${label}': expected key=value, e.g. ${DEFAULT_PORTAL_CLAIM_LABEL}`,
    );
  }
  return label;
}

export function readDxMetricsConfig(root: Config): DxMetricsConfig {
  const config = root.getOptionalConfig('dxMetrics');
  const schedule = config?.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('schedule'),
      )
    : {
        frequency: { minutes: 15 },
        timeout: { minutes: 30 },
        initialDelay: { seconds: 30 },
      };
  const pattern = config?.getOptionalString('workflowNamePattern') ?? '^deploy';
  let workflowNamePattern: RegExp;
  try {
    workflowNamePattern = new RegExp(pattern, 'i');
  } catch (error) {
    throw new Error(
      `Invalid config dxMetrics.workflowNamePattern '${pattern}': ${
        (error as Error).message
      }`,
    );
  }
  const lookback = config?.has('firstDeploymentLookback')
    ? durationToMilliseconds(
        readDurationFromConfig(config, { key: 'firstDeploymentLookback' }),
      ) / 86_400_000
    : DEFAULT_DEFINITION_OPTIONS.firstDeploymentLookbackDays;
  const batchSize = config?.getOptionalNumber('batchSize') ?? 10;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50) {
    throw new Error(
      `Invalid config dxMetrics.batchSize '${batchSize}': expected a whole number from 1 to 50`,
    );
  }
  return {
    schedule,
    backfillDays: config?.getOptionalNumber('backfillDays') ?? 90,
    productionEnvironments: config?.getOptionalStringArray(
      'productionEnvironments',
    ) ?? ['production', 'prod'],
    workflowNamePattern,
    incidentLabels: config?.getOptionalStringArray('incidentLabels') ?? [
      'incident',
    ],
    bots: config?.getOptionalStringArray('bots') ?? DEFAULT_BOTS,
    batchSize,
    webhookSecret: config?.getOptionalString('webhooks.secret'),
    reusableWorkflowPattern: new RegExp(
      config?.getOptionalString('adoption.reusableWorkflowPattern') ??
        'uses:\\s*[\\w.-]+/platform-workflows/\\.github/workflows/',
    ),
    portalClaimLabel: readPortalClaimLabel(config),
    databaseKinds: config?.has('adoption.databaseKinds')
      ? config.getConfigArray('adoption.databaseKinds').map(kind => ({
          apiVersion: kind.getString('apiVersion'),
          kind: kind.getString('kind'),
        }))
      : DEFAULT_DATABASE_KINDS,
    definitions: {
      includeBotsInLeadTime:
        config?.getOptionalBoolean('includeBotsInLeadTime') ??
        DEFAULT_DEFINITION_OPTIONS.includeBotsInLeadTime,
      firstDeploymentLookbackDays: lookback,
      hotfixLabels:
        config?.getOptionalStringArray('hotfixLabels') ??
        DEFAULT_DEFINITION_OPTIONS.hotfixLabels,
      hotfixBranchPrefixes: DEFAULT_DEFINITION_OPTIONS.hotfixBranchPrefixes,
      incidentAttributionHours:
        DEFAULT_DEFINITION_OPTIONS.incidentAttributionHours,
    },
  };
}

/** A bot: a configured login, or any GitHub App account (`…[bot]`). */
export function isBot(config: DxMetricsConfig, login: string | null): boolean {
  return !!login && (config.bots.includes(login) || login.endsWith('[bot]'));
}
