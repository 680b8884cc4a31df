import { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import express, { Router } from 'express';

const SECRETS = 'secrets';

/**
 * True when a Kubernetes API path names the Secret resource anywhere, so that
 * `/api/v1/secrets`, `/api/v1/namespaces/x/secrets/y`, watches and encoded spellings such as
 * `%73ecrets` (decoded until stable, in case something between here and the API server
 * decodes again) are all caught. A path naming an object that is itself called "secrets" is
 * refused too; that costs nothing and leaves no parsing gap.
 */
export function namesSecrets(kubernetesPath: string): boolean {
  const pathOnly = kubernetesPath.split('?')[0];
  return pathOnly.split('/').some(segment => {
    let decoded = segment;
    for (let round = 0; round < 5; round++) {
      let next: string;
      try {
        next = decodeURIComponent(decoded);
      } catch {
        // An undecodable segment is not something the API server would route either.
        return true;
      }
      if (next === decoded) {
        break;
      }
      decoded = next;
    }
    return decoded.trim().toLocaleLowerCase('en-US') === SECRETS;
  });
}

function isSecretsResource(resource: unknown): boolean {
  const plural = (resource as { plural?: unknown } | null)?.plural;
  return (
    typeof plural === 'string' &&
    plural.trim().toLocaleLowerCase('en-US') === SECRETS
  );
}

/**
 * Fails start-up when configuration would make the Kubernetes tab fetch Secrets: the
 * `secrets` object type, or a custom resource whose plural is `secrets`, globally or per
 * cluster.
 */
export function assertNoSecretsConfigured(config: Config): void {
  const objectTypes =
    config.getOptionalStringArray('kubernetes.objectTypes') ?? [];
  if (objectTypes.some(type => type.toLocaleLowerCase('en-US') === SECRETS)) {
    throw new Error(
      "kubernetes.objectTypes must not include 'secrets': Callboard never sends Secret objects to a browser",
    );
  }
  const customResourceLists = [
    {
      where: 'kubernetes.customResources',
      resources: config.getOptional<unknown[]>('kubernetes.customResources'),
    },
    ...(
      config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
    ).flatMap((method, m) =>
      (method.getOptionalConfigArray('clusters') ?? []).map((cluster, c) => ({
        where: `kubernetes.clusterLocatorMethods[${m}].clusters[${c}].customResources`,
        resources: cluster.getOptional<unknown[]>('customResources'),
      })),
    ),
  ];
  for (const { where, resources } of customResourceLists) {
    if ((resources ?? []).some(isSecretsResource)) {
      throw new Error(
        `${where} must not include the 'secrets' resource: Callboard never sends Secret objects to a browser`,
      );
    }
  }
}

/**
 * Sits in front of the Kubernetes plugin's routes. The proxy is already reserved for platform
 * admins by the permission policy; this refuses Secrets there for everyone, and refuses
 * custom-resource queries that ask for Secrets, which any signed-in user may send.
 */
export function createSecretsGuardRouter(): Router {
  const router = Router();
  router.use('/proxy', (req, _res, next) => {
    if (namesSecrets(req.url)) {
      throw new NotAllowedError(
        `Secrets are not served through the Kubernetes proxy: '${req.url}'`,
      );
    }
    next();
  });
  router.post('/resources/custom/query', express.json(), (req, _res, next) => {
    const customResources: unknown = req.body?.customResources;
    if (customResources !== undefined && !Array.isArray(customResources)) {
      throw new InputError('customResources must be an array');
    }
    if ((customResources ?? []).some(isSecretsResource)) {
      throw new NotAllowedError(
        "Secrets are not served through the Kubernetes plugin: customResources includes plural 'secrets'",
      );
    }
    next();
  });
  return router;
}
