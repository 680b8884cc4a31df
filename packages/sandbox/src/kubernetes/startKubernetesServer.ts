import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { compositeResourceDefinitionKey } from './crossplane/crossplaneApis';
import { crossplaneCustomResourceDefinitions } from './crossplane/crossplaneApis';
import { startCompositeResourceDefinitions } from './crossplane/compositeResourceDefinitions';
import {
  CrossplaneControls,
  CrossplaneReconciler,
} from './crossplane/CrossplaneReconciler';
import { buildKubeconfig } from './kubeconfig';
import { startDependentCleanup } from './objects/dependentCleanup';
import { EventRecorder } from './objects/EventRecorder';
import { ObjectService } from './objects/ObjectService';
import {
  createSandboxStore,
  KubernetesSandboxStore,
} from './objects/sandboxStore';
import { builtinResourceTypes } from './registry/builtinResources';
import { startCustomResourceRegistrar } from './registry/customResourceRegistrar';
import { ResourceRegistry } from './registry/ResourceRegistry';
import { createApiApp } from './server/createApiApp';
import { WatchStreams } from './server/watchStreams';
import { ObjectStore } from './store/ObjectStore';
import { readSnapshot, SnapshotWriter } from './store/snapshotFile';
import { createServingCertificates } from './tls/certificates';

export interface KubernetesServerOptions {
  /** Defaults to 0: any free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Serve HTTPS with a freshly generated CA; its certificate is `caPem`. */
  tls?: boolean;
  /** Bearer token clients must send; a random one is generated when omitted. */
  token?: string;
  /** Where objects are saved and reloaded from; in memory only when omitted. */
  dataDir?: string;
  /** Delay before the Crossplane stand-in marks claims Synced and Ready. Defaults to 2000 ms. */
  reconcileDelayMs?: number;
}

export interface KubernetesSandbox {
  url: string;
  caPem?: string;
  token: string;
  store: KubernetesSandboxStore;
  crossplane: CrossplaneControls;
  /** A kubeconfig YAML for kubectl or `KubeConfig.loadFromString`. */
  kubeconfig(options?: { namespace?: string }): string;
  close(): Promise<void>;
}

const systemNamespaces = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'crossplane-system',
];

function installClusterDefaults(
  objects: ObjectService,
  registry: ResourceRegistry,
) {
  const namespaceType = registry.findByKind('v1', 'Namespace');
  const crdType = registry.findByKind(
    'apiextensions.k8s.io/v1',
    'CustomResourceDefinition',
  );
  if (!namespaceType || !crdType)
    throw new Error('built-in kinds are missing from the registry');
  for (const name of systemNamespaces) {
    if (!objects.find(namespaceType, undefined, name)) {
      objects.create(
        namespaceType,
        undefined,
        { metadata: { name } },
        { fieldManager: 'kube-apiserver' },
      );
    }
  }
  for (const crd of crossplaneCustomResourceDefinitions()) {
    objects.apply(crdType, undefined, crd.metadata.name ?? '', crd, {
      fieldManager: 'crossplane',
      force: true,
    });
  }
}

/** Wildcard binds are reached through loopback; IPv6 literals need brackets in URLs. */
function urlHostFor(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(
  server: http.Server,
  port: number,
  host: string,
): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Starts a Kubernetes-compatible API server with a Crossplane stand-in, for
 * running Callboard's kubernetes plugin, scaffolder actions and kubectl
 * without a cluster.
 */
export async function startKubernetesServer(
  options: KubernetesServerOptions = {},
): Promise<KubernetesSandbox> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const registry = new ResourceRegistry(builtinResourceTypes());
  const store = new ObjectStore();
  const snapshot = options.dataDir ? readSnapshot(options.dataDir) : undefined;
  if (snapshot) store.restore(snapshot);
  const snapshotWriter = options.dataDir
    ? new SnapshotWriter(store, options.dataDir)
    : undefined;

  const objects = new ObjectService(store, registry);
  const stopListeners = [
    startCustomResourceRegistrar(store, registry, objects),
    startCompositeResourceDefinitions(store, registry, objects),
    startDependentCleanup(store, objects),
  ];
  installClusterDefaults(objects, registry);
  if (!registry.findByStorageKey(compositeResourceDefinitionKey).length) {
    throw new Error(
      'Crossplane CompositeResourceDefinition kind failed to register',
    );
  }

  const reconciler = new CrossplaneReconciler(
    { store, registry, objects, events: new EventRecorder(objects, registry) },
    options.reconcileDelayMs ?? 2000,
  );
  reconciler.start();

  const watches = new WatchStreams(store);
  const app = createApiApp({ registry, objects, watches, token });
  const certificates = options.tls
    ? createServingCertificates([host])
    : undefined;
  const server = certificates
    ? https.createServer(
        { key: certificates.keyPem, cert: certificates.certPem },
        app,
      )
    : http.createServer(app);
  const address = await listen(server, options.port ?? 0, host);
  const url = `${certificates ? 'https' : 'http'}://${urlHostFor(host)}:${
    address.port
  }`;

  let closing: Promise<void> | undefined;
  const close = async () => {
    watches.closeAll();
    reconciler.stop();
    stopListeners.forEach(stop => stop());
    await new Promise<void>((resolve, reject) => {
      server.close(error => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
    await snapshotWriter?.close();
  };

  return {
    url,
    caPem: certificates?.caPem,
    token,
    store: createSandboxStore(objects, registry),
    crossplane: reconciler,
    kubeconfig: ({ namespace } = {}) =>
      buildKubeconfig({
        server: url,
        token,
        caPem: certificates?.caPem,
        namespace,
      }),
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
