import { screen } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { identityApiRef } from '@backstage/frontend-plugin-api';
import {
  DX_FIGURE_KEYS,
  DxEntityFigures,
} from '@callboard/plugin-dx-metrics-common';
import { DxMetricsApi, dxMetricsApiRef } from '../../api';
import { DxHomeCard } from './DxHomeCard';

jest.setTimeout(60_000);

const values: Record<string, number | null> = {
  deploymentFrequency: 2,
  leadTime: 30,
  changeFailureRate: 0.2,
  recoveryTime: null,
  reworkRate: 0.1,
};

const team: DxEntityFigures = {
  entityRef: 'group:default/team-checkout',
  title: 'Checkout',
  window: 30,
  status: 'ok',
  figures: Object.fromEntries(
    DX_FIGURE_KEYS.map(key => [
      key,
      {
        key,
        value: values[key],
        band: key === 'deploymentFrequency' ? 'elite' : null,
        sampleSize: 3,
        trend: [],
      },
    ]),
  ) as unknown as DxEntityFigures['figures'],
  leadTimeBreakdown: {
    coding: null,
    pickup: null,
    review: null,
    deploy: null,
    changes: 0,
  },
  coverage: {
    repositories: [],
    deploymentSource: 'deployments',
    pullRequests: true,
    incidents: true,
    notes: [],
  },
  botChanges: 0,
  computedAt: '2026-12-01T00:00:00Z',
};

async function render(ownershipEntityRefs: string[]) {
  const getFigures = jest.fn().mockResolvedValue(team);
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [dxMetricsApiRef, { getFigures } as unknown as DxMetricsApi],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: 'user:default/ada',
            ownershipEntityRefs,
          }),
        ],
      ]}
    >
      <DxHomeCard />
    </TestApiProvider>,
  );
  return getFigures;
}

describe('DxHomeCard', () => {
  it("shows the signed-in user's team's keys with their bands, linked to its tab", async () => {
    const getFigures = await render([
      'user:default/ada',
      'group:default/team-checkout',
    ]);
    const list = await screen.findByRole('list', {
      name: 'DX metrics of Checkout, last 30 days',
    });
    expect(list).toHaveTextContent('Deployment frequency: 2.0 per day');
    expect(list).toHaveTextContent('Change failure rate: 20 %');
    expect(screen.getByLabelText('DORA band: elite')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: "Checkout's DX metrics" }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/group/team-checkout/dx-metrics',
    );
    expect(getFigures).toHaveBeenCalledWith('group:default/team-checkout', 30);
  });

  it('says so when the user is in no team, and asks for nothing', async () => {
    const getFigures = await render(['user:default/ada']);
    expect(
      await screen.findByText(/You are not a member of a team in the catalog/),
    ).toBeInTheDocument();
    expect(getFigures).not.toHaveBeenCalled();
  });
});
