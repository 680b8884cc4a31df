import { standingText } from './standingText';

describe('standingText', () => {
  it('gives the level and the score', () => {
    expect(
      standingText({
        scorecardId: 'ready',
        level: 'Silver',
        levelIndex: 1,
        score: 88,
        unknownChecks: 0,
      }),
    ).toBe('Silver (88)');
  });

  it('names the unknown checks beside a missing level', () => {
    expect(
      standingText({
        scorecardId: 'ready',
        level: null,
        levelIndex: -1,
        score: 78,
        unknownChecks: 2,
      }),
    ).toBe('No level (78), 2 unknown');
  });

  it('shows a dash for a score with nothing decided yet', () => {
    expect(
      standingText({
        scorecardId: 'ready',
        level: null,
        levelIndex: -1,
        score: null,
        unknownChecks: 3,
      }),
    ).toBe('No level (–), 3 unknown');
  });
});
