import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  DX_FIGURE_KEYS,
  DxEntityFigures,
  DxFigure,
} from '@callboard/plugin-dx-metrics-common';
import { DxMetricsApi, dxMetricsApiRef } from '../../api';
import { EntityDxContent } from './EntityDxContent';

// Rendering material-table is slow on a loaded CI machine; the default 5 s is not enough.
jest.setTimeout(60_000);

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'inventory-service', namespace: 'default' },
  spec: { type: 'service' },
};

const values: Record<string, Partial<DxFigure>> = {
  deploymentFrequency: { value: 1.4, band: 'elite' },
  leadTime: { value: 30, band: 'high' },
  changeFailureRate: {
    value: 0,
    band: 'elite',
    note: 'No incident signal (issues labelled as incidents) for these repositories: failures counted from failed rollouts, reverts and rollbacks only.',
  },
  recoveryTime: {
    value: null,
    band: null,
    note: 'No failed deployment recovered in this window.',
  },
  reworkRate: { value: 0.1, band: null },
};

function figures(status: 'ok' | 'no-data' = 'ok'): DxEntityFigures {
  return {
    entityRef: 'component:default/inventory-service',
    window: 30,
    status,
    reason:
      status === 'no-data'
        ? 'No github.com/project-slug annotation: Callboard cannot tell which GitHub repository holds component:default/inventory-service.'
        : undefined,
    figures: Object.fromEntries(
      DX_FIGURE_KEYS.map(key => [
        key,
        {
          key,
          sampleSize: 12,
          trend: [{ start: '2026-11-01T00:00:00Z', value: 1 }],
          value: null,
          band: null,
          ...values[key],
        },
      ]),
    ) as DxEntityFigures['figures'],
    leadTimeBreakdown: {
      coding: 5,
      pickup: 2,
      review: 20,
      deploy: 3,
      changes: 12,
    },
    coverage: {
      repositories: ['tidewater/inventory-service'],
      deploymentSource: 'deployments',
      pullRequests: true,
      incidents: false,
      notes: [
        'No incident issues (labels: incident): change failure rate counts failed rollouts, reverts and rollbacks only.',
      ],
      lastIngestAt: '2026-12-01T09:30:00.000Z',
    },
    botChanges: 2,
    computedAt: '2026-12-01T00:00:00Z',
  };
}

function fakeApi(answer: DxEntityFigures): jest.Mocked<DxMetricsApi> {
  return {
    getFigures: jest.fn(
      async (_ref: string, _window: number) => answer,
    ) as jest.Mocked<DxMetricsApi>['getFigures'],
    getDrillDown: jest.fn(async (_ref, _window, kind) =>
      kind === 'deployments'
        ? {
            kind,
            items: [
              {
                id: 'deployment:1',
                repository: 'tidewater/inventory-service',
                environment: 'production',
                sha: 'abcdef0123456789',
                status: 'success' as const,
                at: '2026-11-20T10:00:00Z',
                failed: true,
                failureReasons: ['incident #12'],
                rework: false,
                url: 'https://github.com/tidewater/inventory-service/deployments/production',
              },
            ],
          }
        : { kind: 'incidents' as const, items: [] },
    ) as any,
    getOrgFigures: jest.fn(),
    getAdoption: jest.fn(),
  };
}

async function renderWith(api: DxMetricsApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[dxMetricsApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityDxContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityDxContent', () => {
  it('shows the five figures with their bands, the coverage note and the lead-time breakdown', async () => {
    await renderWith(fakeApi(figures()));
    expect(
      await screen.findByLabelText('Deployment frequency'),
    ).toBeInTheDocument();
    expect(screen.getByText('1.4 per day')).toBeInTheDocument();
    expect(screen.getByText('30.0 h')).toBeInTheDocument();
    expect(screen.getAllByText('elite')).toHaveLength(2);
    expect(screen.getByText(/No incident signal/)).toBeInTheDocument();
    expect(
      screen.getByText('No failed deployment recovered in this window.'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Lead-time breakdown')).toHaveTextContent(
      'Coding 5.0 h → Pickup 2.0 h → Review 20.0 h → Deploy 3.0 h',
    );
    expect(screen.getByLabelText('Coverage notes')).toHaveTextContent(
      'No incident issues',
    );
    expect(
      screen.getByRole('region', { name: 'Data coverage' }),
    ).toHaveTextContent('Last ingest: 2026-12-01 09:30 UTC');
  });

  it('asks again for another window', async () => {
    const api = fakeApi(figures());
    await renderWith(api);
    await screen.findByText('1.4 per day');
    fireEvent.click(screen.getByRole('tab', { name: '7 days' }));
    await waitFor(() =>
      expect(api.getFigures).toHaveBeenLastCalledWith(
        'component:default/inventory-service',
        7,
      ),
    );
  });

  it('opens the deployments behind a figure, linked to GitHub', async () => {
    const api = fakeApi(figures());
    await renderWith(api);
    await screen.findByText('1.4 per day');
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Deployment frequency 1.4 per day: show the records behind it',
      }),
    );
    expect(await screen.findByText('abcdef0')).toHaveAttribute(
      'href',
      'https://github.com/tidewater/inventory-service/deployments/production',
    );
    expect(screen.getByText('incident #12')).toBeInTheDocument();
  });

  it('says why there is no data instead of showing zeros', async () => {
    await renderWith(fakeApi(figures('no-data')));
    expect(
      await screen.findByText(/No github.com\/project-slug annotation/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /show the records/ }),
    ).not.toBeInTheDocument();
  });

  it('opens a service’s records from its number in the team’s per-service table', async () => {
    const service = {
      ...figures(),
      entityRef: 'component:default/payments-service',
      title: 'Payments service',
    };
    const api = fakeApi({
      ...figures(),
      entityRef: 'group:default/team-checkout',
      services: [service],
    } as DxEntityFigures);
    await renderWith(api);
    const perService = await screen.findByRole('region', {
      name: 'Per service',
    });
    expect(perService).toHaveTextContent('Payments service');
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Lead time for changes of Payments service 30.0 h: show the records behind it',
      }),
    );
    await waitFor(() =>
      expect(api.getDrillDown).toHaveBeenLastCalledWith(
        'component:default/payments-service',
        30,
        'pull-requests',
      ),
    );
    expect(
      screen.getByText('Records behind the figures of payments-service'),
    ).toBeInTheDocument();
  });
});
