import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FactCollector } from '@callboard/plugin-scorecards-node';
import { compileDefinitions, checkVersion } from './loadDefinitions';
import { FactCatalog, factCatalogOf } from './celEnvironment';
import { createCatalogCollector } from '../collectors/catalogCollector';
import { createGithubCollector } from '../collectors/githubCollector';

const facts: FactCatalog = new Map([
  ['github.hasReadme', { type: 'bool', collectorId: 'github' }],
  ['github.requiredReviews', { type: 'int', collectorId: 'github' }],
  ['github.reusableWorkflowRef', { type: 'string', collectorId: 'github' }],
  ['catalog.tags', { type: 'list<string>', collectorId: 'catalog' }],
  ['kubernetes.lastDeploy', { type: 'timestamp', collectorId: 'kubernetes' }],
]);

const check = {
  id: 'has-readme',
  title: 'Has a README',
  description: 'Explains itself.',
  howToFix: 'Add one.',
  facts: ['github.hasReadme'],
  expression: 'github.hasReadme',
};

const file = (checks: object[], url = 'https://example.com/checks.yaml') => ({
  url,
  content: JSON.stringify({ checks }),
});

describe('compileDefinitions', () => {
  it.each([
    ['invalid CEL', { expression: 'github.hasReadme &&' }, 'Unexpected token'],
    [
      'an unknown fact',
      { facts: ['github.hasReadm'], expression: 'github.hasReadm' },
      "unknown fact 'github.hasReadm'; collector 'github' declares",
    ],
    [
      'a fact of a collector that is not installed',
      { facts: ['dx.deploys'], expression: 'dx.deploys > 1' },
      "no collector 'dx' is installed",
    ],
    [
      'a fact the check does not declare',
      { expression: 'github.hasReadme && github.requiredReviews > 0' },
      'No such key: requiredReviews',
    ],
    [
      'a wrong type in the expression',
      {
        facts: ['github.requiredReviews'],
        expression: 'github.requiredReviews == "two"',
      },
      'no such overload',
    ],
    [
      'a non-boolean result',
      {
        facts: ['github.reusableWorkflowRef'],
        expression: 'github.reusableWorkflowRef',
      },
      'returns string; a check must return bool',
    ],
    [
      'a boolean result with thresholds',
      { thresholds: { min: 1 } },
      'a check with thresholds must return int or double',
    ],
    ['a schema violation', { id: 'Has Readme' }, 'id: must be lowercase'],
  ])(
    'reports %s with the file, the check and the error, and loads the rest',
    (_, change, error) => {
      const definitions = compileDefinitions(
        [
          file([
            { ...check, id: 'good', expression: 'github.hasReadme' },
            { ...check, ...change },
          ]),
        ],
        facts,
      );
      expect([...definitions.checks.keys()]).toEqual(['good']);
      expect(definitions.problems).toHaveLength(1);
      expect(definitions.problems[0]).toMatchObject({
        file: 'https://example.com/checks.yaml',
        check: (change as { id?: string }).id ?? 'has-readme',
      });
      expect(definitions.problems[0].error).toContain(error);
    },
  );

  it('reports a file that is not YAML and loads the other files', () => {
    const definitions = compileDefinitions(
      [
        { url: 'https://example.com/bad.yaml', content: 'checks: [' },
        file([check]),
      ],
      facts,
    );
    expect(definitions.checks.has('has-readme')).toBe(true);
    expect(definitions.problems).toEqual([
      {
        file: 'https://example.com/bad.yaml',
        error: expect.stringContaining('is not valid YAML'),
      },
    ]);
  });

  it('refuses a scorecard that refers to a check that did not load', () => {
    const definitions = compileDefinitions(
      [
        {
          url: 'https://example.com/s.yaml',
          content: JSON.stringify({
            scorecards: [
              {
                id: 'ready',
                title: 'Ready',
                description: 'x',
                levels: [{ name: 'Bronze', checks: ['has-readme', 'nope'] }],
              },
            ],
          }),
        },
        file([check]),
      ],
      facts,
    );
    expect(definitions.scorecards).toEqual([]);
    expect(definitions.problems[0]).toMatchObject({
      scorecard: 'ready',
      error: 'refers to checks that did not load: nope',
    });
  });

  it('versions a check by its expression and thresholds only', () => {
    expect(checkVersion({ expression: 'a' })).toBe(
      checkVersion({ expression: 'a' }),
    );
    expect(checkVersion({ expression: 'a' })).not.toBe(
      checkVersion({ expression: 'b' }),
    );
    expect(checkVersion({ expression: 'a', thresholds: { min: 1 } })).not.toBe(
      checkVersion({ expression: 'a' }),
    );
  });

  it.each([
    [
      'int facts as numbers',
      {
        facts: ['github.requiredReviews'],
        expression: 'github.requiredReviews',
        thresholds: { min: 1 },
      },
      new Map([['github.requiredReviews', 2]]),
      2n,
    ],
    [
      'lists',
      { facts: ['catalog.tags'], expression: '"pci" in catalog.tags' },
      new Map([['catalog.tags', ['pci']]]),
      true,
    ],
    [
      'timestamps',
      {
        facts: ['kubernetes.lastDeploy'],
        expression: 'kubernetes.lastDeploy > timestamp("2025-01-01T00:00:00Z")',
      },
      new Map([['kubernetes.lastDeploy', '2025-06-01T00:00:00Z']]),
      true,
    ],
  ])('evaluates %s', (_, change, values, expected) => {
    const definitions = compileDefinitions(
      [file([{ ...check, ...change }])],
      facts,
    );
    expect(definitions.problems).toEqual([]);
    expect(
      definitions.checks.get('has-readme')!.evaluate(values as never),
    ).toBe(expected);
  });
});

const dir = join(__dirname, '../../../../catalog/demo/scorecards');
const files = readdirSync(dir)
  .sort()
  .map(name => ({
    url: name,
    content: readFileSync(join(dir, name), 'utf8'),
  }));

describe('the demo definitions', () => {
  it('load without problems against the built-in collectors', () => {
    const collectors = [
      createCatalogCollector({ groupTypes: async () => new Map() }),
      createGithubCollector({
        factory: {} as never,
        defaultHost: 'github.com',
        lockFile: '.callboard/template.json',
        latestTemplateVersion: async () => undefined,
      }),
    ];
    // The kubernetes module publishes one map fact per workload policy; its
    // own tests check that it publishes every fact the demo file reads.
    const kubernetesFiles = files.filter(f => f.url.startsWith('kubernetes'));
    const kubernetes: FactCollector = {
      id: 'kubernetes',
      title: 'Kubernetes',
      ttl: { hours: 1 },
      facts: Object.fromEntries(
        kubernetesFiles
          .flatMap(f =>
            (parse(f.content).checks as Array<{ facts: string[] }>).flatMap(
              c => c.facts,
            ),
          )
          .map(id => [
            id.split('.')[1],
            { type: 'map' as const, description: 'a policy outcome' },
          ]),
      ),
      collect: async () => [],
    };
    expect(kubernetesFiles).toHaveLength(1);
    const definitions = compileDefinitions(
      files,
      factCatalogOf([...collectors, kubernetes]),
    );
    expect(definitions.problems).toEqual([]);
    expect(definitions.scorecards.map(s => s.id)).toEqual([
      'workload-standards',
      'production-readiness',
    ]);
  });
});
