import { TrendPoint } from '@callboard/plugin-scorecards-common';
import { isolatedPoints } from './TrendChart';

const point = (date: string, score: number | null): TrendPoint => ({
  date,
  score,
  entities: score === null ? 0 : 3,
});

describe('isolatedPoints', () => {
  it.each<[string, TrendPoint[], number[]]>([
    [
      'the only scored day of a new portal, at the end of the window',
      [
        point('2026-12-04', null),
        point('2026-12-05', null),
        point('2026-12-06', 62),
      ],
      [2],
    ],
    [
      'a scored day between gaps',
      [
        point('2026-12-04', 50),
        point('2026-12-05', null),
        point('2026-12-06', 62),
        point('2026-12-07', null),
      ],
      [0, 2],
    ],
    [
      'no day of a continuous history',
      [point('2026-12-05', 50), point('2026-12-06', 62)],
      [],
    ],
    ['nothing when nothing was scored', [point('2026-12-06', null)], []],
  ])('marks %s', (_, points, expected) => {
    expect([...isolatedPoints(points)]).toEqual(expected);
  });
});
