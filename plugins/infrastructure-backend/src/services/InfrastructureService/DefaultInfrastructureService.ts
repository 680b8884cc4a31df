import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { KubernetesClusters } from '@callboard/kubernetes-access';
import {
  CLAIM_ANNOTATIONS,
  ClaimRequest,
  DatabaseStatus,
  DeleteRequest,
  DryRunResult,
  ENTITY_ANNOTATIONS,
  Environment,
  infrastructureClaimDeletePermission,
  infrastructureClaimUpdatePermission,
  infrastructureSchemaReadPermission,
  infrastructureStatusReadPermission,
  ResizeRequest,
  TaskStarted,
  XrdSchemaQuery,
  XrdSummary,
  parameterTitle,
} from '@callboard/plugin-infrastructure-common';
import {
  ClaimPlanner,
  environmentNamed,
  inCluster,
  InfrastructureConfig,
  readClaimStatus,
  SelfServiceApis,
  TeamAccess,
} from '@callboard/plugin-infrastructure-node';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type { ScaffolderTasks } from '../ScaffolderTasks';
import { InfrastructureService, TeamChoice } from './InfrastructureService';

/** Where a catalogued database lives, from the annotations the entity provider wrote. */
interface CatalogedClaim {
  ref: string;
  cluster: string;
  environment: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  owner: string;
  component: string;
}

export interface DefaultInfrastructureServiceOptions {
  config: InfrastructureConfig;
  clusters: KubernetesClusters;
  catalog: CatalogService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  auth: AuthService;
  tasks: ScaffolderTasks;
}

export class DefaultInfrastructureService implements InfrastructureService {
  private readonly apisByCluster: SelfServiceApis;
  private readonly teamAccess: TeamAccess;
  private readonly planner: ClaimPlanner;

  constructor(private readonly options: DefaultInfrastructureServiceOptions) {
    this.apisByCluster = new SelfServiceApis(
      options.clusters,
      options.config.selfServiceLabel,
    );
    this.teamAccess = new TeamAccess({
      catalog: options.catalog,
      permissions: options.permissions,
      userInfo: options.userInfo,
      reservedNamespaces: options.config.reservedNamespaces,
    });
    this.planner = new ClaimPlanner({
      config: options.config,
      clusters: options.clusters,
      catalog: options.catalog,
      apis: this.apisByCluster,
      teams: this.teamAccess,
    });
  }

  async environments(
    credentials: BackstageCredentials,
  ): Promise<Environment[]> {
    await this.assertMayRead(credentials);
    return this.options.config.environments.map(
      ({ name, title, cluster, delivery }) => ({
        name,
        title,
        cluster,
        delivery,
      }),
    );
  }

  async teams(
    credentials: BackstageCredentials,
  ): Promise<{ teams: TeamChoice[]; anyTeam: boolean }> {
    await this.assertMayRead(credentials);
    const { teams, anyTeam } = await this.teamAccess.teamsOf(credentials);
    const choices = await Promise.all(
      teams.map(async ref => ({
        ref,
        namespaces: await this.teamAccess.namespacesOf(ref, credentials),
      })),
    );
    return {
      teams: choices.sort((a, b) => a.ref.localeCompare(b.ref)),
      anyTeam,
    };
  }

  async apis(
    environment: string,
    credentials: BackstageCredentials,
  ): Promise<XrdSummary[]> {
    await this.assertMayRead(credentials);
    const { cluster } = this.environmentOrInput(environment);
    return inCluster(cluster, () => this.apisByCluster.list(cluster));
  }

  async api(
    query: XrdSchemaQuery,
    credentials: BackstageCredentials,
  ): Promise<XrdSummary> {
    await this.assertMayRead(credentials);
    const { cluster } = this.environmentOrInput(query.environment);
    return inCluster(cluster, () =>
      this.apisByCluster.find(cluster, query.kind, query.apiVersion),
    );
  }

  async dryRun(
    request: ClaimRequest,
    credentials: BackstageCredentials,
  ): Promise<DryRunResult> {
    const requestedBy = await this.userRef(credentials);
    const plan = await this.planner.plan(request, { credentials, requestedBy });
    return this.planner.dryRun(plan);
  }

  async status(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<DatabaseStatus> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) throw new NotFoundError(`No entity '${entityRef}'`);
    const ref = stringifyEntityRef(entity);
    const [decision] = await this.options.permissions.authorize(
      [{ permission: infrastructureStatusReadPermission, resourceRef: ref }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You may not read the status of '${ref}'`);
    }
    const annotations = entity.metadata.annotations ?? {};
    const cluster = annotations[ENTITY_ANNOTATIONS.cluster];
    const kind = annotations[ENTITY_ANNOTATIONS.kind];
    const apiVersion = annotations[ENTITY_ANNOTATIONS.apiVersion];
    const name = annotations[ENTITY_ANNOTATIONS.name];
    if (!cluster || !kind || !apiVersion || !name) {
      throw new InputError(
        `'${ref}' has no ${ENTITY_ANNOTATIONS.cluster}, ${ENTITY_ANNOTATIONS.kind}, ${ENTITY_ANNOTATIONS.apiVersion} and ${ENTITY_ANNOTATIONS.name} annotations: it was not provisioned through Callboard`,
      );
    }
    const namespace = annotations[ENTITY_ANNOTATIONS.namespace];
    return inCluster(cluster, async () => {
      const xrd = (await this.apisByCluster.list(cluster)).find(
        api => api.kind === kind && api.apiVersion === apiVersion,
      );
      const status = await readClaimStatus({
        objects: await this.options.clusters.objects(cluster),
        cluster,
        environment: annotations[ENTITY_ANNOTATIONS.environment],
        ref: { apiVersion, kind, name, namespace },
        connectionSecretKeys: xrd?.connectionSecretKeys ?? [],
      });
      if (!status) {
        throw new NotFoundError(
          `${kind} '${name}'${
            namespace ? ` in namespace '${namespace}'` : ''
          } is not in cluster '${cluster}' (any more)`,
        );
      }
      const parameter = this.options.config.storageParameter;
      const current = Number(status.parameters[parameter]);
      return {
        ...status,
        storage: {
          parameter,
          title: parameterTitle(xrd?.parametersSchema ?? {}, parameter),
          current: Number.isFinite(current) ? current : undefined,
        },
      };
    });
  }

  async resize(
    request: ResizeRequest,
    credentials: BackstageCredentials,
  ): Promise<TaskStarted> {
    const claim = await this.catalogedClaim(
      request.entityRef,
      infrastructureClaimUpdatePermission,
      'resize',
      credentials,
    );
    const storage = this.options.config.storageParameter;
    const { existing, environment } = await this.planner.locate(claim);
    if (!existing) {
      throw new NotFoundError(
        `${claim.kind} '${claim.namespace}/${claim.name}' is not in cluster '${claim.cluster}'; nothing to resize`,
      );
    }
    const current = Number(
      (existing.spec as { parameters?: Record<string, unknown> })?.parameters?.[
        storage
      ],
    );
    if (Number.isFinite(current) && request.storage <= current) {
      throw new InputError(
        request.storage < current
          ? `Resize down refused: ${storage} ${request.storage} is below the current ${current}; storage only grows`
          : `${storage} is already ${current}; a resize must grow it`,
      );
    }
    const { taskId } = await this.options.tasks.start({
      templateRef: this.options.config.templateRef,
      values: {
        ...this.taskValues(claim),
        operation: 'resize',
        parameters: { [storage]: request.storage },
      },
      credentials,
    });
    return { taskId, operation: 'resize', delivery: environment.delivery };
  }

  async remove(
    request: DeleteRequest,
    credentials: BackstageCredentials,
  ): Promise<TaskStarted> {
    const claim = await this.catalogedClaim(
      request.entityRef,
      infrastructureClaimDeletePermission,
      'delete',
      credentials,
    );
    if (request.confirmName !== claim.name) {
      throw new InputError(
        `Deleting '${claim.name}' needs its name typed again: confirmName '${
          claim.name
        }'${
          request.confirmName ? `, got '${request.confirmName}'` : ''
        }; nothing was deleted`,
      );
    }
    const environment = this.environmentOrInput(claim.environment);
    const { taskId } = await this.options.tasks.start({
      templateRef: this.options.config.templateRef,
      values: {
        ...this.taskValues(claim),
        operation: 'delete',
        confirmName: request.confirmName,
      },
      credentials,
    });
    return { taskId, operation: 'delete', delivery: environment.delivery };
  }

  private taskValues(claim: CatalogedClaim): Record<string, unknown> {
    return {
      environment: claim.environment,
      kind: claim.kind,
      apiVersion: claim.apiVersion,
      team: claim.owner,
      component: claim.component,
      namespace: claim.namespace,
      name: claim.name,
    };
  }

  /**
   * The catalog Resource the caller may act on, and where its claim lives.
   * The owner check is the permission's (catalog ownership, admins any); the
   * action checks the claim's owner label again before it changes anything.
   */
  private async catalogedClaim(
    entityRef: string,
    permission: ResourcePermission,
    verb: 'resize' | 'delete',
    credentials: BackstageCredentials,
  ): Promise<CatalogedClaim> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) throw new NotFoundError(`No entity '${entityRef}'`);
    const ref = stringifyEntityRef(entity);
    const [decision] = await this.options.permissions.authorize(
      [{ permission, resourceRef: ref }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Only the owners of '${ref}' may ${verb} it; nothing was changed`,
      );
    }
    const annotations = entity.metadata.annotations ?? {};
    const cluster = annotations[ENTITY_ANNOTATIONS.cluster];
    const kind = annotations[ENTITY_ANNOTATIONS.kind];
    const apiVersion = annotations[ENTITY_ANNOTATIONS.apiVersion];
    const name = annotations[ENTITY_ANNOTATIONS.name];
    const namespace = annotations[ENTITY_ANNOTATIONS.namespace];
    if (!cluster || !kind || !apiVersion || !name || !namespace) {
      throw new InputError(
        `'${ref}' was not catalogued from a cluster by Callboard: it has no ${ENTITY_ANNOTATIONS.cluster}, ${ENTITY_ANNOTATIONS.kind}, ${ENTITY_ANNOTATIONS.apiVersion}, ${ENTITY_ANNOTATIONS.namespace} and ${ENTITY_ANNOTATIONS.name} annotations`,
      );
    }
    const environment =
      annotations[ENTITY_ANNOTATIONS.environment] ??
      this.options.config.environments.find(env => env.cluster === cluster)
        ?.name;
    if (!environment) {
      throw new InputError(
        `No environment in infrastructure.environments uses cluster '${cluster}', where '${ref}' lives`,
      );
    }
    const owner = (entity.spec as { owner?: string } | undefined)?.owner;
    if (!owner) throw new InputError(`'${ref}' has no owner`);
    const component = componentOf(entity);
    if (!component) {
      throw new InputError(
        `'${ref}' names no component it serves (spec.dependencyOf); the claim action needs one`,
      );
    }
    return {
      ref,
      cluster,
      environment,
      apiVersion,
      kind,
      namespace,
      name,
      owner,
      component,
    };
  }

  private environmentOrInput(name: string) {
    try {
      return environmentNamed(this.options.config, name);
    } catch (error) {
      if (error instanceof NotFoundError) throw new InputError(error.message);
      throw error;
    }
  }

  private async assertMayRead(credentials: BackstageCredentials) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: infrastructureSchemaReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not read infrastructure schemas');
    }
  }

  private async userRef(credentials: BackstageCredentials): Promise<string> {
    if (this.options.auth.isPrincipal(credentials, 'user')) {
      return credentials.principal.userEntityRef;
    }
    throw new NotAllowedError('Only users provision infrastructure');
  }
}

/** The component the database serves: its first `dependencyOf`, else the claim's annotation. */
function componentOf(entity: Entity): string | undefined {
  const dependencyOf = (entity.spec as { dependencyOf?: string[] } | undefined)
    ?.dependencyOf;
  return (
    dependencyOf?.find(ref => ref.startsWith('component:')) ??
    entity.metadata.annotations?.[CLAIM_ANNOTATIONS.dependencyOf]?.split(',')[0]
  );
}
