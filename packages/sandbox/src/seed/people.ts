import type { DemoCatalog, DemoUser } from './demoCatalog';
import { GITHUB_LOGIN_ANNOTATION } from './demoCatalog';
import type { SeededRandom } from './random';

export interface DemoPerson {
  login: string;
  /** The catalog User's name; undefined for bots. */
  entityName: string | undefined;
  name: string;
  email: string;
  /** Team names (catalog Groups of type team). */
  teams: string[];
  /** The person's clock, so author dates fall in their working hours. */
  utcOffsetMinutes: number;
  kind: 'human' | 'bot';
}

export interface BotAccount {
  login: string;
  name: string;
  /** GitHub's real bot account ids, so noreply addresses look familiar. */
  id: number;
}

export const DEPENDABOT = 'dependabot[bot]';
export const RENOVATE = 'renovate[bot]';
export const GITHUB_ACTIONS = 'github-actions[bot]';

export const BOT_ACCOUNTS: readonly BotAccount[] = [
  { login: DEPENDABOT, name: 'dependabot[bot]', id: 49699333 },
  { login: RENOVATE, name: 'renovate[bot]', id: 29139614 },
  { login: GITHUB_ACTIONS, name: 'github-actions[bot]', id: 41898282 },
];

export function botEmail(bot: BotAccount): string {
  return `${bot.id}+${bot.login}@users.noreply.github.com`;
}

/** `ada.okafor` becomes `ada-okafor`: GitHub logins cannot contain dots. */
export function githubLoginOf(user: DemoUser): string {
  return (
    user.annotations[GITHUB_LOGIN_ANNOTATION] ?? user.name.replace(/\./g, '-')
  );
}

/** Offsets of the cities Tidewater hires in (London, Lisbon, Berlin, Helsinki), without DST. */
const OFFICE_OFFSETS = [0, 0, 60, 60, 60, 120];

export function peopleOf(
  catalog: DemoCatalog,
  random: SeededRandom,
): DemoPerson[] {
  const humans: DemoPerson[] = catalog.users.map(user => ({
    login: githubLoginOf(user),
    entityName: user.name,
    name: user.displayName,
    email: user.email,
    teams: catalog.teams
      .filter(team => team.members.includes(user.name))
      .map(team => team.name),
    utcOffsetMinutes: random.fork(user.name).pick(OFFICE_OFFSETS),
    kind: 'human',
  }));
  const bots: DemoPerson[] = BOT_ACCOUNTS.map(bot => ({
    login: bot.login,
    entityName: undefined,
    name: bot.name,
    email: botEmail(bot),
    teams: [],
    utcOffsetMinutes: 0,
    kind: 'bot',
  }));
  return [...humans, ...bots];
}
