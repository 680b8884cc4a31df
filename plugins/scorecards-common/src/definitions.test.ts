import {
  checkDefinitionSchema,
  definitionsFileSchema,
  scorecardDefinitionSchema,
} from './definitions';

const check = {
  id: 'has-readme',
  title: 'Has a README',
  description: 'The repository explains itself.',
  howToFix: 'Add a `README.md`.',
  facts: ['github.hasReadme'],
  expression: 'github.hasReadme',
};

describe('checkDefinitionSchema', () => {
  it('accepts a boolean check and a metric check', () => {
    expect(checkDefinitionSchema.safeParse(check).success).toBe(true);
    expect(
      checkDefinitionSchema.safeParse({
        ...check,
        filter: { kind: ['Component'], lifecycle: ['production'] },
        thresholds: { min: 2 },
      }).success,
    ).toBe(true);
  });

  it.each([
    ['an id with capitals', { id: 'HasReadme' }, 'id'],
    ['a fact without collector', { facts: ['hasReadme'] }, 'facts.0'],
    ['no facts', { facts: [] }, 'facts'],
    ['empty thresholds', { thresholds: {} }, 'thresholds'],
    ['min above max', { thresholds: { min: 3, max: 1 } }, 'thresholds'],
    ['an unknown field', { severity: 'high' }, ''],
    ['an unknown filter field', { filter: { owner: ['x'] } }, 'filter'],
    ['a link that is no URL', { link: 'wiki page' }, 'link'],
  ])('refuses %s', (_, change, path) => {
    const result = checkDefinitionSchema.safeParse({ ...check, ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path.join('.')).toBe(path);
  });
});

describe('scorecardDefinitionSchema', () => {
  it('accepts levels with plain and weighted checks', () => {
    expect(
      scorecardDefinitionSchema.safeParse({
        id: 'production-readiness',
        title: 'Production readiness',
        description: 'Ready to run in production.',
        levels: [
          { name: 'Bronze', checks: ['has-readme'] },
          { name: 'Silver', checks: [{ check: 'has-owner', weight: 3 }] },
        ],
      }).success,
    ).toBe(true);
  });

  it('refuses a scorecard without levels', () => {
    expect(
      scorecardDefinitionSchema.safeParse({
        id: 'x',
        title: 'X',
        description: 'x',
        levels: [],
      }).success,
    ).toBe(false);
  });
});

describe('definitionsFileSchema', () => {
  it('refuses a file that defines nothing', () => {
    expect(definitionsFileSchema.safeParse({ checks: [] }).success).toBe(false);
  });
});
