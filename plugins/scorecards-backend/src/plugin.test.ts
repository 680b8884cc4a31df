import {
  createBackendModule,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FactCollector,
  scorecardsCollectorsExtensionPoint,
} from '@callboard/plugin-scorecards-node';
import request from 'supertest';
import { scorecardsPlugin } from './plugin';

jest.setTimeout(60_000);

const cart: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

const definitions = JSON.stringify({
  checks: [
    {
      id: 'readme',
      title: 'Has a README',
      description: 'Explains itself.',
      howToFix: 'Add a `README.md`.',
      filter: { kind: ['Component'] },
      facts: ['repo.hasReadme'],
      expression: 'repo.hasReadme',
    },
  ],
  scorecards: [
    {
      id: 'ready',
      title: 'Ready',
      description: 'd',
      levels: [{ name: 'Bronze', checks: ['readme'] }],
    },
  ],
});

/**
 * The scheduler as the plugin sees it, run by hand: scheduled tasks are kept,
 * and a triggered task runs at once, as a real scheduler would soon after.
 */
function handRunScheduler() {
  const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
  const triggered: string[] = [];
  const run = async (id: string) => {
    const task = tasks.get(id);
    if (!task) throw new Error(`No task '${id}' was scheduled`);
    await task.fn(new AbortController().signal);
  };
  const scheduler = mockServices.scheduler.mock({
    scheduleTask: async task => {
      tasks.set(task.id, task);
    },
    triggerTask: async id => {
      triggered.push(id);
      await run(id);
    },
  });
  return { scheduler, run, triggered };
}

async function startBackend(hasReadme: () => boolean) {
  const collector: FactCollector = {
    id: 'repo',
    title: 'Repository',
    ttl: { days: 1 },
    facts: { hasReadme: { type: 'bool', description: 'README present' } },
    async collect(batch) {
      return batch.map(e => ({
        entityRef: stringifyEntityRef(e),
        facts: { hasReadme: hasReadme() },
      }));
    },
  };
  const { scheduler, run, triggered } = handRunScheduler();
  const { server } = await startTestBackend({
    features: [
      scorecardsPlugin,
      catalogServiceMock.factory({ entities: [cart] }),
      mockServices.permissions.factory(),
      scheduler.factory,
      mockServices.urlReader.mock({
        readUrl: async () =>
          ({ buffer: async () => Buffer.from(definitions) } as never),
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          scorecards: {
            definitions: { locations: ['https://example.com/checks.yaml'] },
          },
        },
      }),
      createBackendModule({
        pluginId: 'scorecards',
        moduleId: 'test-collector',
        register(reg) {
          reg.registerInit({
            deps: { collectors: scorecardsCollectorsExtensionPoint },
            async init({ collectors }) {
              collectors.addCollector(collector);
            },
          });
        },
      }),
    ],
  });
  const readmeResult = async () => {
    const response = await request(server)
      .get('/api/scorecards/entities/component/default/cart')
      .set(
        'Authorization',
        `Bearer ${mockCredentials.user.token('user:default/olive')}`,
      )
      .expect(200);
    return response.body.checks[0].result;
  };
  return { run, triggered, readmeResult };
}

describe('the scorecards plugin', () => {
  it('scores the facts a collector brings without waiting for the next scheduled pass', async () => {
    let readme = false;
    const backend = await startBackend(() => readme);
    // The first pass ran before any collector: the check is unknown, not failed.
    await backend.run('scorecards-evaluate');
    expect(await backend.readmeResult()).toMatchObject({
      status: 'unknown',
      reason: 'repo.hasReadme has not been collected yet',
    });

    await backend.run('scorecards-collect-repo');
    expect(backend.triggered).toEqual(['scorecards-evaluate']);
    expect(await backend.readmeResult()).toMatchObject({
      status: 'fail',
      facts: [expect.objectContaining({ id: 'repo.hasReadme', value: false })],
    });

    // Nothing new: no extra pass.
    await backend.run('scorecards-collect-repo');
    expect(backend.triggered).toHaveLength(1);

    readme = true;
    await backend.run('scorecards-collect-repo');
    expect(backend.triggered).toHaveLength(2);
    expect(await backend.readmeResult()).toMatchObject({
      status: 'pass',
      changeCause: 'fact',
    });
  });
});
