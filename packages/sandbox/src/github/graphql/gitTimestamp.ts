import type { GitSignature } from '../store/git/objects';

/**
 * A signature's time on the author's clock, as GitHub's `GitTimestamp` and
 * push payloads show it (`2024-05-01T12:00:00+02:00`); UTC stays `Z`.
 */
export function gitTimestamp(signature: GitSignature): string {
  const match = /^([+-])(\d{2})(\d{2})$/.exec(signature.timezone);
  if (!match || signature.timezone === '+0000') {
    return signature.date;
  }
  const sign = match[1] === '-' ? -1 : 1;
  const minutes = sign * (Number(match[2]) * 60 + Number(match[3]));
  const local = new Date(new Date(signature.date).getTime() + minutes * 60_000);
  return `${local.toISOString().replace(/\.\d{3}Z$/, '')}${match[1]}${
    match[2]
  }:${match[3]}`;
}
