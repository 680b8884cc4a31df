import { GitHubGraphqlError } from './errors';
import { FieldSource, once } from './objects';

/** Relay pagination arguments; GraphQL passes `null` for explicit nulls. */
export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** Items of a connection, fetched a window at a time (git history is never materialised). */
export interface ConnectionSource<T> {
  count(): Promise<number>;
  /** Items `[start, end)`; fewer when the source ends first. */
  slice(start: number, end: number): Promise<T[]>;
}

export function arraySource<T>(items: readonly T[]): ConnectionSource<T> {
  return {
    count: async () => items.length,
    slice: async (start, end) => items.slice(start, end),
  };
}

/** For lists that need I/O to build (refs); loaded once, and only if a field needs them. */
export function lazyArraySource<T>(
  load: () => Promise<readonly T[]>,
): ConnectionSource<T> {
  const items = once(load);
  return {
    count: async () => (await items()).length,
    slice: async (start, end) => (await items()).slice(start, end),
  };
}

/** Turns item positions into cursors and back. */
export interface CursorCodec {
  encode(index: number): string;
  /** `undefined` when the cursor is not one this connection issued. */
  decode(cursor: string): number | undefined;
}

/** Opaque like GitHub's `Y3Vyc29yOnYyOpHO...` cursors, but position based. */
export const offsetCursors: CursorCodec = {
  encode: index => Buffer.from(`cursor:v2:${index}`).toString('base64'),
  decode: cursor => {
    const match = /^cursor:v2:(\d+)$/.exec(
      Buffer.from(cursor, 'base64').toString('utf8'),
    );
    return match ? Number(match[1]) : undefined;
  },
};

export const MAX_PAGE_SIZE = 100;

export interface ConnectionOptions<T> {
  node(item: T): unknown;
  /** Fields some edge types add next to `cursor` and `node` (`role`, `size`). */
  edgeFields?(item: T): Record<string, unknown>;
  /** Fields some connection types add next to `totalCount` (`totalSize`). */
  fields?: Record<string, unknown>;
  cursors?: CursorCodec;
}

interface Window<T> {
  items: T[];
  start: number;
  hasNextPage: () => Promise<boolean>;
  hasPreviousPage: boolean;
}

function checkSize(
  name: string,
  argument: 'first' | 'last',
  value: number,
): void {
  if (value < 0) {
    throw new GitHubGraphqlError(
      'INVALID_ARGUMENTS',
      `\`${argument}\` on the \`${name}\` connection cannot be less than zero.`,
    );
  }
  if (value > MAX_PAGE_SIZE) {
    throw new GitHubGraphqlError(
      'EXCESSIVE_PAGINATION',
      `Requesting ${value} records on the \`${name}\` connection exceeds the \`${argument}\` limit of ${MAX_PAGE_SIZE} records.`,
    );
  }
}

function position(
  cursor: string | null | undefined,
  codec: CursorCodec,
): number | undefined {
  if (cursor === null || cursor === undefined) {
    return undefined;
  }
  const decoded = codec.decode(cursor);
  if (decoded === undefined) {
    throw new GitHubGraphqlError(
      'INVALID_CURSOR_ARGUMENTS',
      `\`${cursor}\` does not appear to be a valid cursor.`,
    );
  }
  return decoded;
}

/** GitHub's rules: exactly one of `first`/`last`, at most 100 records. */
function checkArgs(name: string, args: ConnectionArgs): void {
  const hasFirst = args.first !== null && args.first !== undefined;
  const hasLast = args.last !== null && args.last !== undefined;
  if (!hasFirst && !hasLast) {
    throw new GitHubGraphqlError(
      'MISSING_PAGINATION_BOUNDARIES',
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`,
    );
  }
  if (hasFirst && hasLast) {
    throw new GitHubGraphqlError(
      'INVALID_ARGUMENTS',
      `Passing both \`first\` and \`last\` to paginate the \`${name}\` connection is not supported.`,
    );
  }
  if (hasFirst) checkSize(name, 'first', args.first!);
  if (hasLast) checkSize(name, 'last', args.last!);
}

async function computeWindow<T>(
  source: ConnectionSource<T>,
  args: ConnectionArgs,
  codec: CursorCodec,
): Promise<Window<T>> {
  const afterIndex = position(args.after, codec);
  const beforeIndex = position(args.before, codec);
  const start = afterIndex === undefined ? 0 : afterIndex + 1;
  const total = once(() => source.count());
  if (args.first !== null && args.first !== undefined) {
    const limit = Math.max(
      0,
      Math.min(args.first, (beforeIndex ?? Infinity) - start),
    );
    // One extra item tells whether a next page exists without counting.
    const fetched = await source.slice(start, start + limit + 1);
    return {
      items: fetched.slice(0, limit),
      start,
      hasNextPage: async () => fetched.length > limit,
      hasPreviousPage: start > 0,
    };
  }
  const end = beforeIndex ?? (await total());
  const begin = Math.max(start, end - args.last!);
  const items = end > begin ? await source.slice(begin, end) : [];
  return {
    items,
    start: begin,
    hasNextPage: async () => end < (await total()),
    hasPreviousPage: begin > 0,
  };
}

/**
 * A connection object with real Relay semantics: `first`/`after` and
 * `last`/`before` windows, `pageInfo`, `totalCount`, `nodes` and `edges`.
 * Work happens only for the fields a query selects.
 *
 * @param name the field name, as GitHub's pagination errors quote it
 */
export function connection<T>(
  name: string,
  args: ConnectionArgs,
  items: ConnectionSource<T> | readonly T[],
  options: ConnectionOptions<T>,
): FieldSource {
  checkArgs(name, args);
  const source = Array.isArray(items)
    ? arraySource(items as readonly T[])
    : (items as ConnectionSource<T>);
  const codec = options.cursors ?? offsetCursors;
  const window = once(() => computeWindow(source, args, codec));
  const cursorOf = (index: number) => codec.encode(index);
  return {
    ...options.fields,
    totalCount: () => source.count(),
    nodes: async () => (await window()).items.map(item => options.node(item)),
    edges: async () => {
      const { items: page, start } = await window();
      return page.map((item, offset) => ({
        ...options.edgeFields?.(item),
        cursor: cursorOf(start + offset),
        node: options.node(item),
      }));
    },
    pageInfo: async () => {
      const {
        items: page,
        start,
        hasNextPage,
        hasPreviousPage,
      } = await window();
      return {
        hasNextPage,
        hasPreviousPage,
        startCursor: page.length > 0 ? cursorOf(start) : null,
        endCursor: page.length > 0 ? cursorOf(start + page.length - 1) : null,
      };
    },
  };
}
