import { aggregate, leadTimeBreakdown, windowEndingAt } from './aggregate';
import { repositoryFacts } from './definitions';
import { DEFAULT_DEFINITION_OPTIONS, DefinitionOptions } from './types';
import { H, HistoryBuilder, T0 } from './__testUtils__';

const options = DEFAULT_DEFINITION_OPTIONS;
const window = windowEndingAt(T0 + 30 * 24 * H, 30);

function figuresOf(
  builder: HistoryBuilder,
  scope: { name: string; path?: string } = { name: 'web' },
  definitionOptions: DefinitionOptions = options,
) {
  const facts = repositoryFacts(builder.history, scope, definitionOptions);
  return {
    facts,
    figures: aggregate([facts], window, {
      includeBots: definitionOptions.includeBotsInLeadTime,
      notes: { incidentSignal: builder.history.hasIncidentSignal },
    }),
    breakdown: leadTimeBreakdown(
      [facts],
      window,
      definitionOptions.includeBotsInLeadTime,
    ),
  };
}

/** A repository deployed once two days before the window, so only the change under test counts. */
function baseline(): HistoryBuilder {
  const builder = new HistoryBuilder();
  builder.deploy(builder.commit(-48), -47);
  return builder;
}

describe('lead time: first commit to the first production deployment containing it', () => {
  it.each<{
    name: string;
    build: (b: HistoryBuilder) => void;
    expectedHours: number;
  }>([
    {
      name: 'squash merge keeps the branch commits’ first commit',
      build: b => {
        b.pull({
          method: 'squash',
          commitHours: [10, 12],
          openHour: 13,
          reviewHour: 15,
          mergeHour: 20,
        });
        b.deploy(b.head(), 22);
      },
      expectedHours: 12,
    },
    {
      name: 'rebase merge: rewritten commits belong to the pull request',
      build: b => {
        b.pull({
          method: 'rebase',
          commitHours: [10, 11],
          openHour: 12,
          reviewHour: 13,
          mergeHour: 20,
        });
        b.deploy(b.head(), 30);
      },
      expectedHours: 20,
    },
    {
      name: 'merge commit',
      build: b => {
        b.pull({
          method: 'merge',
          commitHours: [4, 9],
          openHour: 10,
          mergeHour: 11,
        });
        b.deploy(b.head(), 14);
      },
      expectedHours: 10,
    },
    {
      name: 'trunk commit without a pull request counts',
      build: b => {
        b.commit(40);
        b.deploy(b.head(), 41);
      },
      expectedHours: 1,
    },
    {
      name: 'a change waits for the next deployment when the one before was of an older commit',
      build: b => {
        const older = b.head();
        b.pull({
          method: 'squash',
          commitHours: [10],
          openHour: 10,
          mergeHour: 11,
        });
        b.deploy(older, 12);
        b.deploy(b.head(), 50);
      },
      expectedHours: 40,
    },
    {
      name: 'a failed rollout does not deliver the change; the next success does',
      build: b => {
        b.pull({
          method: 'squash',
          commitHours: [10],
          openHour: 10,
          mergeHour: 11,
        });
        b.deploy(b.head(), 12, { status: 'failure' });
        b.deploy(b.head(), 20);
      },
      expectedHours: 10,
    },
  ])('$name', ({ build, expectedHours }) => {
    const builder = baseline();
    build(builder);
    const { figures } = figuresOf(builder);
    expect(figures.leadTime.value).toBeCloseTo(expectedHours);
  });

  it('caps the first deployment’s lookback instead of absorbing the whole history', () => {
    const builder = new HistoryBuilder();
    builder.commit(0);
    builder.commit(24 * 20);
    builder.commit(24 * 29);
    // Deployment on day 29.5: only the commit of day 29 is within the 5-day lookback.
    builder.deploy(builder.head(), 24 * 29 + 12);
    const { facts, figures } = figuresOf(
      builder,
      { name: 'web' },
      { ...options, firstDeploymentLookbackDays: 5 },
    );
    expect(facts.changes.filter(c => c.deployedAt !== null)).toHaveLength(1);
    expect(figures.leadTime.value).toBeCloseTo(12);
  });

  it('separates bots and leaves them out of lead time by default', () => {
    const builder = baseline();
    builder.pull({
      method: 'squash',
      commitHours: [10],
      openHour: 10,
      mergeHour: 11,
      author: 'dependabot[bot]',
      bot: true,
    });
    builder.pull({
      method: 'squash',
      commitHours: [20],
      openHour: 20,
      mergeHour: 21,
    });
    builder.deploy(builder.head(), 22);
    expect(figuresOf(builder).figures.leadTime).toMatchObject({
      value: 2,
      sampleSize: 1,
    });
    expect(
      figuresOf(
        builder,
        { name: 'web' },
        { ...options, includeBotsInLeadTime: true },
      ).figures.leadTime.sampleSize,
    ).toBe(2);
  });

  it('breaks lead time into coding, pickup, review and deploy', () => {
    const builder = baseline();
    builder.pull({
      method: 'squash',
      commitHours: [10],
      openHour: 14,
      reviewHour: 15,
      mergeHour: 18,
    });
    builder.deploy(builder.head(), 26);
    expect(figuresOf(builder).breakdown).toEqual({
      coding: 4,
      pickup: 1,
      review: 3,
      deploy: 8,
      changes: 1,
    });
  });
});

describe('change failure rate, recovery time and rework rate', () => {
  it.each<{
    name: string;
    build: (b: HistoryBuilder) => void;
    cfr: number;
    recoveryHours: number;
    rework: number;
    reason: RegExp;
  }>([
    {
      name: 'revert',
      build: b => {
        b.pull({
          method: 'squash',
          commitHours: [10],
          openHour: 10,
          mergeHour: 11,
          title: 'Add cache',
        });
        b.deploy(b.head(), 12);
        b.pull({
          method: 'squash',
          commitHours: [13],
          openHour: 13,
          mergeHour: 14,
          title: 'Revert "Add cache"',
        });
        b.deploy(b.head(), 15);
      },
      cfr: 1 / 2,
      recoveryHours: 2,
      rework: 1 / 2,
      reason: /reverted: Revert "Add cache"/,
    },
    {
      name: 'rollback (a deployment of an older commit)',
      build: b => {
        const good = b.head();
        b.pull({
          method: 'squash',
          commitHours: [10],
          openHour: 10,
          mergeHour: 11,
        });
        b.deploy(b.head(), 12);
        b.deploy(good, 13);
      },
      cfr: 1 / 2,
      recoveryHours: 13 - 12.75,
      rework: 1 / 2,
      reason: /rolled back by deployment 3/,
    },
    {
      name: 'incident after a deployment',
      build: b => {
        b.pull({
          method: 'squash',
          commitHours: [10],
          openHour: 10,
          mergeHour: 11,
        });
        b.deploy(b.head(), 12);
        b.incident(14, 18);
      },
      cfr: 1,
      recoveryHours: 4,
      rework: 0,
      reason: /incident #1000/,
    },
    {
      name: 'failed rollout recovered by a hotfix',
      build: b => {
        b.pull({
          method: 'squash',
          commitHours: [10],
          openHour: 10,
          mergeHour: 11,
        });
        b.deploy(b.head(), 12, { status: 'failure' });
        b.pull({
          method: 'squash',
          commitHours: [13],
          openHour: 13,
          mergeHour: 14,
          labels: ['hotfix'],
        });
        b.deploy(b.head(), 16);
      },
      cfr: 1 / 2,
      recoveryHours: 4,
      rework: 1,
      reason: /rollout failed/,
    },
  ])('$name', ({ build, cfr, recoveryHours, rework, reason }) => {
    const builder = baseline();
    build(builder);
    const { facts, figures } = figuresOf(builder);
    expect(figures.changeFailureRate.value).toBeCloseTo(cfr);
    expect(figures.recoveryTime.value).toBeCloseTo(recoveryHours);
    expect(figures.reworkRate.value).toBeCloseTo(rework);
    expect(facts.deployments.flatMap(d => d.failureReasons).join('; ')).toMatch(
      reason,
    );
  });

  it('shows CFR with a coverage note, never a silent 0 %, when there is no incident signal', () => {
    const builder = baseline();
    builder.deploy(builder.commit(10), 11);
    const { figures } = figuresOf(builder);
    expect(figures.changeFailureRate.value).toBe(0);
    expect(figures.changeFailureRate.note).toMatch(/No incident signal/);
  });

  it('has no CFR and says why when nothing was deployed', () => {
    const builder = new HistoryBuilder();
    builder.commit(10);
    const { figures } = figuresOf(builder);
    expect(figures.changeFailureRate).toMatchObject({
      value: null,
      note: 'No production deployment in this window.',
    });
    expect(figures.deploymentFrequency.value).toBe(0);
  });
});

describe('deployment frequency and trend', () => {
  it('counts successful production deployments per day, with a weekly trend', () => {
    const builder = new HistoryBuilder();
    for (let day = 0; day < 30; day += 1) {
      builder.deploy(builder.commit(day * 24 + 1), day * 24 + 2);
    }
    builder.deploy(builder.head(), 30 * 24 - 1, { status: 'failure' });
    const { figures } = figuresOf(builder);
    expect(figures.deploymentFrequency).toMatchObject({
      value: 1,
      band: 'elite',
    });
    expect(figures.deploymentFrequency.trend).toHaveLength(5);
    expect(figures.deploymentFrequency.trend[0].value).toBe(1);
  });
});

describe('monorepo: components split by path', () => {
  function monorepo(): HistoryBuilder {
    const builder = new HistoryBuilder();
    builder.deploy(builder.commit(-48, { paths: ['README.md'] }), -47);
    builder.pull({
      method: 'squash',
      commitHours: [10],
      openHour: 10,
      mergeHour: 11,
      paths: ['services/api/src/index.ts'],
    });
    builder.pull({
      method: 'squash',
      commitHours: [5],
      openHour: 5,
      mergeHour: 12,
      paths: ['services/web/app.tsx', 'README.md'],
    });
    builder.commit(13, { paths: ['services/api/Dockerfile'] });
    builder.deploy(builder.head(), 20, { component: 'api' });
    builder.deploy(builder.head(), 30, { component: 'web' });
    return builder;
  }

  it.each([
    {
      scope: { name: 'api', path: 'services/api' },
      changes: 2,
      leadTime: (10 + 7) / 2,
      deployments: 1,
    },
    {
      scope: { name: 'web', path: 'services/web' },
      changes: 1,
      leadTime: 25,
      deployments: 1,
    },
  ])(
    '$scope.name counts the changes touching its path and its own deployments',
    ({ scope, changes, leadTime, deployments }) => {
      const { figures } = figuresOf(monorepo(), scope);
      expect(figures.leadTime.sampleSize).toBe(changes);
      expect(figures.leadTime.value).toBeCloseTo(leadTime);
      expect(figures.deploymentFrequency.sampleSize).toBe(deployments);
    },
  );
});
