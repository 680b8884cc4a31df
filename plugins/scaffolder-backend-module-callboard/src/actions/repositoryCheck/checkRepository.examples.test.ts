import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject } from '@backstage/types';
import yaml from 'yaml';
import { createCheckRepositoryAction } from './checkRepository';
import { examples } from './checkRepository.examples';

describe('callboard:repository:check examples', () => {
  const action = createCheckRepositoryAction();

  it.each(examples.map(example => [example.description, example] as const))(
    '%s',
    async (_, example) => {
      const { steps } = yaml.parse(example.example) as {
        steps: { action: string; input: JsonObject }[];
      };
      expect(steps.map(step => step.action)).toEqual([
        'callboard:repository:check',
      ]);
      const ctx = createMockActionContext({ input: steps[0].input as any });
      await action.handler(ctx);
      const [host, query] = String(steps[0].input.repoUrl).split('?');
      const params = new URLSearchParams(query);
      expect(ctx.output).toHaveBeenCalledWith('host', host);
      expect(ctx.output).toHaveBeenCalledWith('owner', params.get('owner'));
      expect(ctx.output).toHaveBeenCalledWith('repo', params.get('repo'));
    },
  );
});
