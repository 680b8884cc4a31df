import { compileDefinitions } from '../../definitions/loadDefinitions';
import { FactCatalog } from '../../definitions/celEnvironment';
import { EvaluationInput, evaluateCheck, matchesFilter } from './evaluateCheck';

const catalog: FactCatalog = new Map([
  ['github.hasReadme', { type: 'bool', collectorId: 'github' }],
  ['github.requiredReviews', { type: 'int', collectorId: 'github' }],
  ['catalog.tags', { type: 'list<string>', collectorId: 'catalog' }],
]);

const base = { title: 't', description: 'd', howToFix: 'h' };
const { checks } = compileDefinitions(
  [
    {
      url: 'checks.yaml',
      content: JSON.stringify({
        checks: [
          {
            ...base,
            id: 'readme',
            facts: ['github.hasReadme'],
            expression: 'github.hasReadme',
          },
          {
            ...base,
            id: 'reviews',
            facts: ['github.requiredReviews'],
            expression: 'github.requiredReviews',
            thresholds: { min: 1, max: 6 },
          },
          {
            ...base,
            id: 'first-tag',
            facts: ['catalog.tags'],
            expression: 'catalog.tags[0] == "pci"',
          },
        ],
      }),
    },
  ],
  catalog,
);

const now = new Date('2026-06-01T12:00:00Z');
const hourAgo = new Date(now.getTime() - 3_600_000);
const fresh = (value: unknown) => ({
  value: value as never,
  collectedAt: hourAgo,
});

function input(overrides: Partial<EvaluationInput> = {}): EvaluationInput {
  return {
    facts: new Map(),
    collections: new Map([
      ['github', { succeededAt: hourAgo }],
      ['catalog', { succeededAt: hourAgo }],
    ]),
    skipReasons: new Map(),
    ttlMs: () => 3 * 3_600_000,
    now,
    ...overrides,
  };
}

describe('evaluateCheck', () => {
  it.each([
    [
      'a true fact passes',
      'readme',
      { facts: new Map([['github.hasReadme', fresh(true)]]) },
      'pass',
      undefined,
    ],
    [
      'a false fact fails',
      'readme',
      { facts: new Map([['github.hasReadme', fresh(false)]]) },
      'fail',
      undefined,
    ],
    [
      'a metric within thresholds passes',
      'reviews',
      { facts: new Map([['github.requiredReviews', fresh(2)]]) },
      'pass',
      undefined,
    ],
    [
      'a metric below min fails',
      'reviews',
      { facts: new Map([['github.requiredReviews', fresh(0)]]) },
      'fail',
      undefined,
    ],
    [
      'a metric above max fails',
      'reviews',
      { facts: new Map([['github.requiredReviews', fresh(7)]]) },
      'fail',
      undefined,
    ],
    [
      'a missing fact is unknown',
      'readme',
      {},
      'unknown',
      expect.stringContaining('github.hasReadme has not been collected yet'),
    ],
    [
      'a fact older than its TTL is unknown',
      'readme',
      {
        facts: new Map([
          [
            'github.hasReadme',
            {
              value: true,
              collectedAt: new Date(now.getTime() - 5 * 3_600_000),
            },
          ],
        ]),
      },
      'unknown',
      expect.stringContaining(
        'github.hasReadme was collected 5 hours ago; its TTL is 3 hours',
      ),
    ],
    [
      'a stale fact after failed collections names the failure',
      'readme',
      {
        facts: new Map([
          [
            'github.hasReadme',
            {
              value: true,
              collectedAt: new Date(now.getTime() - 5 * 3_600_000),
            },
          ],
        ]),
        collections: new Map([
          [
            'github',
            {
              succeededAt: new Date(now.getTime() - 5 * 3_600_000),
              failedAt: hourAgo,
              error: {
                kind: 'rate-limited',
                message: 'API rate limit exceeded',
              },
            },
          ],
        ]),
      },
      'unknown',
      expect.stringContaining(
        'the last collection failed (rate-limited): API rate limit exceeded',
      ),
    ],
    [
      'a fact the collector could not determine is unknown',
      'readme',
      {
        facts: new Map([
          [
            'github.hasReadme',
            {
              value: true,
              problem: 'needs admin access',
              collectedAt: hourAgo,
            },
          ],
        ]),
      },
      'unknown',
      expect.stringContaining('could not be determined: needs admin access'),
    ],
    [
      'a skipped collector is unknown with its reason',
      'readme',
      {
        skipReasons: new Map([
          ['github', 'no github.com/project-slug annotation'],
        ]),
      },
      'unknown',
      expect.stringContaining(
        'github.hasReadme: no github.com/project-slug annotation',
      ),
    ],
    [
      'an expression that throws is unknown with the error',
      'first-tag',
      { facts: new Map([['catalog.tags', fresh([])]]) },
      'unknown',
      expect.stringContaining('the expression failed for this entity'),
    ],
    [
      'an approved exemption turns a failure into exempt',
      'readme',
      {
        facts: new Map([['github.hasReadme', fresh(false)]]),
        exemption: {
          reason: 'migrating',
          expiresAt: new Date('2026-07-01T00:00:00Z'),
        },
      },
      'exempt',
      expect.stringContaining('exempt until 2026-07-01: migrating'),
    ],
  ])('%s', (_, checkId, overrides, status, reason) => {
    const result = evaluateCheck(
      checks.get(checkId)!,
      input(overrides as Partial<EvaluationInput>),
    );
    expect(result.status).toBe(status);
    expect(result.reason).toEqual(reason);
  });

  it('records the fact values that decided', () => {
    const result = evaluateCheck(
      checks.get('reviews')!,
      input({ facts: new Map([['github.requiredReviews', fresh(0)]]) }),
    );
    expect(result).toMatchObject({
      value: 0,
      facts: [
        {
          id: 'github.requiredReviews',
          value: 0,
          collectedAt: hourAgo.toISOString(),
        },
      ],
    });
  });
});

describe('matchesFilter', () => {
  const entity = {
    entityRef: 'component:default/a',
    kind: 'Component',
    type: 'service',
    lifecycle: 'production',
    tags: ['pci'],
  };
  it.each([
    [undefined, true],
    [{ kind: ['component'] }, true],
    [{ kind: ['API'] }, false],
    [{ type: ['website'] }, false],
    [{ lifecycle: ['production', 'experimental'] }, true],
    [{ tags: ['pci', 'gdpr'] }, true],
    [{ tags: ['gdpr'] }, false],
  ])('filter %p → %p', (filter, expected) => {
    expect(matchesFilter(entity, filter)).toBe(expected);
  });
});
