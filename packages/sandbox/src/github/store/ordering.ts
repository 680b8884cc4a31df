/** Orders by a key, breaking ties with a number so listings are stable; `direction` applies to both. */
export function orderBy<T>(
  key: (item: T) => string | number,
  tieBreaker: (item: T) => number,
  direction: 'asc' | 'desc',
): (a: T, b: T) => number {
  const factor = direction === 'asc' ? 1 : -1;
  return (a, b) => {
    const left = key(a);
    const right = key(b);
    if (left === right) {
      return (tieBreaker(a) - tieBreaker(b)) * factor;
    }
    return (left < right ? -1 : 1) * factor;
  };
}

export function byKeyThenId<T extends { id: number }>(
  key: (item: T) => string | number,
  direction: 'asc' | 'desc',
): (a: T, b: T) => number {
  return orderBy(key, item => item.id, direction);
}
