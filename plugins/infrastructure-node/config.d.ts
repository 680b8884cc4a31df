import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Callboard's self-service infrastructure (databases through Crossplane). */
  infrastructure?: {
    /**
     * Where each environment lives and how changes reach it. Clusters are
     * names from `kubernetes.clusterLocatorMethods`.
     */
    environments?: Array<{
      name: string;
      /** Display name; defaults to the name. */
      title?: string;
      cluster: string;
      /** `direct` (server-side apply, then wait for Ready) or `pullRequest`. */
      delivery: 'direct' | 'pullRequest';
      /**
       * For `pullRequest`: the infrastructure repository, in the scaffolder's
       * `repoUrl` form (`github.com?owner=acme&repo=platform-infrastructure`).
       */
      repoUrl?: string;
      /**
       * For `pullRequest`: where the claim file goes; `{namespace}` and `{name}`
       * are replaced. Default `claims/{namespace}/{name}.yaml`.
       */
      claimPath?: string;
    }>;
    /** The XRD label (value `true`) that offers an XRD for self-service. Default `callboard.dev/self-service`. */
    selfServiceLabel?: string;
    /**
     * Namespaces never provisioned into, whatever a team's annotation says.
     * Default: kube-system, kube-public, kube-node-lease, crossplane-system, default.
     */
    reservedNamespaces?: string[];
    /**
     * The `spec.parameters` field resizes change; it may only grow. Default `storageGB`.
     */
    storageParameter?: string;
    /**
     * The scaffolder template resize and delete start (operation `resize` or `delete`), so
     * they pass the same guards and delivery modes as create. Default
     * `template:default/provision-database`.
     */
    templateRef?: string;
    /** How long a direct apply waits for Synced and Ready. Default 10 minutes. */
    readyTimeout?: HumanDuration | string;
    /** How often a direct apply reads the claim while waiting. Default 2 seconds. */
    pollInterval?: HumanDuration | string;
    /** How often the entity provider lists the clusters. Default every 5 minutes. */
    providerSchedule?: {
      frequency?: HumanDuration | string;
      timeout?: HumanDuration | string;
    };
  };
}
