import { mockServices } from '@backstage/backend-test-utils';
import {
  DX_FIGURE_KEYS,
  DxEntityFigures,
} from '@callboard/plugin-dx-metrics-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DxMetricsFactCollector, factsOf } from './DxMetricsFactCollector';

function figures(overrides: Partial<DxEntityFigures> = {}): DxEntityFigures {
  const figure = (
    key: (typeof DX_FIGURE_KEYS)[number],
    value: number | null,
    band: any,
  ) => ({
    key,
    value,
    band,
    sampleSize: value === null ? 0 : 10,
    trend: [],
  });
  return {
    entityRef: 'component:default/web',
    window: 30,
    status: 'ok',
    figures: {
      deploymentFrequency: figure('deploymentFrequency', 1.5, 'elite'),
      leadTime: figure('leadTime', 30, 'high'),
      changeFailureRate: figure('changeFailureRate', 0.2, 'low'),
      recoveryTime: {
        ...figure('recoveryTime', null, null),
        note: 'No failed deployment recovered in this window.',
      },
      reworkRate: figure('reworkRate', 0.1, null),
    },
    leadTimeBreakdown: {
      coding: 1,
      pickup: 2,
      review: 3,
      deploy: 4,
      changes: 10,
    },
    coverage: {
      repositories: ['acme/web'],
      deploymentSource: 'deployments',
      pullRequests: true,
      incidents: false,
      notes: [],
    },
    botChanges: 0,
    computedAt: '2026-12-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('factsOf', () => {
  it('publishes figures and bands, and names what is missing', () => {
    expect(factsOf('component:default/web', figures())).toEqual({
      entityRef: 'component:default/web',
      facts: {
        hasDeployments: true,
        hasIncidentSignal: false,
        deploymentsPerDay: 1.5,
        leadTimeHours: 30,
        changeFailureRate: 0.2,
        reworkRate: 0.1,
        deploymentFrequencyBand: 'elite',
        leadTimeBand: 'high',
        changeFailureRateBand: 'low',
        recoveryTimeBand: '',
      },
      missing: {
        recoveryTimeHours: 'No failed deployment recovered in this window.',
      },
      collectedAt: new Date('2026-12-01T00:00:00.000Z'),
    });
  });

  it('turns "no data" into an unknown with the reason, never a fail', () => {
    expect(
      factsOf(
        'component:default/web',
        figures({
          status: 'no-data',
          reason: 'No github.com/project-slug annotation',
        }),
      ),
    ).toEqual({
      entityRef: 'component:default/web',
      error: {
        kind: 'not-found',
        message: 'No github.com/project-slug annotation',
      },
    });
  });
});

describe('DxMetricsFactCollector', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('asks the dx-metrics backend with service credentials, one result per entity', async () => {
    const seen: string[] = [];
    const discovery = mockServices.discovery();
    const base = await discovery.getBaseUrl('dx-metrics');
    server.use(
      http.get(
        `${base}/entity/component/default/:name/figures`,
        ({ request, params }) => {
          seen.push(
            `${params.name} ${
              request.headers.get('authorization')?.split(' ')[0]
            }`,
          );
          return params.name === 'web'
            ? HttpResponse.json(figures())
            : HttpResponse.json(
                {
                  error: { name: 'NotFoundError', message: 'No entity found' },
                },
                { status: 404 },
              );
        },
      ),
    );
    const collector = new DxMetricsFactCollector({
      discovery,
      auth: mockServices.auth(),
    });
    const entity = (name: string) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        annotations: { 'github.com/project-slug': `acme/${name}` },
      },
    });
    const results = await collector.collect([entity('web'), entity('gone')]);
    expect(seen).toEqual(['web Bearer', 'gone Bearer']);
    expect(results[0]).toMatchObject({
      facts: { deploymentFrequencyBand: 'elite' },
    });
    expect(results[1]).toMatchObject({
      entityRef: 'component:default/gone',
      error: { kind: 'not-found' },
    });
    expect(
      collector.skipReason({ ...entity('x'), metadata: { name: 'x' } }),
    ).toBe('no github.com/project-slug annotation');
  });
});
