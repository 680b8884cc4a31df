import { createHash } from 'node:crypto';

export type GitObjectType = 'blob' | 'tree' | 'commit' | 'tag';

export interface GitSignature {
  name: string;
  email: string;
  /** ISO 8601 in UTC, e.g. `2024-05-01T10:00:00Z`. */
  date: string;
  /** Offset of the author's clock, `+0200`; git keeps it, GitHub's REST view drops it. */
  timezone: string;
}

export interface GitCommit {
  sha: string;
  tree: string;
  parents: string[];
  author: GitSignature;
  committer: GitSignature;
  message: string;
  signature: string | null;
}

export type GitTreeEntryType = 'blob' | 'tree' | 'commit';

export interface GitTreeEntry {
  name: string;
  /** As GitHub renders it: `100644`, `100755`, `120000`, `040000`, `160000`. */
  mode: string;
  type: GitTreeEntryType;
  sha: string;
}

export const EMPTY_TREE_SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export function hashObject(type: GitObjectType, content: Buffer): string {
  return createHash('sha1')
    .update(`${type} ${content.length}\0`)
    .update(content)
    .digest('hex');
}

export function entryTypeForMode(mode: string): GitTreeEntryType {
  if (mode === '040000' || mode === '40000') {
    return 'tree';
  }
  if (mode === '160000') {
    return 'commit';
  }
  return 'blob';
}

export function isValidMode(mode: string): boolean {
  return ['100644', '100755', '120000', '040000', '160000'].includes(mode);
}

function compareTreeEntries(a: GitTreeEntry, b: GitTreeEntry): number {
  // git orders a tree "x" as if it were named "x/".
  const nameA = Buffer.from(a.type === 'tree' ? `${a.name}/` : a.name);
  const nameB = Buffer.from(b.type === 'tree' ? `${b.name}/` : b.name);
  return Buffer.compare(nameA, nameB);
}

export function encodeTree(entries: GitTreeEntry[]): Buffer {
  const sorted = [...entries].sort(compareTreeEntries);
  return Buffer.concat(
    sorted.map(entry =>
      Buffer.concat([
        Buffer.from(
          `${entry.mode === '040000' ? '40000' : entry.mode} ${entry.name}\0`,
        ),
        Buffer.from(entry.sha, 'hex'),
      ]),
    ),
  );
}

export function decodeTree(content: Buffer): GitTreeEntry[] {
  const entries: GitTreeEntry[] = [];
  let offset = 0;
  while (offset < content.length) {
    const space = content.indexOf(0x20, offset);
    const nul = content.indexOf(0, space);
    const rawMode = content.toString('utf8', offset, space);
    const mode = rawMode.padStart(6, '0');
    const name = content.toString('utf8', space + 1, nul);
    const sha = content.toString('hex', nul + 1, nul + 21);
    entries.push({ name, mode, type: entryTypeForMode(mode), sha });
    offset = nul + 21;
  }
  return entries;
}

const SIGNATURE_LINE = /^(.*) <(.*)> (-?\d+) ([+-]\d{4})$/;

function encodeSignature(signature: GitSignature): string {
  const seconds = Math.floor(new Date(signature.date).getTime() / 1000);
  return `${signature.name} <${signature.email}> ${seconds} ${signature.timezone}`;
}

function decodeSignature(line: string): GitSignature {
  const match = SIGNATURE_LINE.exec(line);
  if (!match) {
    return {
      name: line,
      email: '',
      date: new Date(0).toISOString(),
      timezone: '+0000',
    };
  }
  return {
    name: match[1],
    email: match[2],
    date: new Date(Number(match[3]) * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
    timezone: match[4],
  };
}

/**
 * Builds a signature from API input. An explicit offset in the date
 * (`2024-01-01T10:00:00+02:00`) is kept as the commit's timezone, as git does.
 */
export function toGitSignature(
  identity: { name: string; email: string; date?: string | Date },
  fallbackDate: string,
): GitSignature {
  const rawDate = identity.date ?? fallbackDate;
  const date = new Date(rawDate);
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`Invalid date '${String(rawDate)}'`);
  }
  let timezone = '+0000';
  if (typeof rawDate === 'string') {
    const offset = /([+-])(\d{2}):?(\d{2})$/.exec(rawDate);
    if (offset && /T/.test(rawDate)) {
      timezone = `${offset[1]}${offset[2]}${offset[3]}`;
    }
  }
  return {
    name: identity.name,
    email: identity.email,
    date: date.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    timezone,
  };
}

export function encodeCommit(commit: Omit<GitCommit, 'sha'>): Buffer {
  const lines = [`tree ${commit.tree}`];
  for (const parent of commit.parents) {
    lines.push(`parent ${parent}`);
  }
  lines.push(`author ${encodeSignature(commit.author)}`);
  lines.push(`committer ${encodeSignature(commit.committer)}`);
  if (commit.signature) {
    lines.push(`gpgsig ${commit.signature.split('\n').join('\n ')}`);
  }
  return Buffer.from(`${lines.join('\n')}\n\n${commit.message}`);
}

export function decodeCommit(sha: string, content: Buffer): GitCommit {
  const text = content.toString('utf8');
  const headerEnd = text.indexOf('\n\n');
  const header = headerEnd === -1 ? text : text.slice(0, headerEnd);
  const message = headerEnd === -1 ? '' : text.slice(headerEnd + 2);
  const commit: GitCommit = {
    sha,
    tree: '',
    parents: [],
    author: decodeSignature(''),
    committer: decodeSignature(''),
    message,
    signature: null,
  };
  let current: { key: string; value: string } | undefined;
  const fields: Array<{ key: string; value: string }> = [];
  for (const line of header.split('\n')) {
    if (line.startsWith(' ') && current) {
      current.value += `\n${line.slice(1)}`;
      continue;
    }
    const space = line.indexOf(' ');
    current = { key: line.slice(0, space), value: line.slice(space + 1) };
    fields.push(current);
  }
  for (const { key, value } of fields) {
    if (key === 'tree') commit.tree = value;
    else if (key === 'parent') commit.parents.push(value);
    else if (key === 'author') commit.author = decodeSignature(value);
    else if (key === 'committer') commit.committer = decodeSignature(value);
    else if (key === 'gpgsig') commit.signature = value;
  }
  return commit;
}

function hasControlCharacter(value: string): boolean {
  return [...value].some(
    char => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f,
  );
}

/** The subset of `git check-ref-format` rules that API input can violate. */
export function isValidRefName(ref: string): boolean {
  if (!ref || ref.endsWith('/') || ref.endsWith('.') || ref.startsWith('/')) {
    return false;
  }
  if (/(\.\.|\/\/|@\{|[ ~^:?*[\\])/.test(ref) || hasControlCharacter(ref)) {
    return false;
  }
  return ref
    .split('/')
    .every(part => part && !part.startsWith('.') && !part.endsWith('.lock'));
}
