import { CheckStatus } from '@callboard/plugin-scorecards-common';
import { computeLevel } from './levels';

const scorecard = {
  id: 'ready',
  title: 'Ready',
  description: 'x',
  file: 'f',
  levels: [
    {
      name: 'Bronze',
      checks: [
        { checkId: 'a', weight: 1 },
        { checkId: 'b', weight: 1 },
      ],
    },
    { name: 'Silver', checks: [{ checkId: 'c', weight: 2 }] },
    { name: 'Gold', checks: [{ checkId: 'd', weight: 1 }] },
  ],
};

describe('computeLevel', () => {
  it.each<
    [
      string,
      Record<string, CheckStatus | undefined>,
      string | null,
      number | null,
      number,
    ]
  >([
    [
      'nothing passes',
      { a: 'fail', b: 'fail', c: 'fail', d: 'fail' },
      null,
      0,
      0,
    ],
    [
      'bronze only',
      { a: 'pass', b: 'pass', c: 'fail', d: 'pass' },
      'Bronze',
      60,
      0,
    ],
    [
      'exempt counts as passing',
      { a: 'pass', b: 'exempt', c: 'pass', d: 'pass' },
      'Gold',
      100,
      0,
    ],
    [
      'an unknown check blocks the level but not the score',
      { a: 'pass', b: 'pass', c: 'unknown', d: 'pass' },
      'Bronze',
      100,
      1,
    ],
    [
      'a check that does not apply is left out',
      { a: 'pass', b: undefined, c: 'pass', d: 'fail' },
      'Silver',
      75,
      0,
    ],
    [
      'nothing decided',
      { a: 'unknown', b: 'unknown', c: 'unknown', d: 'unknown' },
      null,
      null,
      2,
    ],
    [
      'a higher level passing does not skip a failing one',
      { a: 'fail', b: 'pass', c: 'pass', d: 'pass' },
      null,
      80,
      0,
    ],
  ])('%s', (_, statuses, level, score, unknownChecks) => {
    expect(computeLevel(scorecard, id => statuses[id])).toMatchObject({
      level,
      score,
      unknownChecks,
    });
  });
});
