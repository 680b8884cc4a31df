import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  isClusterUnreachable,
  type ClusterObjects,
  type KubernetesClusters,
} from '@callboard/kubernetes-access';
import {
  CLAIM_LABELS,
  ClaimRequest,
  DryRunResult,
  FIELD_MANAGER,
  XrdSummary,
} from '@callboard/plugin-infrastructure-common';
import { PatchStrategy } from '@kubernetes/client-node';
import { fieldErrorsOf, kubeStatusOf } from './apiErrors';
import { buildClaim, ClaimObject } from './claims';
import {
  EnvironmentConfig,
  environmentNamed,
  InfrastructureConfig,
} from './config';
import { SelfServiceApis } from './SelfServiceApis';
import { TeamAccess } from './TeamAccess';

export interface ClaimPlan {
  environment: EnvironmentConfig;
  api: XrdSummary;
  claim: ClaimObject;
  /** A strict (`fieldValidation=Strict`) client for the environment's cluster. */
  objects: ClusterObjects;
  /** The object as it is in the cluster now, if it exists. */
  existing?: ClaimObject;
}

export interface ClaimPlannerOptions {
  config: InfrastructureConfig;
  clusters: KubernetesClusters;
  catalog: CatalogService;
  apis: SelfServiceApis;
  teams: TeamAccess;
}

/**
 * Runs `call` against a cluster; a cluster that cannot be reached becomes a
 * 503 that says nothing was done, never a misleading "not found".
 */
export async function inCluster<T>(
  cluster: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isClusterUnreachable(error)) {
      throw new ServiceUnavailableError(
        `Cluster '${cluster}' cannot be reached (${
          (error as Error).message
        }); nothing was changed`,
      );
    }
    throw error;
  }
}

function environmentNamedOrInput(
  config: InfrastructureConfig,
  name: string,
): EnvironmentConfig {
  try {
    return environmentNamed(config, name);
  } catch (error) {
    if (error instanceof NotFoundError) throw new InputError(error.message);
    throw error;
  }
}

/**
 * Every guard a claim passes before anything is written, shared by the
 * form's dry run and the scaffolder action: the environment exists, the
 * caller may provision for the team in that namespace, the kind is
 * self-service, the component exists, and the name is not another team's.
 */
export class ClaimPlanner {
  constructor(private readonly options: ClaimPlannerOptions) {}

  get config(): InfrastructureConfig {
    return this.options.config;
  }

  /**
   * The environment, the self-service API and the object as it is in the
   * cluster now, without any team checks: what resize and delete look at to
   * learn the owner before deciding.
   */
  async locate(
    request: Pick<
      ClaimRequest,
      'environment' | 'kind' | 'apiVersion' | 'namespace' | 'name'
    >,
  ): Promise<{
    environment: EnvironmentConfig;
    api: XrdSummary;
    objects: ClusterObjects;
    existing?: ClaimObject;
  }> {
    const environment = environmentNamedOrInput(
      this.options.config,
      request.environment,
    );
    const cluster = environment.cluster;
    const api = await inCluster(cluster, () =>
      this.options.apis.find(cluster, request.kind, request.apiVersion),
    );
    const objects = await this.options.clusters.objects(cluster, {
      fieldValidation: 'Strict',
    });
    const existing = await inCluster(cluster, () =>
      this.readExisting(objects, {
        apiVersion: api.apiVersion,
        kind: api.kind,
        name: request.name,
        namespace: request.namespace,
      }),
    );
    return { environment, api, objects, existing };
  }

  async plan(
    request: ClaimRequest,
    context: {
      credentials: BackstageCredentials;
      requestedBy: string;
      taskId?: string;
    },
  ): Promise<ClaimPlan> {
    const { catalog, teams } = this.options;
    // Unknown environments are refused before anyone is asked anything.
    environmentNamedOrInput(this.options.config, request.environment);
    await teams.assertMayProvision({
      credentials: context.credentials,
      team: request.team,
      namespace: request.namespace,
    });
    const componentRef = stringifyEntityRef(
      parseEntityRef(request.component, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
    const component = await catalog.getEntityByRef(componentRef, {
      credentials: context.credentials,
    });
    if (!component && !request.newComponentSystem) {
      throw new InputError(`No component '${componentRef}' in the catalog`);
    }
    const system = component
      ? (component.spec as { system?: string } | undefined)?.system
      : request.newComponentSystem;
    const { environment, api, objects, existing } = await this.locate(request);
    const cluster = environment.cluster;
    const claim = buildClaim(request, api, {
      requestedBy: context.requestedBy,
      taskId: context.taskId,
      system: system
        ? parseEntityRef(system, { defaultKind: 'system' }).name
        : undefined,
    });
    if (existing && !existing.metadata.labels?.[CLAIM_LABELS.provisionedBy]) {
      // Resizing what the platform created by hand does not make it self-service.
      delete claim.metadata.labels[CLAIM_LABELS.provisionedBy];
    }
    const team = claim.metadata.labels[CLAIM_LABELS.owner];
    const holder = existing?.metadata.labels?.[CLAIM_LABELS.owner];
    if (existing && holder !== team) {
      throw new ConflictError(
        `${claim.kind} '${claim.metadata.name}' in namespace '${
          claim.metadata.namespace
        }' on cluster '${cluster}' already belongs to ${
          holder ? `team '${holder}'` : 'no Callboard team'
        }; choose another name`,
      );
    }
    await this.assertNameNotCatalogued(claim, team, context.credentials);
    return { environment, api, claim, objects, existing };
  }

  /** A server-side apply dry run: the API server's verdict, nothing stored. */
  async dryRun(plan: ClaimPlan): Promise<DryRunResult> {
    try {
      await inCluster(plan.environment.cluster, () =>
        plan.objects.patch(
          plan.claim,
          undefined,
          'All',
          FIELD_MANAGER,
          false,
          PatchStrategy.ServerSideApply,
        ),
      );
      return { valid: true, fieldErrors: [] };
    } catch (error) {
      const status = kubeStatusOf(error);
      if (!status || ![400, 409, 422].includes(status.code)) throw error;
      return {
        valid: false,
        message: status.message,
        fieldErrors: fieldErrorsOf(status),
      };
    }
  }

  private async readExisting(
    objects: ClusterObjects,
    ref: { apiVersion: string; kind: string; name: string; namespace: string },
  ): Promise<ClaimObject | undefined> {
    try {
      return (await objects.read({
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        metadata: { name: ref.name, namespace: ref.namespace },
      })) as ClaimObject;
    } catch (error) {
      if (kubeStatusOf(error)?.code === 404) return undefined;
      throw error;
    }
  }

  /** A database name is one catalog Resource: another team's in any cluster blocks it. */
  private async assertNameNotCatalogued(
    claim: ClaimObject,
    team: string,
    credentials: BackstageCredentials,
  ) {
    const entity = await this.options.catalog.getEntityByRef(
      { kind: 'Resource', namespace: 'default', name: claim.metadata.name },
      { credentials },
    );
    const owner = (entity?.spec as { owner?: string } | undefined)?.owner;
    if (
      owner &&
      parseEntityRef(owner, { defaultKind: 'group' }).name !== team
    ) {
      throw new ConflictError(
        `The name '${claim.metadata.name}' is taken: the catalog's resource:default/${claim.metadata.name} belongs to '${owner}'; choose another name`,
      );
    }
  }
}
