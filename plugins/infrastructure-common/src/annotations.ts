/**
 * Labels and annotations on the claims (or v2 composites) in the cluster:
 * what the entity provider reads back to catalog a database, and the audit
 * trail of who asked for it.
 */
export const CLAIM_LABELS = {
  /** The owning team's Group name (`team-checkout`); decides ownership and the catalog owner. */
  owner: 'callboard.dev/owner',
  /** The catalog System; the Resource's `spec.system`. */
  system: 'app.kubernetes.io/part-of',
  /** Lets Backstage's Kubernetes tab find the claim. */
  kubernetesId: 'backstage.io/kubernetes-id',
  /**
   * `portal` on what Callboard created: DX metrics' self-service ratio counts it
   * (`dxMetrics.adoption.portalClaimLabel`, default `callboard.dev/provisioned-by=portal`).
   */
  provisionedBy: 'callboard.dev/provisioned-by',
} as const;

/** The value of {@link CLAIM_LABELS.provisionedBy} on claims Callboard created. */
export const PROVISIONED_BY_PORTAL = 'portal';

export const CLAIM_ANNOTATIONS = {
  /** The user entity ref that asked, e.g. `user:default/sam.rivera`. */
  requestedBy: 'callboard.dev/requested-by',
  /** The scaffolder task that applied it. */
  taskId: 'callboard.dev/task-id',
  /** Comma-separated entity refs of what depends on it: the Resource's `dependencyOf`. */
  dependencyOf: 'callboard.dev/dependency-of',
  title: 'callboard.dev/title',
  description: 'callboard.dev/description',
} as const;

/** Annotations on the catalog Resource the entity provider emits. */
export const ENTITY_ANNOTATIONS = {
  cluster: 'callboard.dev/cluster',
  environment: 'callboard.dev/environment',
  apiVersion: 'callboard.dev/claim-api-version',
  kind: 'callboard.dev/claim-kind',
  namespace: 'callboard.dev/claim-namespace',
  name: 'callboard.dev/claim-name',
  /** The XRD the claim (or composite) is an instance of. */
  xrd: 'callboard.dev/xrd',
  /** `true` while the cluster cannot be reached: what the catalog shows is the last known state. */
  stale: 'callboard.dev/stale',
  /** When the provider last read the object from its cluster (ISO time). */
  lastSeen: 'callboard.dev/last-seen',
} as const;

/**
 * The Group annotation listing the Kubernetes namespaces a team may provision
 * into, comma-separated (`storefront,payments`). A team without it has none.
 */
export const TEAM_NAMESPACES_ANNOTATION = 'callboard.dev/kubernetes-namespaces';

/** The label platform teams put on an XRD to offer it for self-service, with value `true`. */
export const DEFAULT_SELF_SERVICE_LABEL = 'callboard.dev/self-service';

/** The field manager every direct apply uses. */
export const FIELD_MANAGER = 'callboard';
