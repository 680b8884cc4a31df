import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { scaffolderModuleCallboard } from './module';

interface ListedAction {
  id: string;
  description?: string;
  schema?: {
    input?: { properties?: Record<string, { description?: string }> };
    output?: { properties?: Record<string, { description?: string }> };
  };
}

describe('scaffolderModuleCallboard', () => {
  it('registers every callboard action with their schemas', async () => {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleCallboard,
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [
                {
                  host: 'ghe.example.com',
                  apiBaseUrl: 'https://ghe.example.com/api/v3',
                  token: 'unused',
                },
              ],
            },
            callboard: { scaffolder: { github: { maxRetries: 1 } } },
          },
        }),
      ],
    });

    const response = await request(server)
      .get('/api/scaffolder/v2/actions')
      .set('Authorization', mockCredentials.user.header());

    expect(response.status).toBe(200);
    const actions = response.body as ListedAction[];
    const byId = new Map(actions.map(action => [action.id, action]));
    expect(
      [...byId.keys()].filter(id => id.startsWith('callboard:')).sort(),
    ).toEqual([
      'callboard:github:pull-request',
      'callboard:golden-path:render',
      'callboard:golden-path:repository',
      'callboard:repository:check',
    ]);

    const upsert = byId.get('callboard:github:pull-request')!;
    const inputs = upsert.schema?.input?.properties ?? {};
    expect(Object.keys(inputs).sort()).toEqual(
      [
        'repoUrl',
        'branchName',
        'baseBranch',
        'title',
        'description',
        'files',
        'deletions',
        'labels',
        'reviewers',
        'teamReviewers',
        'draft',
        'commitMessage',
        'token',
      ].sort(),
    );
    for (const [name, property] of Object.entries(inputs)) {
      expect({ name, description: property.description }).toEqual({
        name,
        description: expect.any(String),
      });
    }
    expect(Object.keys(upsert.schema?.output?.properties ?? {}).sort()).toEqual(
      ['branch', 'changes', 'number', 'result', 'url'],
    );

    const render = byId.get('callboard:golden-path:render')!;
    expect(render.schema?.input?.properties).toBeDefined();

    const repository = byId.get('callboard:golden-path:repository')!;
    expect(Object.keys(repository.schema?.input?.properties ?? {})).toEqual([
      'name',
    ]);
    expect(
      Object.keys(repository.schema?.output?.properties ?? {}).sort(),
    ).toEqual(['host', 'owner', 'repoUrl', 'slug']);
  });
});
