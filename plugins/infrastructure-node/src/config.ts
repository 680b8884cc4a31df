import { readDurationFromConfig, Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  DEFAULT_SELF_SERVICE_LABEL,
  DeliveryMode,
  Environment,
} from '@callboard/plugin-infrastructure-common';

export interface EnvironmentConfig extends Environment {
  /** Pull-request mode: the infrastructure repository (scaffolder `repoUrl` form). */
  repoUrl?: string;
  /** Pull-request mode: claim file path with `{namespace}` and `{name}`. */
  claimPath: string;
}

export interface InfrastructureConfig {
  environments: EnvironmentConfig[];
  selfServiceLabel: string;
  reservedNamespaces: string[];
  storageParameter: string;
  /** The template resize and delete run, so they take the same action and modes as create. */
  templateRef: string;
  readyTimeoutMs: number;
  pollIntervalMs: number;
  providerSchedule: { frequency: HumanDuration; timeout: HumanDuration };
}

const DEFAULT_RESERVED = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'crossplane-system',
  'default',
];

function durationMs(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  return config?.has(key) ? readDurationFromConfig(config, { key }) : fallback;
}

/** Reads `infrastructure.*` once, at start-up. */
export function readInfrastructureConfig(root: Config): InfrastructureConfig {
  const config = root.getOptionalConfig('infrastructure');
  const environments = (
    config?.getOptionalConfigArray('environments') ?? []
  ).map(env => {
    const delivery = env.getString('delivery') as DeliveryMode;
    if (delivery !== 'direct' && delivery !== 'pullRequest') {
      throw new InputError(
        `infrastructure.environments '${env.getString(
          'name',
        )}' has delivery '${delivery}'; use 'direct' or 'pullRequest'`,
      );
    }
    const repoUrl = env.getOptionalString('repoUrl');
    if (delivery === 'pullRequest' && !repoUrl) {
      throw new InputError(
        `infrastructure.environments '${env.getString(
          'name',
        )}' delivers by pull request and needs a repoUrl`,
      );
    }
    return {
      name: env.getString('name'),
      title: env.getOptionalString('title') ?? env.getString('name'),
      cluster: env.getString('cluster'),
      delivery,
      repoUrl,
      claimPath:
        env.getOptionalString('claimPath') ?? 'claims/{namespace}/{name}.yaml',
    };
  });
  const schedule = config?.getOptionalConfig('providerSchedule');
  return {
    environments,
    selfServiceLabel:
      config?.getOptionalString('selfServiceLabel') ??
      DEFAULT_SELF_SERVICE_LABEL,
    reservedNamespaces:
      config?.getOptionalStringArray('reservedNamespaces') ?? DEFAULT_RESERVED,
    storageParameter:
      config?.getOptionalString('storageParameter') ?? 'storageGB',
    templateRef:
      config?.getOptionalString('templateRef') ??
      'template:default/provision-database',
    readyTimeoutMs: durationToMilliseconds(
      durationMs(config, 'readyTimeout', { minutes: 10 }),
    ),
    pollIntervalMs: durationToMilliseconds(
      durationMs(config, 'pollInterval', { seconds: 2 }),
    ),
    providerSchedule: {
      frequency: durationMs(schedule, 'frequency', { minutes: 5 }),
      timeout: durationMs(schedule, 'timeout', { minutes: 3 }),
    },
  };
}

export function environmentNamed(
  config: InfrastructureConfig,
  name: string,
): EnvironmentConfig {
  const environment = config.environments.find(env => env.name === name);
  if (!environment) {
    throw new NotFoundError(
      `No environment '${name}'; configured: ${
        config.environments.map(env => `'${env.name}'`).join(', ') || 'none'
      }`,
    );
  }
  return environment;
}
