import type {
  AuditorService,
  AuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  claimRequestSchema,
  FIELD_MANAGER,
  infrastructureClaimDeletePermission,
  infrastructureClaimUpdatePermission,
} from '@callboard/plugin-infrastructure-common';
import {
  ClaimPlan,
  ClaimPlanner,
  inCluster,
  kubeStatusOf,
  parseClaimRequest,
  TeamAccess,
} from '@callboard/plugin-infrastructure-node';
import { PatchStrategy } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { stringify as stringifyYaml } from 'yaml';
import { examples } from './claimAction.examples';
import { planOperation } from './operations';
import { waitForDeletion, waitForReady } from './waitForClaim';

export const CLAIM_ACTION_ID = 'callboard:infrastructure:claim';

export interface ClaimActionOptions {
  planner: ClaimPlanner;
  teams: TeamAccess;
  permissions: PermissionsService;
  auth: AuthService;
  auditor: AuditorService;
}

function claimPath(plan: ClaimPlan): string {
  return plan.environment.claimPath
    .replace('{namespace}', plan.claim.metadata.namespace)
    .replace('{name}', plan.claim.metadata.name);
}

/** The YAML committed to the infrastructure repository: what a GitOps tool applies. */
function claimYaml(plan: ClaimPlan): string {
  return stringifyYaml(plan.claim);
}

function fingerprint(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value))
    .digest('hex')
    .slice(0, 16);
}

/**
 * `callboard:infrastructure:claim`: creates, resizes or deletes a database
 * claim (or Crossplane v2 namespaced composite) after every guard, either
 * directly (server-side apply as `callboard`, then waiting for Synced and
 * Ready) or by handing a pull request to `callboard:github:pull-request`.
 */
export function createClaimAction(options: ClaimActionOptions) {
  const { planner, teams, permissions, auth, auditor } = options;
  const shape = claimRequestSchema.shape;
  return createTemplateAction({
    id: CLAIM_ACTION_ID,
    description:
      "Creates, resizes or deletes a self-service database claim in an environment's cluster: server-side apply and wait for Ready (direct), or a claim file for callboard:github:pull-request (pull request). Refuses, creating nothing, what the caller's team may not do.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        operation: z =>
          z
            .enum(['create', 'resize', 'delete'], {
              description:
                "'create' (or update), 'resize' (storage only grows) or 'delete' (needs confirmName)",
            })
            .default('create'),
        // Types and descriptions for the template editor; claimRequestSchema
        // (shared with the form's dry run) is what validates, in the handler.
        environment: z =>
          z.string({ description: shape.environment.description }),
        kind: z => z.string({ description: shape.kind.description }),
        apiVersion: z =>
          z.string({ description: shape.apiVersion.description }).optional(),
        team: z => z.string({ description: shape.team.description }),
        component: z => z.string({ description: shape.component.description }),
        namespace: z => z.string({ description: shape.namespace.description }),
        name: z => z.string({ description: shape.name.description }),
        parameters: z =>
          z
            .record(z.unknown(), { description: shape.parameters.description })
            .optional(),
        newComponentSystem: z =>
          z
            .string({ description: shape.newComponentSystem.description })
            .optional(),
        confirmName: z =>
          z
            .string({
              description:
                'For delete: the name again, typed by the person deleting',
            })
            .optional(),
      },
      output: {
        mode: z =>
          z.enum(['direct', 'pullRequest'], {
            description: "How the environment's changes are delivered",
          }),
        result: z =>
          z.enum(['ready', 'deleted', 'proposed', 'validated'], {
            description:
              "'ready' or 'deleted' (direct), 'proposed' (pull request mode: hand `pullRequest` to callboard:github:pull-request), 'validated' (dry run)",
          }),
        entityRef: z =>
          z.string({ description: 'The catalog Resource the claim becomes' }),
        cluster: z => z.string({ description: 'The cluster it lives in' }),
        claim: z =>
          z.string({ description: 'The applied (or proposed) object as YAML' }),
        conditions: z =>
          z
            .array(
              z.object({
                type: z.string({ description: 'Condition type' }),
                status: z.string({ description: 'True, False or Unknown' }),
                reason: z
                  .string({ description: 'Machine-readable reason' })
                  .optional(),
                message: z
                  .string({ description: 'Human-readable message' })
                  .optional(),
              }),
              { description: 'Synced and Ready as last seen (direct mode)' },
            )
            .optional(),
        pullRequest: z =>
          z
            .object(
              {
                repoUrl: z.string({ description: 'Infrastructure repository' }),
                branchName: z.string({ description: 'Branch to propose from' }),
                title: z.string({ description: 'Pull request title' }),
                description: z.string({ description: 'Pull request body' }),
                files: z.array(
                  z.object({
                    path: z.string({ description: 'Claim file path' }),
                    content: z.string({ description: 'Claim YAML' }),
                  }),
                  { description: 'Files to write' },
                ),
                deletions: z.array(z.string(), {
                  description: 'Files to delete',
                }),
              },
              {
                description:
                  'Pull request mode: the input for callboard:github:pull-request',
              },
            )
            .optional(),
      },
    },

    async handler(ctx) {
      const { operation: given, confirmName, ...request } = ctx.input;
      // Templates pass an unset parameter as undefined; the schema's default is not applied.
      const operation = given ?? 'create';
      const credentials = await ctx.getInitiatorCredentials();
      if (!auth.isPrincipal(credentials, 'user')) {
        throw new NotAllowedError(
          'Only a signed-in user can provision infrastructure',
        );
      }
      const requestedBy = credentials.principal.userEntityRef;
      const entityRef = `resource:default/${request.name}`;
      const audit = await auditor.createEvent({
        eventId: 'infrastructure-claim',
        severityLevel: operation === 'delete' ? 'high' : 'medium',
        meta: {
          operation,
          environment: request.environment,
          kind: request.kind,
          namespace: request.namespace,
          name: request.name,
          team: request.team,
          requestedBy,
          taskId: ctx.task.id,
          dryRun: Boolean(ctx.isDryRun),
        },
      });
      try {
        if (operation !== 'create') {
          const permission =
            operation === 'delete'
              ? infrastructureClaimDeletePermission
              : infrastructureClaimUpdatePermission;
          const [decision] = await permissions.authorize(
            [{ permission, resourceRef: entityRef }],
            { credentials },
          );
          if (decision.result !== AuthorizeResult.ALLOW) {
            throw new NotAllowedError(
              `You may not ${operation} '${entityRef}'; nothing was changed`,
            );
          }
        }
        const plan = await planOperation({
          operation,
          request: parseClaimRequest(request),
          confirmName,
          planner,
          teams,
          credentials,
          requestedBy,
          taskId: ctx.task.id,
        });
        const cluster = plan.environment.cluster;
        ctx.output('mode', plan.environment.delivery);
        ctx.output('entityRef', entityRef);
        ctx.output('cluster', cluster);
        ctx.output('claim', claimYaml(plan));

        if (operation !== 'delete') {
          const verdict = await planner.dryRun(plan);
          if (!verdict.valid) {
            const conflict = /^Apply failed with \d+ conflicts?/.test(
              verdict.message ?? '',
            );
            throw new ConflictError(
              `Cluster '${cluster}' refuses ${plan.claim.kind} '${
                request.name
              }': ${verdict.message}${
                conflict
                  ? '. Callboard never forces over another owner; ask them to release the field'
                  : ''
              }; nothing was created`,
            );
          }
        }
        if (ctx.isDryRun && plan.environment.delivery === 'direct') {
          ctx.logger.info(
            `Dry run: ${operation} ${plan.claim.kind} '${request.namespace}/${request.name}' passes every guard and the API server's dry run`,
          );
          ctx.output('result', 'validated');
          await audit.success({ meta: { result: 'validated' } });
          return;
        }

        // A dry run hands over the pull request too: it writes nothing, and the
        // pull-request step then dry-runs with it.
        if (plan.environment.delivery === 'pullRequest') {
          const path = claimPath(plan);
          const verb = {
            create: 'Provision',
            resize: 'Resize',
            delete: 'Delete',
          }[operation];
          ctx.output('pullRequest', {
            repoUrl: plan.environment.repoUrl!,
            branchName: `callboard/${operation}-${request.namespace}-${request.name}`,
            title: `${verb} ${plan.claim.kind} ${request.namespace}/${request.name} in ${plan.environment.name}`,
            description: [
              `${verb} \`${request.name}\` (${plan.claim.kind}) in namespace \`${request.namespace}\` of cluster \`${cluster}\` for \`${plan.claim.metadata.labels['callboard.dev/owner']}\`.`,
              '',
              `Requested by \`${requestedBy}\` through Callboard task \`${ctx.task.id}\`. The API server accepted it in a server-side dry run.`,
            ].join('\n'),
            files:
              operation === 'delete'
                ? []
                : [{ path, content: claimYaml(plan) }],
            deletions: operation === 'delete' ? [path] : [],
          });
          const result = ctx.isDryRun ? 'validated' : 'proposed';
          ctx.output('result', result);
          ctx.logger.info(
            `Pull request mode: ${path} goes to ${plan.environment.repoUrl}; the cluster applies it once merged`,
          );
          await audit.success({ meta: { result, path } });
          return;
        }

        const ref = {
          apiVersion: plan.claim.apiVersion,
          kind: plan.claim.kind,
          name: plan.claim.metadata.name,
          namespace: plan.claim.metadata.namespace,
        };
        const waitOptions = {
          objects: plan.objects,
          cluster,
          ref,
          pollIntervalMs: planner.config.pollIntervalMs,
          timeoutMs: planner.config.readyTimeoutMs,
          logger: ctx.logger,
          signal: ctx.signal,
          connectionSecretKeys: plan.api.connectionSecretKeys,
        };
        const key = `${operation}:${cluster}:${ref.namespace}/${
          ref.name
        }:${fingerprint(plan.claim.spec)}`;
        if (operation === 'delete') {
          await ctx.checkpoint({
            key,
            fn: async () => {
              await inCluster(cluster, () => plan.objects.delete(plan.claim));
              ctx.logger.info(
                `Deleted ${ref.kind} '${ref.namespace}/${ref.name}'`,
              );
            },
          });
          await waitForDeletion(waitOptions);
          ctx.output('result', 'deleted');
          await audit.success({ meta: { result: 'deleted' } });
          return;
        }
        await ctx.checkpoint({
          key,
          fn: async () => {
            try {
              await inCluster(cluster, () =>
                plan.objects.patch(
                  plan.claim,
                  undefined,
                  undefined,
                  FIELD_MANAGER,
                  false,
                  PatchStrategy.ServerSideApply,
                ),
              );
            } catch (error) {
              const status = kubeStatusOf(error);
              if (status?.code === 409) {
                throw new ConflictError(
                  `${status.message}. Callboard never forces over another owner; ask them to release the field`,
                );
              }
              throw error;
            }
            ctx.logger.info(
              `Applied ${ref.kind} '${ref.namespace}/${ref.name}' to cluster '${cluster}' as field manager '${FIELD_MANAGER}'`,
            );
          },
        });
        const { synced, ready } = await waitForReady(waitOptions);
        ctx.output('conditions', [synced, ready]);
        ctx.output('result', 'ready');
        await audit.success({ meta: { result: 'ready' } });
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    },
  });
}
