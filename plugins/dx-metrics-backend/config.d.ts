import { HumanDuration } from '@backstage/types';
import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Callboard's DX metrics (plugins/dx-metrics-backend/README.md). */
  dxMetrics?: {
    /** When the ingest pass runs. Default: every 15 minutes, 30-minute timeout. */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /** How far back the first ingest of a repository reaches, in days. Default 90. */
    backfillDays?: number;
    /** Environments that count as production; `<env>/<component>` names a monorepo's component. Default [production, prod]. */
    productionEnvironments?: string[];
    /** Case-insensitive regexp of workflow names that deploy to production, for repositories without GitHub deployments. Default '^deploy'. */
    workflowNamePattern?: string;
    /** Issue labels that mark an incident. Default [incident]. */
    incidentLabels?: string[];
    /** Pull-request labels that mark an unplanned fix. Default [hotfix]. */
    hotfixLabels?: string[];
    /** Logins counted as bots besides any `…[bot]` account. Default dependabot, renovate, github-actions. */
    bots?: string[];
    /** Count bots' changes in lead time. Default false. */
    includeBotsInLeadTime?: boolean;
    /** How far back the first known deployment of a repository reaches for lead time. Default 30 days. */
    firstDeploymentLookback?: HumanDuration;
    /** Repositories per batched GraphQL request, 1–50. Default 10. */
    batchSize?: number;
    adoption?: {
      /** Regexp a workflow file must match to use the platform's reusable workflow. Default `uses:\s*<org>/platform-workflows/.github/workflows/`. */
      reusableWorkflowPattern?: string;
      /** `key=value` label the portal puts on the database claims it creates. Default `callboard.dev/provisioned-by=portal`. */
      portalClaimLabel?: string;
      /** Database kinds the self-service ratio counts in every cluster. Default PostgreSQLInstance and MySQLInstance of platform.callboard.dev/v1alpha1. */
      databaseKinds?: Array<{ apiVersion: string; kind: string }>;
    };
    webhooks?: {
      /**
       * The secret GitHub signs webhook deliveries with (X-Hub-Signature-256). Without it the
       * webhook endpoint refuses every delivery.
       * @visibility secret
       */
      secret?: string;
    };
  };
}
