import type { SeededRandom } from './random';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

const WORKDAY_START_HOUR = 9;
const WORKDAY_END_HOUR = 18;

/** Git and GitHub keep whole seconds; planning in whole seconds keeps both in agreement. */
export function wholeSeconds(ms: number): number {
  return Math.floor(ms / SECOND) * SECOND;
}

/** GitHub's timestamp format: UTC without milliseconds. */
export function toGitHubTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An ISO time in the author's zone, e.g. `2024-05-01T10:00:00+01:00`; git keeps the offset. */
export function toLocalTime(ms: number, utcOffsetMinutes: number): string {
  const local = new Date(ms + utcOffsetMinutes * MINUTE)
    .toISOString()
    .replace(/\.\d{3}Z$/, '');
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(utcOffsetMinutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  const minutes = String(absolute % 60).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
}

function localParts(ms: number, utcOffsetMinutes: number) {
  const local = new Date(ms + utcOffsetMinutes * MINUTE);
  return { weekday: local.getUTCDay(), hour: local.getUTCHours() };
}

export function isWorkingTime(ms: number, utcOffsetMinutes: number): boolean {
  const { weekday, hour } = localParts(ms, utcOffsetMinutes);
  return (
    weekday >= 1 &&
    weekday <= 5 &&
    hour >= WORKDAY_START_HOUR &&
    hour < WORKDAY_END_HOUR
  );
}

/** Start of the person's local day (midnight local), as UTC ms. */
function localMidnight(ms: number, utcOffsetMinutes: number): number {
  const offset = utcOffsetMinutes * MINUTE;
  return Math.floor((ms + offset) / DAY) * DAY - offset;
}

/**
 * `ms` if it falls in the person's working hours (Mon–Fri 09–18 local),
 * otherwise a moment early in their next working day.
 */
export function nextWorkingTime(
  ms: number,
  utcOffsetMinutes: number,
  random: SeededRandom,
): number {
  if (isWorkingTime(ms, utcOffsetMinutes)) {
    return wholeSeconds(ms);
  }
  let day = localMidnight(ms, utcOffsetMinutes);
  const { hour } = localParts(ms, utcOffsetMinutes);
  if (hour >= WORKDAY_START_HOUR) {
    day += DAY;
  }
  while (!isWorkingTime(day + WORKDAY_START_HOUR * HOUR, utcOffsetMinutes)) {
    day += DAY;
  }
  return wholeSeconds(
    day + WORKDAY_START_HOUR * HOUR + random.int(0, 100) * MINUTE,
  );
}

/** A delay that only counts while the person is at work (reviews, merges). */
export function afterWorkingDelay(
  ms: number,
  delayMinutes: number,
  utcOffsetMinutes: number,
  random: SeededRandom,
): number {
  return nextWorkingTime(ms + delayMinutes * MINUTE, utcOffsetMinutes, random);
}

/** A random moment inside the working hours of the week starting at `weekStart`. */
export function randomWorkingTimeInWeek(
  weekStart: number,
  utcOffsetMinutes: number,
  random: SeededRandom,
): number {
  const candidate =
    weekStart +
    random.int(0, 4) * DAY +
    random.int(0, DAY / MINUTE - 1) * MINUTE;
  return nextWorkingTime(candidate, utcOffsetMinutes, random);
}

/** Monday 00:00 UTC of the week containing `ms`. */
export function startOfWeek(ms: number): number {
  const day = Math.floor(ms / DAY) * DAY;
  const weekday = new Date(day).getUTCDay();
  return day - ((weekday + 6) % 7) * DAY;
}
