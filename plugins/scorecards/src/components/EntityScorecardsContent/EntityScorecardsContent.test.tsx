import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EntityScorecardsResponse } from '@callboard/plugin-scorecards-common';
import { ScorecardsApi, scorecardsApiRef } from '../../api';
import { SWRConfig } from 'swr';
import { EntityScorecardsContent } from './EntityScorecardsContent';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart', namespace: 'default' },
  spec: { type: 'service' },
};

const response: EntityScorecardsResponse = {
  entityRef: 'component:default/cart',
  scorecards: [
    {
      id: 'ready',
      title: 'Production readiness',
      description: 'Ready for traffic',
      levels: [{ name: 'Bronze', checks: ['required-reviews'] }],
      standing: {
        scorecardId: 'ready',
        level: null,
        levelIndex: -1,
        score: 0,
        unknownChecks: 0,
      },
    },
  ],
  checks: [
    {
      id: 'required-reviews',
      title: 'Requires a review',
      description: 'Branch protection requires an approving review.',
      howToFix: 'Require **1** approving review.',
      link: 'https://example.com/reviews',
      facts: ['github.requiredReviews'],
      version: 'abc',
      exemptions: [],
      result: {
        entityRef: 'component:default/cart',
        checkId: 'required-reviews',
        checkVersion: 'abc',
        status: 'fail',
        value: 0,
        facts: [
          {
            id: 'github.requiredReviews',
            value: 0,
            collectedAt: '2026-06-01T10:00:00Z',
          },
        ],
        changedAt: '2026-06-01T10:00:00Z',
        changeCause: 'rule',
        previousStatus: 'pass',
        evaluatedAt: '2026-06-01T10:00:00Z',
      },
    },
  ],
};

function fakeApi() {
  return {
    getEntity: jest.fn().mockResolvedValue(response),
    refreshEntity: jest.fn().mockResolvedValue(response),
    requestExemption: jest.fn().mockResolvedValue({}),
    reviewExemption: jest.fn().mockResolvedValue({}),
  };
}

async function render(
  api: ReturnType<typeof fakeApi>,
  allow: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [scorecardsApiRef, api as unknown as ScorecardsApi],
        [permissionApiRef, mockApis.permission({ authorize: allow })],
      ]}
    >
      {/* usePermission caches decisions in SWR; each test decides afresh. */}
      <SWRConfig value={{ provider: () => new Map() }}>
        <EntityProvider entity={entity}>
          <EntityScorecardsContent />
        </EntityProvider>
      </SWRConfig>
    </TestApiProvider>,
  );
}

describe('EntityScorecardsContent', () => {
  it('shows the level, the failing check, the values that decided it, why it changed and how to fix it', async () => {
    await render(fakeApi(), AuthorizeResult.DENY);
    expect(
      await screen.findByLabelText('level on Production readiness'),
    ).toHaveTextContent('No level yet');
    expect(screen.getByLabelText('status fail')).toBeInTheDocument();
    expect(
      screen.getByRole('list', { name: 'values of Requires a review' }),
    ).toHaveTextContent('github.requiredReviews = 0');
    expect(screen.getByText(/from pass: the rule changed/)).toBeInTheDocument();
    expect(screen.getByText('1')).toBeInTheDocument();
    expect(screen.getByText('Learn more').closest('a')).toHaveAttribute(
      'href',
      'https://example.com/reviews',
    );
    expect(
      screen.queryByRole('button', { name: 'Refresh now' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Request exemption' }),
    ).not.toBeInTheDocument();
  });

  it('lets an owner refresh and request an exemption', async () => {
    const api = fakeApi();
    await render(api, AuthorizeResult.ALLOW);
    fireEvent.click(await screen.findByRole('button', { name: 'Refresh now' }));
    await waitFor(() =>
      expect(api.refreshEntity).toHaveBeenCalledWith('component:default/cart'),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Request exemption' }));
    fireEvent.change(screen.getByLabelText(/Reason/), {
      target: { value: 'Reviews start after the migration' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    await waitFor(() =>
      expect(api.requestExemption).toHaveBeenCalledWith(
        expect.objectContaining({
          entityRef: 'component:default/cart',
          checkId: 'required-reviews',
          reason: 'Reviews start after the migration',
        }),
      ),
    );
  });
});
