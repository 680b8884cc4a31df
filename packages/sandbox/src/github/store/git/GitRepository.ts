import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { LruCache } from './LruCache';
import {
  decodeCommit,
  decodeTree,
  EMPTY_TREE_SHA,
  encodeCommit,
  encodeTree,
  entryTypeForMode,
  GitCommit,
  GitObjectType,
  GitTreeEntry,
  GitTreeEntryType,
  hashObject,
} from './objects';
import { runGit, streamGit } from './runGit';

const inflate = promisify(zlib.inflate);
const deflate = promisify(zlib.deflate);

const FULL_SHA = /^[0-9a-f]{40}$/;
const ZERO_SHA = '0'.repeat(40);

export interface RefEntry {
  ref: string;
  sha: string;
}

/** `sha: null` removes the path, as in `POST /git/trees`. */
export interface TreeChange {
  path: string;
  mode: string;
  sha: string | null;
}

export interface RecursiveTreeEntry {
  path: string;
  mode: string;
  type: GitTreeEntryType;
  sha: string;
  size: number | undefined;
}

export interface RevListOptions {
  include: string[];
  exclude?: string[];
  path?: string;
  since?: string;
  until?: string;
  authors?: string[];
  skip?: number;
  limit?: number;
  reverse?: boolean;
  firstParent?: boolean;
}

export type TreeMergeResult =
  | { clean: true; tree: string }
  | { clean: false; conflictingPaths: string[] };

/**
 * One bare repository on disk. Objects the sandbox writes are stored loose
 * by this process (no process spawn per commit, so seeding thousands of
 * commits stays fast); anything needing git's algorithms (history walks,
 * merges, diffs, archives, pushes) goes through the `git` CLI so what the API
 * reports and what `git clone` sees can never disagree.
 */
export class GitRepository {
  readonly gitDir: string;
  readonly #commits = new LruCache<string, GitCommit>(20_000);
  readonly #trees = new LruCache<string, GitTreeEntry[]>(20_000);
  readonly #knownObjectDirs = new Set<string>();

  constructor(gitDir: string) {
    this.gitDir = gitDir;
  }

  static async init(
    gitDir: string,
    defaultBranch: string,
  ): Promise<GitRepository> {
    await fs.mkdir(gitDir, { recursive: true });
    await runGit(gitDir, [
      'init',
      '--bare',
      '--quiet',
      `--initial-branch=${defaultBranch}`,
    ]);
    // Pushed objects stay loose (readable in-process) and are never repacked
    // behind the store's back.
    await fs.appendFile(
      path.join(gitDir, 'config'),
      '[receive]\n\tunpackLimit = 1000000000\n[gc]\n\tauto = 0\n[uploadpack]\n\tallowAnySHA1InWant = true\n',
    );
    return new GitRepository(gitDir);
  }

  // Objects

  async writeObject(type: GitObjectType, content: Buffer): Promise<string> {
    const sha = hashObject(type, content);
    const file = this.#looseObjectPath(sha);
    try {
      await fs.access(file);
      return sha;
    } catch {
      // Not stored yet.
    }
    const raw = Buffer.concat([
      Buffer.from(`${type} ${content.length}\0`),
      content,
    ]);
    // Small objects compress faster inline than through the thread pool.
    const compressed =
      raw.length < 64 * 1024 ? zlib.deflateSync(raw) : await deflate(raw);
    const fanOut = path.dirname(file);
    if (!this.#knownObjectDirs.has(fanOut)) {
      await fs.mkdir(fanOut, { recursive: true });
      this.#knownObjectDirs.add(fanOut);
    }
    const temporary = `${file}.${process.pid}.${Math.random()
      .toString(36)
      .slice(2)}`;
    await fs.writeFile(temporary, compressed, { mode: 0o444 });
    await fs.rename(temporary, file);
    return sha;
  }

  writeBlob(content: Buffer): Promise<string> {
    return this.writeObject('blob', content);
  }

  async writeTree(entries: GitTreeEntry[]): Promise<string> {
    const sha = await this.writeObject('tree', encodeTree(entries));
    this.#trees.set(sha, entries);
    return sha;
  }

  async writeCommit(commit: Omit<GitCommit, 'sha'>): Promise<string> {
    const sha = await this.writeObject('commit', encodeCommit(commit));
    this.#commits.set(sha, { ...commit, sha });
    return sha;
  }

  async readObject(
    sha: string,
  ): Promise<{ type: GitObjectType; content: Buffer } | undefined> {
    if (!FULL_SHA.test(sha)) {
      return undefined;
    }
    let raw: Buffer;
    try {
      raw = await fs.readFile(this.#looseObjectPath(sha));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return this.#readPackedObject(sha);
      }
      throw error;
    }
    const data = await inflate(raw);
    const nul = data.indexOf(0);
    const [type] = data.toString('utf8', 0, nul).split(' ');
    return { type: type as GitObjectType, content: data.subarray(nul + 1) };
  }

  async #readPackedObject(
    sha: string,
  ): Promise<{ type: GitObjectType; content: Buffer } | undefined> {
    const { stdout } = await runGit(this.gitDir, ['cat-file', '--batch'], {
      input: `${sha}\n`,
    });
    const headerEnd = stdout.indexOf(0x0a);
    const header = stdout.toString('utf8', 0, headerEnd).split(' ');
    if (header[1] === 'missing' || header.length < 3) {
      return undefined;
    }
    const size = Number(header[2]);
    return {
      type: header[1] as GitObjectType,
      content: stdout.subarray(headerEnd + 1, headerEnd + 1 + size),
    };
  }

  async objectType(sha: string): Promise<GitObjectType | undefined> {
    return (await this.readObject(sha))?.type;
  }

  async readBlob(sha: string): Promise<Buffer | undefined> {
    const object = await this.readObject(sha);
    return object?.type === 'blob' ? object.content : undefined;
  }

  async readTree(sha: string): Promise<GitTreeEntry[] | undefined> {
    const cached = this.#trees.get(sha);
    if (cached) {
      return cached;
    }
    const object = await this.readObject(sha);
    if (object?.type !== 'tree') {
      return undefined;
    }
    const entries = decodeTree(object.content);
    this.#trees.set(sha, entries);
    return entries;
  }

  async readCommit(sha: string): Promise<GitCommit | undefined> {
    const cached = this.#commits.get(sha);
    if (cached) {
      return cached;
    }
    const object = await this.readObject(sha);
    if (object?.type !== 'commit') {
      return undefined;
    }
    const commit = decodeCommit(sha, object.content);
    this.#commits.set(sha, commit);
    return commit;
  }

  /** Follows annotated tags down to the commit they point at. */
  async peelToCommit(sha: string): Promise<string | undefined> {
    let current = sha;
    for (let depth = 0; depth < 10; depth++) {
      const object = await this.readObject(current);
      if (!object) {
        return undefined;
      }
      if (object.type === 'commit') {
        return current;
      }
      if (object.type !== 'tag') {
        return undefined;
      }
      const target = /^object ([0-9a-f]{40})$/m.exec(
        object.content.toString('utf8'),
      );
      if (!target) {
        return undefined;
      }
      current = target[1];
    }
    return undefined;
  }

  #looseObjectPath(sha: string): string {
    return path.join(this.gitDir, 'objects', sha.slice(0, 2), sha.slice(2));
  }

  // Refs

  /** Reads a fully qualified ref (`refs/heads/main`) without spawning git. */
  async readRef(ref: string): Promise<string | undefined> {
    if (!ref.startsWith('refs/') || ref.includes('..')) {
      return undefined;
    }
    try {
      const text = (
        await fs.readFile(path.join(this.gitDir, ref), 'utf8')
      ).trim();
      if (text.startsWith('ref: ')) {
        return this.readRef(text.slice(5));
      }
      return FULL_SHA.test(text) ? text : undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EISDIR' && code !== 'ENOTDIR') {
        throw error;
      }
    }
    return (await this.#packedRefs()).get(ref);
  }

  async #packedRefs(): Promise<Map<string, string>> {
    const refs = new Map<string, string>();
    let text: string;
    try {
      text = await fs.readFile(path.join(this.gitDir, 'packed-refs'), 'utf8');
    } catch {
      return refs;
    }
    for (const line of text.split('\n')) {
      const match = /^([0-9a-f]{40}) (.+)$/.exec(line);
      if (match) {
        refs.set(match[2], match[1]);
      }
    }
    return refs;
  }

  async listRefs(prefix = 'refs/'): Promise<RefEntry[]> {
    const { stdout } = await runGit(this.gitDir, [
      'for-each-ref',
      '--format=%(objectname) %(refname)',
      prefix,
    ]);
    return stdout
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const space = line.indexOf(' ');
        return { sha: line.slice(0, space), ref: line.slice(space + 1) };
      });
  }

  async isEmpty(): Promise<boolean> {
    return (await this.listRefs()).length === 0;
  }

  /**
   * Resolves what GitHub accepts as `ref`/`sha` parameters: a branch, a tag,
   * a fully qualified ref or a (possibly abbreviated) commit sha.
   */
  async resolveCommitish(name: string): Promise<string | undefined> {
    if (FULL_SHA.test(name)) {
      return this.peelToCommit(name);
    }
    const candidates = name.startsWith('refs/')
      ? [name]
      : [`refs/heads/${name}`, `refs/tags/${name}`];
    for (const candidate of candidates) {
      const sha = await this.readRef(candidate);
      if (sha) {
        return this.peelToCommit(sha);
      }
    }
    if (/^[0-9a-f]{4,39}$/.test(name)) {
      const { stdout, exitCode } = await runGit(
        this.gitDir,
        ['rev-parse', '--verify', '--quiet', `${name}^{commit}`],
        { okExitCodes: [1, 128] },
      );
      return exitCode === 0 ? stdout.toString('utf8').trim() : undefined;
    }
    return undefined;
  }

  /**
   * Compare-and-swap update. `expectedOld: null` requires that the ref does
   * not exist yet; `undefined` skips the check.
   */
  async updateRef(
    ref: string,
    newSha: string,
    expectedOld?: string | null,
  ): Promise<boolean> {
    const args = ['update-ref', ref, newSha];
    if (expectedOld !== undefined) {
      args.push(expectedOld ?? ZERO_SHA);
    }
    const { exitCode } = await runGit(this.gitDir, args, {
      okExitCodes: [1, 128],
    });
    return exitCode === 0;
  }

  async deleteRef(ref: string, expectedOld?: string): Promise<boolean> {
    const args = ['update-ref', '-d', ref];
    if (expectedOld) {
      args.push(expectedOld);
    }
    const { exitCode } = await runGit(this.gitDir, args, {
      okExitCodes: [1, 128],
    });
    return exitCode === 0;
  }

  /** Replaces HEAD atomically: a concurrent git process must never see it half-written. */
  async setHead(branch: string): Promise<void> {
    const file = path.join(this.gitDir, 'HEAD');
    const content = `ref: refs/heads/${branch}\n`;
    if ((await fs.readFile(file, 'utf8').catch(() => '')) === content) {
      return;
    }
    const temporary = `${file}.${process.pid}.${Math.random()
      .toString(36)
      .slice(2)}`;
    await fs.writeFile(temporary, content);
    await fs.rename(temporary, file);
  }

  // History

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const { exitCode } = await runGit(
      this.gitDir,
      ['merge-base', '--is-ancestor', ancestor, descendant],
      { okExitCodes: [1] },
    );
    return exitCode === 0;
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    const { stdout, exitCode } = await runGit(
      this.gitDir,
      ['merge-base', a, b],
      { okExitCodes: [1] },
    );
    return exitCode === 0 ? stdout.toString('utf8').trim() : undefined;
  }

  #revListArgs(options: RevListOptions): string[] {
    const args: string[] = [];
    if (options.skip) args.push(`--skip=${options.skip}`);
    if (options.limit !== undefined) args.push(`--max-count=${options.limit}`);
    if (options.since) args.push(`--since=${options.since}`);
    if (options.until) args.push(`--until=${options.until}`);
    if (options.firstParent) args.push('--first-parent');
    if (options.reverse) args.push('--reverse');
    for (const author of options.authors ?? []) {
      args.push(`--author=${author}`);
    }
    if (options.authors?.length) {
      args.push('--fixed-strings');
    }
    args.push(...options.include);
    args.push(...(options.exclude ?? []).map(sha => `^${sha}`));
    args.push('--');
    if (options.path) args.push(options.path);
    return args;
  }

  async revList(options: RevListOptions): Promise<string[]> {
    const { stdout } = await runGit(this.gitDir, [
      'rev-list',
      ...this.#revListArgs(options),
    ]);
    return stdout.toString('utf8').split('\n').filter(Boolean);
  }

  async countCommits(options: RevListOptions): Promise<number> {
    const { stdout } = await runGit(this.gitDir, [
      'rev-list',
      '--count',
      ...this.#revListArgs(options),
    ]);
    return Number(stdout.toString('utf8').trim());
  }

  // Trees

  async resolvePath(
    treeSha: string,
    filePath: string,
  ): Promise<GitTreeEntry | undefined> {
    const segments = filePath.split('/').filter(Boolean);
    if (segments.length === 0) {
      return { name: '', mode: '040000', type: 'tree', sha: treeSha };
    }
    let current: GitTreeEntry | undefined = {
      name: '',
      mode: '040000',
      type: 'tree',
      sha: treeSha,
    };
    for (const segment of segments) {
      if (current?.type !== 'tree') {
        return undefined;
      }
      const entries: GitTreeEntry[] | undefined = await this.readTree(
        current.sha,
      );
      current = entries?.find(entry => entry.name === segment);
    }
    return current;
  }

  /** Entries with blob sizes, as the trees API lists them; `recursive` descends into subtrees. */
  async listTree(
    treeSha: string,
    recursive: boolean,
  ): Promise<RecursiveTreeEntry[]> {
    const { stdout } = await runGit(this.gitDir, [
      'ls-tree',
      ...(recursive ? ['-r', '-t'] : []),
      '-l',
      '-z',
      '--full-tree',
      treeSha,
    ]);
    return stdout
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .map(line => {
        const tab = line.indexOf('\t');
        const [mode, type, sha, size] = line.slice(0, tab).split(/ +/);
        return {
          path: line.slice(tab + 1),
          mode: mode.padStart(6, '0'),
          type: type as GitTreeEntryType,
          sha,
          size: size === '-' ? undefined : Number(size),
        };
      });
  }

  /**
   * Applies path-level changes to a tree, writing only the subtrees that
   * change. Directories left empty disappear, as they do in git.
   */
  async editTree(
    baseTree: string | null,
    changes: TreeChange[],
  ): Promise<string> {
    const result = await this.#editSubtree(
      baseTree,
      changes.map(change => ({
        ...change,
        segments: change.path.split('/').filter(Boolean),
      })),
    );
    return result ?? (await this.writeTree([]));
  }

  async #editSubtree(
    treeSha: string | null,
    changes: Array<TreeChange & { segments: string[] }>,
  ): Promise<string | null> {
    const entries = new Map<string, GitTreeEntry>();
    for (const entry of treeSha ? (await this.readTree(treeSha)) ?? [] : []) {
      entries.set(entry.name, entry);
    }
    const nested = new Map<
      string,
      Array<TreeChange & { segments: string[] }>
    >();
    for (const change of changes) {
      const [head, ...rest] = change.segments;
      if (rest.length === 0) {
        if (change.sha === null) {
          entries.delete(head);
        } else {
          entries.set(head, {
            name: head,
            mode: change.mode,
            type: entryTypeForMode(change.mode),
            sha: change.sha,
          });
        }
        continue;
      }
      const group = nested.get(head) ?? [];
      group.push({ ...change, segments: rest });
      nested.set(head, group);
    }
    for (const [name, group] of nested) {
      const existing = entries.get(name);
      const subtree = await this.#editSubtree(
        existing?.type === 'tree' ? existing.sha : null,
        group,
      );
      if (subtree === null) {
        entries.delete(name);
      } else {
        entries.set(name, { name, mode: '040000', type: 'tree', sha: subtree });
      }
    }
    if (entries.size === 0) {
      return null;
    }
    return this.writeTree([...entries.values()]);
  }

  // Merging

  /** Content-level three-way merge of two commits, as GitHub's merge button does. */
  async mergeCommits(ours: string, theirs: string): Promise<TreeMergeResult> {
    const { stdout, stderr, exitCode } = await runGit(
      this.gitDir,
      [
        'merge-tree',
        '--write-tree',
        '--name-only',
        '--no-messages',
        ours,
        theirs,
      ],
      { okExitCodes: [1, 128] },
    );
    const lines = stdout.toString('utf8').split('\n').filter(Boolean);
    if (exitCode === 0) {
      return { clean: true, tree: lines[0] };
    }
    if (exitCode === 128 && !/unrelated/.test(stderr)) {
      throw new Error(`git merge-tree failed: ${stderr.trim()}`);
    }
    return { clean: false, conflictingPaths: lines.slice(1) };
  }

  /**
   * Replays the change `base -> theirs` onto `ours`. git 2.39's merge-tree
   * has no `--merge-base`, so the merge base is forced with throwaway commits
   * whose only common ancestor is a copy of `base`'s tree.
   */
  async cherryPickTree(
    base: string,
    ours: string,
    theirs: string,
  ): Promise<TreeMergeResult> {
    const [baseCommit, oursCommit, theirsCommit] = await Promise.all(
      [base, ours, theirs].map(sha => this.readCommit(sha)),
    );
    if (!baseCommit || !oursCommit || !theirsCommit) {
      throw new Error('cherryPickTree needs three commits');
    }
    const stamp = baseCommit.committer;
    const syntheticBase = await this.writeCommit({
      tree: baseCommit.tree,
      parents: [],
      author: stamp,
      committer: stamp,
      message: 'sandbox merge base',
      signature: null,
    });
    const [syntheticOurs, syntheticTheirs] = await Promise.all(
      [oursCommit.tree, theirsCommit.tree].map(tree =>
        this.writeCommit({
          tree,
          parents: [syntheticBase],
          author: stamp,
          committer: stamp,
          message: `sandbox side ${tree}`,
          signature: null,
        }),
      ),
    );
    return this.mergeCommits(syntheticOurs, syntheticTheirs);
  }

  // Archives

  archive(sha: string, format: 'tar' | 'zip', prefix: string): Readable {
    return streamGit(this.gitDir, [
      'archive',
      `--format=${format}`,
      `--prefix=${prefix}`,
      sha,
    ]);
  }

  emptyTreeSha(): string {
    return EMPTY_TREE_SHA;
  }
}
