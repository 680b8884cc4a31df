import { JsonObject } from '@backstage/types';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'yaml';
import { createGoldenPathTestbed } from './__testUtils__/goldenPathTestbed';
import { examples } from './renderGoldenPath.examples';

type ExampleStep = { action: string; input: JsonObject };

describe('callboard:golden-path:render examples', () => {
  const testbed = createGoldenPathTestbed();

  it.each(examples.map(example => [example.description, example] as const))(
    '%s',
    async (_, example) => {
      const { steps } = yaml.parse(example.example) as { steps: ExampleStep[] };
      expect(steps).toHaveLength(1);
      const [step] = steps;
      expect(step.action).toBe('callboard:golden-path:render');

      const { workspacePath, outputs } = await testbed.run(step.input);
      const values = step.input.values as JsonObject;
      const prefix = (step.input.targetPath as string | undefined) ?? '.';
      const lockFile = join(prefix, '.callboard/template.json');
      expect(outputs.entityRef).toBe(`component:default/${values.name}`);
      expect(outputs.lockFile).toBe(lockFile);
      expect(outputs.files).toContain(join(prefix, 'catalog-info.yaml'));
      const lock = JSON.parse(
        await readFile(join(workspacePath, lockFile), 'utf8'),
      );
      expect(lock.values).toEqual(values);
      expect(lock.template.name).toBe(
        step.input.templateName ?? 'service-nodejs',
      );
    },
  );
});
