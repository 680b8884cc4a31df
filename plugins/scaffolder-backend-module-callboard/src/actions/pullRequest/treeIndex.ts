import type { PullRequestGithubApi, TreeEntry } from './githubApi';

function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/**
 * What a commit's tree holds at the paths an upsert touches. One recursive
 * listing answers for most repositories; when GitHub truncates it (very large
 * trees) only the folders on the touched paths are listed, one by one.
 */
export class TreeIndex {
  readonly #entries: Map<string, TreeEntry>;

  private constructor(entries: Map<string, TreeEntry>) {
    this.#entries = entries;
  }

  static async load(
    api: PullRequestGithubApi,
    treeSha: string,
    touchedPaths: string[],
  ): Promise<TreeIndex> {
    const listing = await api.tree(treeSha, true);
    if (!listing.truncated) {
      return TreeIndex.fromEntries(listing.entries);
    }
    return TreeIndex.fromEntries(
      await walkTouchedFolders(api, treeSha, touchedPaths),
    );
  }

  static fromEntries(entries: Iterable<TreeEntry>): TreeIndex {
    return new TreeIndex(
      new Map([...entries].map(entry => [entry.path, entry])),
    );
  }

  get(path: string): TreeEntry | undefined {
    return this.#entries.get(path);
  }

  /** Files (and links) at `path` itself or anywhere below it when it is a folder. */
  filesAt(path: string): TreeEntry[] {
    const entry = this.#entries.get(path);
    if (!entry) {
      return [];
    }
    if (entry.type !== 'tree') {
      return [entry];
    }
    const prefix = `${path}/`;
    return [...this.#entries.values()].filter(
      candidate =>
        candidate.type !== 'tree' && candidate.path.startsWith(prefix),
    );
  }
}

async function walkTouchedFolders(
  api: PullRequestGithubApi,
  rootSha: string,
  touchedPaths: string[],
): Promise<Iterable<TreeEntry>> {
  const entries = new Map<string, TreeEntry>();
  const listed = new Set<string>();

  const list = async (dir: string, sha: string, recursive: boolean) => {
    const key = `${recursive ? 'r' : 'd'}:${dir}`;
    if (listed.has(key)) {
      return;
    }
    listed.add(key);
    const listing = await api.tree(sha, recursive);
    if (recursive && listing.truncated) {
      throw new Error(
        `The folder '${dir}' is too large for GitHub to list; delete its files by name instead`,
      );
    }
    for (const entry of listing.entries) {
      const path = join(dir, entry.path);
      entries.set(path, { ...entry, path });
    }
  };

  for (const path of touchedPaths) {
    const segments = path.split('/');
    let dir = '';
    let dirSha = rootSha;
    for (const [index, segment] of segments.entries()) {
      await list(dir, dirSha, false);
      const entry = entries.get(join(dir, segment));
      if (!entry || entry.type !== 'tree') {
        break;
      }
      if (index === segments.length - 1) {
        // A whole folder is touched (a deletion): everything below it matters.
        await list(entry.path, entry.sha, true);
        break;
      }
      dir = entry.path;
      dirSha = entry.sha;
    }
  }
  return entries.values();
}
