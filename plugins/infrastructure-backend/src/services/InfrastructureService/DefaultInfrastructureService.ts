import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { KubernetesClusters } from '@callboard/kubernetes-access';
import {
  ClaimRequest,
  ClaimStatus,
  DryRunResult,
  ENTITY_ANNOTATIONS,
  Environment,
  infrastructureSchemaReadPermission,
  infrastructureStatusReadPermission,
  XrdSummary,
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
import { InfrastructureService, TeamChoice } from './InfrastructureService';

export interface DefaultInfrastructureServiceOptions {
  config: InfrastructureConfig;
  clusters: KubernetesClusters;
  catalog: CatalogService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  auth: AuthService;
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
    const { cluster } = environmentNamed(this.options.config, environment);
    return inCluster(cluster, () => this.apisByCluster.list(cluster));
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
  ): Promise<ClaimStatus> {
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
      return status;
    });
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
