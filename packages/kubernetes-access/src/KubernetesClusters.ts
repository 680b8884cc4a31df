import { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import {
  Configuration,
  createConfiguration,
  KubeConfig,
  Middleware,
  RequestContext,
  ServerConfiguration,
} from '@kubernetes/client-node';
import { ClusterObjects } from './ClusterObjects';
import { readConfiguredClusters } from './clusterConfig';
import { ClusterCredentials } from './credentials';

/** A configured cluster as callers may show it: no credentials. */
export interface ClusterSummary {
  name: string;
  title?: string;
  url: string;
  authProvider: string;
}

/** One request about to be sent, for counting and tracing. */
export interface ClusterRequest {
  cluster: string;
  method: string;
  url: string;
}

/** How a write's unknown fields are treated; `Strict` refuses them, as kubectl does by default. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface KubernetesClustersOptions {
  logger?: LoggerService;
  /**
   * Strategies for `authProvider` values beyond the built-in `serviceAccount`
   * and `localKubectlProxy`, e.g. the kubernetes backend's `AwsIamStrategy`.
   */
  authStrategies?: Record<string, AuthenticationStrategy>;
  /** Called before every request any client from this instance sends. */
  onRequest?: (request: ClusterRequest) => void;
  /** The in-cluster service account token file; for tests. */
  inClusterTokenFile?: string;
}

/** How long an `objects()` client (and its discovery cache) is reused. */
const CLIENT_REUSE_MS = 5 * 60 * 1000;

type ApiClientConstructor<T> = new (configuration: Configuration) => T;

function userFor(credential: KubernetesCredential) {
  const name = 'callboard';
  switch (credential.type) {
    case 'bearer token':
      return { name, token: credential.token };
    case 'x509 client certificate':
      return {
        name,
        certData: Buffer.from(credential.cert).toString('base64'),
        keyData: Buffer.from(credential.key).toString('base64'),
      };
    default:
      return { name };
  }
}

/**
 * Callboard's one way into clusters: the clusters configured for the
 * kubernetes plugin (`kubernetes.clusterLocatorMethods`), with the same auth
 * providers, as `@kubernetes/client-node` clients.
 */
export class KubernetesClusters {
  private readonly clusters: Map<string, ClusterDetails>;
  private readonly objectClients = new Map<
    string,
    { client: Promise<ClusterObjects>; expiresAt: number }
  >();

  static fromConfig(
    config: Config,
    options: KubernetesClustersOptions = {},
  ): KubernetesClusters {
    const { clusters, skippedLocatorMethods } = readConfiguredClusters(config);
    if (skippedLocatorMethods.length > 0) {
      options.logger?.warn(
        `Callboard's cluster access reads only 'config' and 'localKubectlProxy' cluster locators; skipped: ${skippedLocatorMethods.join(
          ', ',
        )}`,
      );
    }
    return new KubernetesClusters(clusters, options);
  }

  constructor(
    clusters: ClusterDetails[],
    private readonly options: KubernetesClustersOptions = {},
    private readonly credentials = new ClusterCredentials(options),
  ) {
    this.clusters = new Map(clusters.map(cluster => [cluster.name, cluster]));
    for (const cluster of clusters) {
      const errors = this.credentials.validate(cluster);
      if (errors.length > 0) {
        options.logger?.warn(errors.map(e => e.message).join('; '));
      }
    }
  }

  /** Every configured cluster, in configuration order. */
  list(): ClusterSummary[] {
    return [...this.clusters.values()].map(cluster => ({
      name: cluster.name,
      ...(cluster.title ? { title: cluster.title } : {}),
      url: cluster.url,
      authProvider: this.credentials.providerOf(cluster),
    }));
  }

  has(name: string): boolean {
    return this.clusters.has(name);
  }

  private details(name: string): ClusterDetails {
    const cluster = this.clusters.get(name);
    if (!cluster) {
      throw new NotFoundError(
        `No cluster named '${name}' in kubernetes.clusterLocatorMethods; configured: ${
          [...this.clusters.keys()].join(', ') || 'none'
        }`,
      );
    }
    return cluster;
  }

  /**
   * A KubeConfig for one cluster with a fresh credential. The CA file is read
   * when requests are made, so a rotated CA is picked up.
   */
  async kubeConfig(name: string): Promise<KubeConfig> {
    const cluster = this.details(name);
    const credential = await this.credentials.credentialFor(cluster);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.url,
          skipTLSVerify: cluster.skipTLSVerify ?? false,
          ...(cluster.caData ? { caData: cluster.caData } : {}),
          ...(cluster.caFile ? { caFile: cluster.caFile } : {}),
        },
      ],
      users: [userFor(credential)],
      contexts: [
        { name: cluster.name, cluster: cluster.name, user: 'callboard' },
      ],
      currentContext: cluster.name,
    });
    return kubeConfig;
  }

  private async configuration(
    name: string,
    fieldValidation?: FieldValidation,
  ): Promise<Configuration> {
    const kubeConfig = await this.kubeConfig(name);
    const onRequest = this.options.onRequest;
    const middleware: Middleware[] = [];
    if (fieldValidation || onRequest) {
      middleware.push({
        pre: async (context: RequestContext) => {
          const method = context.getHttpMethod();
          if (fieldValidation && ['POST', 'PUT', 'PATCH'].includes(method)) {
            context.setQueryParam('fieldValidation', fieldValidation);
          }
          onRequest?.({ cluster: name, method, url: context.getUrl() });
          return context;
        },
        post: async response => response,
      });
    }
    return createConfiguration({
      baseServer: new ServerConfiguration(
        kubeConfig.getCurrentCluster()!.server,
        {},
      ),
      authMethods: { default: kubeConfig },
      promiseMiddleware: middleware,
    });
  }

  /** A generated API client (`CoreV1Api`, `CustomObjectsApi`, ...) for one cluster. */
  async apiClient<T>(
    name: string,
    ApiClientType: ApiClientConstructor<T>,
  ): Promise<T> {
    return new ApiClientType(await this.configuration(name));
  }

  /**
   * A client for any kind with discovery (`resourceFor`, `preferredVersion`).
   * With `fieldValidation`, every write carries it as the query parameter.
   */
  async objects(
    name: string,
    options: { fieldValidation?: FieldValidation } = {},
  ): Promise<ClusterObjects> {
    // Reused for a while so discovery answers are cached across calls; renewed
    // so rotated credentials (in-cluster tokens, cloud tokens) are picked up.
    const key = `${name}|${options.fieldValidation ?? ''}`;
    const cached = this.objectClients.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.client;
    const client = this.configuration(name, options.fieldValidation).then(
      configuration => {
        const objects = new ClusterObjects(configuration);
        objects.clusterName = name;
        return objects;
      },
    );
    this.objectClients.set(key, {
      client,
      expiresAt: Date.now() + CLIENT_REUSE_MS,
    });
    client.catch(() => this.objectClients.delete(key));
    return client;
  }
}
