import { promises as fs } from 'node:fs';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import type {
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';

/** Where Kubernetes mounts a pod's service account token (rotated, so read on every use). */
export const IN_CLUSTER_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Auth providers that act as the signed-in user: the kubernetes frontend
 * sends the user's token with each request. Server-side work (provisioning,
 * ingestion, collectors) has no such token, so these cannot be used here.
 */
const USER_DELEGATED_PROVIDERS = new Set(['google', 'oidc', 'aks']);

/** `serviceAccount`: the token from config, else the pod's own token, as the kubernetes backend does. */
class ServiceAccountCredentials implements AuthenticationStrategy {
  constructor(private readonly tokenFile: string) {}

  async getCredential(cluster: ClusterDetails): Promise<KubernetesCredential> {
    const configured = cluster.authMetadata.serviceAccountToken;
    if (configured) return { type: 'bearer token', token: configured };
    try {
      const token = (await fs.readFile(this.tokenFile, 'utf8')).trim();
      return { type: 'bearer token', token };
    } catch {
      throw new Error(
        `Cluster '${cluster.name}' has no serviceAccountToken and the backend does not run in a pod (no ${this.tokenFile})`,
      );
    }
  }

  validateCluster(): Error[] {
    return [];
  }

  presentAuthMetadata(): Record<string, string> {
    return {};
  }
}

/** `localKubectlProxy`: kubectl proxy adds the credentials itself. */
class AnonymousCredentials implements AuthenticationStrategy {
  async getCredential(): Promise<KubernetesCredential> {
    return { type: 'anonymous' };
  }

  validateCluster(): Error[] {
    return [];
  }

  presentAuthMetadata(): Record<string, string> {
    return {};
  }
}

/** Resolves a cluster's credential through the strategy for its `authProvider`. */
export class ClusterCredentials {
  private readonly strategies: Map<string, AuthenticationStrategy>;

  constructor(options: {
    authStrategies?: Record<string, AuthenticationStrategy>;
    inClusterTokenFile?: string;
  }) {
    this.strategies = new Map<string, AuthenticationStrategy>([
      [
        'serviceAccount',
        new ServiceAccountCredentials(
          options.inClusterTokenFile ?? IN_CLUSTER_TOKEN_FILE,
        ),
      ],
      ['localKubectlProxy', new AnonymousCredentials()],
      ...Object.entries(options.authStrategies ?? {}),
    ]);
  }

  providerOf(cluster: ClusterDetails): string {
    return cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ?? '';
  }

  /** Errors a cluster's configuration has for its provider; empty when it can be used. */
  validate(cluster: ClusterDetails): Error[] {
    const provider = this.providerOf(cluster);
    const strategy = this.strategies.get(provider);
    if (strategy) return strategy.validateCluster(cluster.authMetadata);
    if (USER_DELEGATED_PROVIDERS.has(provider)) {
      return [
        new Error(
          `Cluster '${cluster.name}' uses authProvider '${provider}', which acts as the signed-in user; Callboard's server-side access needs a provider that acts as the portal (serviceAccount, localKubectlProxy, or one passed in authStrategies)`,
        ),
      ];
    }
    return [
      new Error(
        `Cluster '${
          cluster.name
        }' uses authProvider '${provider}', for which no strategy is registered; known: ${[
          ...this.strategies.keys(),
        ].join(', ')}`,
      ),
    ];
  }

  async credentialFor(cluster: ClusterDetails): Promise<KubernetesCredential> {
    const errors = this.validate(cluster);
    if (errors.length > 0) throw errors[0];
    const strategy = this.strategies.get(this.providerOf(cluster))!;
    return strategy.getCredential(cluster, {});
  }
}
