import { NotAllowedError } from '@backstage/errors';
import type {
  ClusterObjects,
  KubernetesClusters,
} from '@callboard/kubernetes-access';
import { XrdSummary } from '@callboard/plugin-infrastructure-common';

const XRD_GROUP = 'apiextensions.crossplane.io';

interface XrdObject {
  apiVersion?: string;
  metadata?: {
    name?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: {
    group?: string;
    scope?: string;
    names?: { kind?: string; plural?: string };
    claimNames?: { kind?: string; plural?: string };
    connectionSecretKeys?: string[];
    versions?: Array<{
      name: string;
      referenceable?: boolean;
      schema?: { openAPIV3Schema?: Record<string, unknown> };
    }>;
  };
}

type Schema = {
  description?: string;
  properties?: Record<string, Schema>;
} & Record<string, unknown>;

/**
 * What teams may create: a claim for a v1 XRD with `claimNames`, the
 * composite itself for a namespaced (v2) XRD. Cluster-scoped composites
 * without a claim are never offered: teams cannot own cluster-wide objects.
 */
function offeredKind(
  xrd: XrdObject,
): { kind: string; claim: boolean } | undefined {
  const spec = xrd.spec ?? {};
  if (spec.claimNames?.kind) return { kind: spec.claimNames.kind, claim: true };
  const v2 = xrd.apiVersion === `${XRD_GROUP}/v2`;
  const namespaced =
    spec.scope === 'Namespaced' || (v2 && spec.scope === undefined);
  return namespaced && spec.names?.kind
    ? { kind: spec.names.kind, claim: false }
    : undefined;
}

/**
 * The XRDs a platform team offers for self-service (labelled
 * `<selfServiceLabel>=true`), read live from a cluster, with their plurals
 * from discovery.
 */
export class SelfServiceApis {
  constructor(
    private readonly clusters: KubernetesClusters,
    private readonly selfServiceLabel: string,
  ) {}

  async list(cluster: string): Promise<XrdSummary[]> {
    const objects = await this.clusters.objects(cluster);
    const version = (await objects.preferredVersion(XRD_GROUP)) ?? 'v1';
    const list = await objects.list(
      `${XRD_GROUP}/${version}`,
      'CompositeResourceDefinition',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      `${this.selfServiceLabel}=true`,
    );
    const summaries: XrdSummary[] = [];
    for (const item of list.items as XrdObject[]) {
      const summary = await this.summarize(objects, item);
      if (summary) summaries.push(summary);
    }
    return summaries.sort((a, b) => a.title.localeCompare(b.title));
  }

  /**
   * The self-service XRD whose offered kind is `kind` (and, when given, whose
   * apiVersion is `apiVersion`). Anything else is refused, naming what is
   * offered.
   */
  async find(
    cluster: string,
    kind: string,
    apiVersion?: string,
  ): Promise<XrdSummary> {
    const offered = await this.list(cluster);
    const match = offered.find(
      xrd =>
        xrd.kind === kind && (!apiVersion || xrd.apiVersion === apiVersion),
    );
    if (!match) {
      throw new NotAllowedError(
        `'${
          apiVersion ? `${apiVersion}/` : ''
        }${kind}' is not a self-service kind in cluster '${cluster}'; offered: ${
          offered.map(xrd => `'${xrd.kind}'`).join(', ') || 'none'
        }`,
      );
    }
    return match;
  }

  private async summarize(
    objects: ClusterObjects,
    xrd: XrdObject,
  ): Promise<XrdSummary | undefined> {
    const offered = offeredKind(xrd);
    const version = xrd.spec?.versions?.find(v => v.referenceable);
    if (!offered || !version || !xrd.spec?.group || !xrd.metadata?.name) {
      return undefined;
    }
    const apiVersion = `${xrd.spec.group}/${version.name}`;
    const served = await objects.resourceFor(apiVersion, offered.kind);
    const root = (version.schema?.openAPIV3Schema ?? {}) as Schema;
    const parameters =
      root.properties?.spec?.properties?.parameters ?? ({} as Schema);
    return {
      name: xrd.metadata.name,
      title: xrd.metadata.annotations?.['callboard.dev/title'] ?? offered.kind,
      description: root.description,
      apiVersion,
      kind: offered.kind,
      plural: served.plural,
      claim: offered.claim,
      connectionSecretKeys: xrd.spec.connectionSecretKeys ?? [],
      parametersSchema: parameters,
    };
  }
}
