import {
  KubernetesObjectApi,
  V1APIGroup,
  HttpMethod,
} from '@kubernetes/client-node';
import { NotFoundError } from '@backstage/errors';

/** Where a kind is served, as discovery reports it. */
export interface ServedResource {
  /** The plural used in request paths, e.g. `postgresqlinstances`. */
  plural: string;
  namespaced: boolean;
  verbs: string[];
}

/**
 * `KubernetesObjectApi` (create, read, list, patch, replace, delete any kind)
 * plus the discovery it already does internally, made public: plurals and
 * scope come from the API server, never from guessing.
 */
export class ClusterObjects extends KubernetesObjectApi {
  /** The cluster name from configuration, for messages. */
  clusterName = '';

  /**
   * Plural, scope and verbs of `kind` in `apiVersion`. Cached per
   * apiVersion; a miss asks the server again, so kinds a new CRD adds are
   * found. Throws NotFoundError when the server does not serve the kind.
   */
  async resourceFor(apiVersion: string, kind: string): Promise<ServedResource> {
    let resource;
    try {
      resource = await this.resource(apiVersion, kind);
    } catch (error) {
      // A group/version the server does not serve at all answers 404.
      if ((error as { code?: number }).code !== 404) throw error;
    }
    if (!resource) {
      throw new NotFoundError(
        `Cluster '${this.clusterName}' does not serve kind '${kind}' in '${apiVersion}'`,
      );
    }
    return {
      plural: resource.name,
      namespaced: resource.namespaced,
      verbs: resource.verbs,
    };
  }

  /**
   * The version the server prefers for an API group (`GET /apis/<group>`),
   * or undefined when the group is not served.
   */
  async preferredVersion(group: string): Promise<string | undefined> {
    const context = this.configuration.baseServer.makeRequestContext(
      `/apis/${encodeURIComponent(group)}`,
      HttpMethod.GET,
    );
    context.setHeaderParam('Accept', 'application/json');
    try {
      const apiGroup = (await this.requestPromise(
        context,
        'V1APIGroup',
      )) as unknown as V1APIGroup;
      return apiGroup.preferredVersion?.version;
    } catch (error) {
      if ((error as { code?: number }).code === 404) return undefined;
      throw error;
    }
  }
}
