import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';

export type ScorecardsSettings = {
  definitionLocations: string[];
  definitionsReload: HumanDuration;
  evaluation: {
    frequency: HumanDuration;
    timeout: HumanDuration;
    initialDelay: HumanDuration;
  };
  collection: { frequency: HumanDuration; timeout: HumanDuration };
  retention: HumanDuration;
  exemptionMaxDuration: HumanDuration;
  github: { host: string; reusableWorkflow?: string; lockFile: string };
};

function duration(
  config: Config,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  return config.has(key) ? readDurationFromConfig(config, { key }) : fallback;
}

/** Reads `scorecards.*` once at start-up; every key is optional (see config.d.ts). */
export function readScorecardsConfig(root: Config): ScorecardsSettings {
  const config = root.getOptionalConfig('scorecards');
  const get = (key: string, fallback: HumanDuration) =>
    config ? duration(config, key, fallback) : fallback;
  const evaluationFrequency = get('evaluation.schedule.frequency', {
    minutes: 10,
  });
  const collectionFrequency = get('collection.schedule.frequency', {
    minutes: 30,
  });
  return {
    definitionLocations:
      config?.getOptionalStringArray('definitions.locations') ?? [],
    definitionsReload: get('definitions.reloadFrequency', { minutes: 10 }),
    evaluation: {
      frequency: evaluationFrequency,
      timeout: get('evaluation.schedule.timeout', evaluationFrequency),
      initialDelay: get('evaluation.schedule.initialDelay', { seconds: 15 }),
    },
    collection: {
      frequency: collectionFrequency,
      timeout: get('collection.schedule.timeout', collectionFrequency),
    },
    retention: get('retention', { days: 400 }),
    exemptionMaxDuration: get('exemptions.maxDuration', { days: 180 }),
    github: {
      host: config?.getOptionalString('github.host') ?? 'github.com',
      reusableWorkflow: config?.getOptionalString('github.reusableWorkflow'),
      lockFile:
        config?.getOptionalString('github.lockFile') ??
        '.callboard/template.json',
    },
  };
}
