import { describeFactValueProblem, FactType, parseFactId } from './facts';

describe('fact values', () => {
  it.each<[FactType, unknown]>([
    ['bool', true],
    ['int', 3],
    ['double', 0.5],
    ['string', ''],
    ['timestamp', '2025-06-02T12:00:00Z'],
    ['timestamp', '2025-06-02T12:00:00.000+02:00'],
    ['list<string>', ['a']],
    ['list<int>', [1, 2]],
    ['map', { a: { b: [1] } }],
  ])('accepts a %s value %p', (type, value) => {
    expect(describeFactValueProblem(type, value)).toBeUndefined();
  });

  it.each<[FactType, unknown]>([
    ['bool', 'true'],
    ['int', 1.5],
    ['double', Number.NaN],
    ['string', null],
    ['timestamp', 'yesterday'],
    ['list<string>', [1]],
    ['list<int>', [0.5]],
    ['map', []],
    ['int', undefined],
  ])('refuses a %s value %p and says what was expected', (type, value) => {
    expect(describeFactValueProblem(type, value)).toContain(
      `expected a value of type ${type}`,
    );
  });
});

describe('parseFactId', () => {
  it('splits a fact id', () => {
    expect(parseFactId('github.hasReadme')).toEqual({
      collectorId: 'github',
      name: 'hasReadme',
    });
  });

  it.each(['github', 'github.', 'GitHub.x', 'github.has-readme', 'a.b.c'])(
    'refuses %p',
    id => {
      expect(() => parseFactId(id)).toThrow(`'${id}' is not a fact id`);
    },
  );
});
