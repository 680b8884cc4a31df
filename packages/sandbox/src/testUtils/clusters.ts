import {
  KubernetesSandbox,
  startKubernetesServer,
} from '../kubernetes/startKubernetesServer';
import { loadCrossplaneManifests } from '../seed/crossplaneManifests';

export interface CrossplaneClusterOptions {
  /** How long the Crossplane stand-in takes to make a claim Ready. */
  reconcileDelayMs: number;
  /**
   * On unless a plain-HTTP proxy must sit in front (a request-counting bench): over TLS,
   * clients send the token as they would to a real cluster.
   */
  tls?: boolean;
  /** Defaults to the demo systems the tests' teams own: storefront, payments, fulfilment. */
  namespaces?: string[];
  /** File names in `packages/sandbox/crossplane` to install; defaults to all of them. */
  manifests?: string[];
}

const PLATFORM = { fieldManager: 'callboard-platform' };

/** A sandbox cluster with the platform's Crossplane XRDs and Compositions, and the namespaces. */
export async function startCrossplaneCluster(
  options: CrossplaneClusterOptions,
): Promise<KubernetesSandbox> {
  const sandbox = await startKubernetesServer({
    reconcileDelayMs: options.reconcileDelayMs,
    tls: options.tls ?? true,
  });
  for (const manifest of loadCrossplaneManifests()) {
    if (!options.manifests || options.manifests.includes(manifest.fileName)) {
      for (const object of manifest.objects) {
        sandbox.store.apply(object, PLATFORM);
      }
    }
  }
  for (const name of options.namespaces ?? [
    'storefront',
    'payments',
    'fulfilment',
  ]) {
    sandbox.store.apply(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
      PLATFORM,
    );
  }
  return sandbox;
}

/** The claims' API group and version, as the platform's XRDs serve them. */
export const claimApiVersion = 'platform.callboard.dev/v1alpha1';

/** A 20 GB database claim of the platform's API, as a team would apply it. */
export function databaseClaim(
  kind: 'PostgreSQLInstance' | 'MySQLInstance',
  name: string,
  namespace: string,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
) {
  return {
    apiVersion: claimApiVersion,
    kind,
    metadata: { name, namespace, labels, annotations },
    spec: { parameters: { storageGB: 20 } },
  };
}

/**
 * A `kubernetes.clusterLocatorMethods[].clusters` entry that points Backstage (and the
 * `@kubernetes/client-node` KubeConfig it builds) at a sandbox cluster with its token and CA.
 * `url` replaces the sandbox's own where clients reach it through a proxy; a sandbox without
 * TLS has no CA to trust, which client-node accepts only with TLS checks off.
 */
export function sandboxClusterConfig(
  name: string,
  sandbox: KubernetesSandbox,
  options: { url?: string } = {},
) {
  return {
    name,
    url: options.url ?? sandbox.url,
    authProvider: 'serviceAccount',
    serviceAccountToken: sandbox.token,
    ...(sandbox.caPem
      ? { caData: Buffer.from(sandbox.caPem).toString('base64') }
      : { skipTLSVerify: true }),
  };
}

/** A cluster entry nothing answers at, for the paths where a cluster is down. */
export function unreachableClusterConfig(
  name: string,
  url = 'https://127.0.0.1:9',
) {
  return {
    name,
    url,
    skipTLSVerify: true,
    authProvider: 'serviceAccount',
    serviceAccountToken: 'unused',
  };
}

/** The `kubernetes` config block that lists `clusters` (from the helpers above) to Backstage. */
export function kubernetesConfig(clusters: object[]) {
  return { clusterLocatorMethods: [{ type: 'config', clusters }] };
}

/**
 * `infrastructure.environments` laid out as in app-config.yaml, on the `staging` and
 * `production` clusters: staging applies claims directly, production proposes them as pull
 * requests to tidewater/platform-infrastructure on `githubHost`.
 */
export function stagingAndProductionEnvironments(githubHost = 'github.com') {
  return [
    { name: 'staging', cluster: 'staging', delivery: 'direct' },
    {
      name: 'production',
      cluster: 'production',
      delivery: 'pullRequest',
      repoUrl: `${githubHost}?owner=tidewater&repo=platform-infrastructure`,
    },
  ];
}
