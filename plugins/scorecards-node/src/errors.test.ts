import { FactCollectionFailure, toFactCollectionError } from './errors';

function httpError(
  status: number,
  headers: Record<string, string> = {},
  message = `HTTP ${status}`,
) {
  return Object.assign(new Error(message), {
    status,
    response: { headers },
  });
}

describe('toFactCollectionError', () => {
  it.each([
    [httpError(401), 'forbidden'],
    [httpError(403), 'forbidden'],
    [httpError(403, { 'x-ratelimit-remaining': '0' }), 'rate-limited'],
    [httpError(429), 'rate-limited'],
    [httpError(404), 'not-found'],
    [httpError(500), 'unavailable'],
    [httpError(503), 'unavailable'],
    [
      Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      'unavailable',
    ],
    [new Error('something else'), 'failed'],
    ['a string', 'failed'],
  ])('classifies %p as %s', (error, kind) => {
    expect(toFactCollectionError(error).kind).toBe(kind);
  });

  it('reads when a rate limit resets', () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    const result = toFactCollectionError(
      httpError(403, {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(reset),
      }),
    );
    expect(result.retryAfter).toEqual(new Date(reset * 1000));
  });

  it('turns Retry-After seconds into a time', () => {
    const before = Date.now();
    const result = toFactCollectionError(
      httpError(429, { 'retry-after': '30' }),
    );
    expect(result.retryAfter!.getTime()).toBeGreaterThanOrEqual(
      before + 30_000,
    );
  });

  it('keeps a thrown FactCollectionFailure as it is', () => {
    const retryAfter = new Date('2030-01-01T00:00:00Z');
    expect(
      toFactCollectionError(
        new FactCollectionFailure(
          'not-found',
          "Cluster 'eu-1' is not configured",
          {
            retryAfter,
          },
        ),
      ),
    ).toEqual({
      kind: 'not-found',
      message: "Cluster 'eu-1' is not configured",
      retryAfter,
    });
  });

  it('keeps only the first line of a message, so stacks never reach users', () => {
    const error = new Error(
      'Request failed\n    at Object.<anonymous> (/srv/x.js:1:1)',
    );
    expect(toFactCollectionError(error).message).toBe('Request failed');
  });
});
