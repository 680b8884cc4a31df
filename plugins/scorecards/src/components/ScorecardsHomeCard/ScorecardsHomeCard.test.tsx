import { screen } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { identityApiRef } from '@backstage/frontend-plugin-api';
import { TeamRollupResponse } from '@callboard/plugin-scorecards-common';
import { ScorecardsApi, scorecardsApiRef } from '../../api';
import { ScorecardsHomeCard } from './ScorecardsHomeCard';

const rollup: TeamRollupResponse = {
  teamRef: 'group:default/team-checkout',
  window: 30,
  services: [],
  scorecards: [
    {
      id: 'ready',
      title: 'Production readiness',
      levels: ['Bronze', 'Silver'],
      shares: [
        { level: null, count: 1, share: 0.25 },
        { level: 'Bronze', count: 3, share: 0.75 },
        { level: 'Silver', count: 0, share: 0 },
      ],
      score: 51,
      trend: [],
    },
  ],
  mostFailing: [],
};

describe('ScorecardsHomeCard', () => {
  it.each([
    [
      ['user:default/ada', 'group:default/team-checkout'],
      'Production readiness: 51 / 100',
      1,
    ],
    [['user:default/ada'], 'You are not a member of a team in the catalog.', 0],
  ])(
    'for a user owning %p shows %p',
    async (ownershipEntityRefs, text, calls) => {
      const getTeam = jest.fn().mockResolvedValue(rollup);
      await renderInTestApp(
        <TestApiProvider
          apis={[
            [scorecardsApiRef, { getTeam } as unknown as ScorecardsApi],
            [
              identityApiRef,
              mockApis.identity({
                userEntityRef: 'user:default/ada',
                ownershipEntityRefs,
              }),
            ],
          ]}
        >
          <ScorecardsHomeCard />
        </TestApiProvider>,
      );
      expect(await screen.findByText(text)).toBeInTheDocument();
      expect(getTeam).toHaveBeenCalledTimes(calls);
    },
  );

  it('links to the team page and shows the level shares', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            scorecardsApiRef,
            {
              getTeam: jest.fn().mockResolvedValue(rollup),
            } as unknown as ScorecardsApi,
          ],
          [
            identityApiRef,
            mockApis.identity({
              ownershipEntityRefs: ['group:default/team-checkout'],
            }),
          ],
        ]}
      >
        <ScorecardsHomeCard />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('no level 25% · Bronze 75%'),
    ).toBeInTheDocument();
    expect(
      screen.getByText("Your team's scorecards").closest('a'),
    ).toHaveAttribute(
      'href',
      '/catalog/default/group/team-checkout/scorecards',
    );
  });
});
