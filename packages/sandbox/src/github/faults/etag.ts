import { createHash } from 'node:crypto';

/** Weak validator over the response bytes, in GitHub's `W/"..."` form. */
export function computeEtag(body: Buffer): string {
  return `W/"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
}

/** `If-None-Match` may list several validators; weak and strong forms compare equal. */
export function etagMatches(
  ifNoneMatch: string | undefined,
  etag: string,
): boolean {
  if (!ifNoneMatch) {
    return false;
  }
  const bare = (value: string) => value.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some(candidate => {
    const trimmed = candidate.trim();
    return trimmed === '*' || bare(trimmed) === bare(etag);
  });
}
