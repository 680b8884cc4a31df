import type { ChangeKind } from '../changes';
import {
  DAY,
  HOUR,
  MINUTE,
  randomWorkingTimeInWeek,
  startOfWeek,
  WEEK,
} from '../time';
import type { PlanningContext } from './PlanningContext';

const HUMAN_KINDS: ReadonlyArray<
  readonly [Exclude<ChangeKind, 'dependency'>, number]
> = [
  ['feature', 42],
  ['fix', 24],
  ['refactor', 10],
  ['test', 9],
  ['docs', 7],
  ['chore', 8],
];

/** Week by week, a varying number of pull requests around the repository's rate. */
function scheduleHumanWork(context: PlanningContext): void {
  const { random, profile, now } = context;
  for (let week = startOfWeek(profile.historyStart); week < now; week += WEEK) {
    const expected = profile.weeklyPullRequests * random.between(0.4, 1.6);
    const count = Math.floor(expected + random.next());
    for (let index = 0; index < count; index++) {
      const author = context.pickAuthor();
      const at = randomWorkingTimeInWeek(
        week,
        context.offsetOf(author),
        random,
      );
      if (at < profile.historyStart || at > now - HOUR) {
        continue;
      }
      context.queue.add({
        type: 'open',
        at,
        request: { kind: random.weighted(HUMAN_KINDS), author, urgent: false },
      });
    }
  }
}

/** Dependency bots open a bump every couple of weeks, at night UTC; weekly for the deprecated. */
function scheduleBotWork(context: PlanningContext): void {
  const { random, profile, now } = context;
  const [minimumDays, maximumDays] =
    profile.lifecycle === 'deprecated' ? [7, 14] : [14, 28];
  for (
    let at = profile.historyStart + random.int(1, 10) * DAY;
    at < now - HOUR;
    at += random.int(minimumDays, maximumDays) * DAY
  ) {
    const night = Math.floor(at / DAY) * DAY + random.int(2, 6) * HOUR;
    context.queue.add({
      type: 'open',
      at: night + random.int(0, 59) * MINUTE,
      request: {
        kind: 'dependency',
        author: profile.dependencyBot,
        urgent: false,
      },
    });
  }
}

function scheduleReleases(context: PlanningContext): void {
  const { random, profile, now } = context;
  if (!profile.publishesReleases) {
    return;
  }
  for (
    let at = profile.historyStart + random.int(14, 30) * DAY;
    at < now;
    at += random.int(21, 42) * DAY
  ) {
    context.queue.add({ type: 'release', at });
  }
}

/** The events known up front; deploys, fixes and incidents follow from them. */
export function scheduleHistory(context: PlanningContext): void {
  scheduleHumanWork(context);
  scheduleBotWork(context);
  scheduleReleases(context);
}
