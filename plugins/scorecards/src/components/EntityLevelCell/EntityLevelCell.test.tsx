import { screen } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityLevelsResponse } from '@callboard/plugin-scorecards-common';
import { ScorecardsApi, scorecardsApiRef } from '../../api';
import { EntityLevelCell } from './EntityLevelCell';

const levels: EntityLevelsResponse = {
  scorecards: [
    {
      id: 'ready',
      title: 'Production readiness',
      levels: ['Bronze', 'Silver'],
    },
    { id: 'workloads', title: 'Workload standards', levels: ['Bronze'] },
  ],
  items: [
    {
      entityRef: 'component:default/cart',
      standings: [
        {
          scorecardId: 'ready',
          level: 'Silver',
          levelIndex: 1,
          score: 80,
          unknownChecks: 0,
        },
        {
          scorecardId: 'workloads',
          level: null,
          levelIndex: -1,
          score: 10,
          unknownChecks: 2,
        },
      ],
    },
  ],
};

async function renderCells(
  getLevels: jest.Mock,
  cells: Array<{ entityRef: string; scorecardId?: string }>,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[[scorecardsApiRef, { getLevels } as unknown as ScorecardsApi]]}
    >
      {cells.map(cell => (
        <div
          key={`${cell.entityRef}${cell.scorecardId}`}
          data-testid={`${cell.entityRef} ${cell.scorecardId ?? ''}`}
        >
          <EntityLevelCell {...cell} />
        </div>
      ))}
    </TestApiProvider>,
  );
}

describe('EntityLevelCell', () => {
  it('asks for the levels of every row of a page in one request', async () => {
    const getLevels = jest.fn().mockResolvedValue(levels);
    await renderCells(getLevels, [
      { entityRef: 'component:default/cart' },
      { entityRef: 'component:default/cart', scorecardId: 'workloads' },
      { entityRef: 'component:default/docs' },
    ]);
    expect(await screen.findByText('Silver')).toBeInTheDocument();
    expect(screen.getByText('No level')).toBeInTheDocument();
    // On one line: the catalog sizes its columns by their content and "not scored" wrapped.
    expect(screen.getByText('not scored')).toHaveStyle({
      whiteSpace: 'nowrap',
    });
    expect(getLevels).toHaveBeenCalledTimes(1);
    expect(getLevels).toHaveBeenCalledWith([
      'component:default/cart',
      'component:default/docs',
    ]);
  });

  it('names the scorecard the level belongs to', async () => {
    const getLevels = jest.fn().mockResolvedValue(levels);
    await renderCells(getLevels, [{ entityRef: 'component:default/cart' }]);
    expect(
      await screen.findByLabelText('Production readiness level'),
    ).toHaveTextContent('Silver');
  });

  it('says the levels are unavailable when the backend fails', async () => {
    const getLevels = jest
      .fn()
      .mockRejectedValue(new Error('Service Unavailable'));
    await renderCells(getLevels, [{ entityRef: 'component:default/cart' }]);
    expect(await screen.findByText('unavailable')).toBeInTheDocument();
  });

  it('names the checks that are still unknown beside the level, instead of passing them off as failing', async () => {
    const getLevels = jest.fn().mockResolvedValue(levels);
    await renderCells(getLevels, [
      { entityRef: 'component:default/cart', scorecardId: 'workloads' },
    ]);
    const cell = await screen.findByLabelText('Workload standards level');
    expect(cell).toHaveTextContent('No level');
    expect(cell).toHaveTextContent('2 unknown');
    // The reasons differ per check (not collected, stale, collector failing): the hover says where.
    expect(cell).toHaveAttribute(
      'title',
      expect.stringContaining("the entity's Scorecards tab says why"),
    );
  });

  it('adds nothing when every check of the next level is decided', async () => {
    const getLevels = jest.fn().mockResolvedValue(levels);
    await renderCells(getLevels, [
      { entityRef: 'component:default/cart', scorecardId: 'ready' },
    ]);
    const cell = await screen.findByLabelText('Production readiness level');
    expect(cell).toHaveTextContent(/^Silver$/);
  });
});
