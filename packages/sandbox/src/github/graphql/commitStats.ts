import type { GitRepository } from '../store/git/GitRepository';
import { runGit } from '../store/git/runGit';

export interface CommitStats {
  additions: number;
  deletions: number;
  changedFiles: number;
}

interface Pending {
  git: GitRepository;
  requests: Map<
    string,
    { parent: string | undefined; resolve: (stats: CommitStats) => void }
  >;
  failures: Array<(error: unknown) => void>;
}

const SHA_LINE = /^[0-9a-f]{40}$/;

/** `git diff-tree --numstat` output: a sha line per commit, then one line per changed file. */
function parseNumstat(output: string): Map<string, CommitStats> {
  const stats = new Map<string, CommitStats>();
  let current: CommitStats | undefined;
  for (const line of output.split('\n')) {
    if (SHA_LINE.test(line)) {
      current = { additions: 0, deletions: 0, changedFiles: 0 };
      stats.set(line, current);
    } else if (current && line.includes('\t')) {
      const [added, deleted] = line.split('\t');
      current.additions += added === '-' ? 0 : Number(added);
      current.deletions += deleted === '-' ? 0 : Number(deleted);
      current.changedFiles += 1;
    }
  }
  return stats;
}

/**
 * Additions and deletions of commits (against the first parent, as GitHub
 * counts them), batched: a page of history asks for all of its commits in one
 * tick, and they are answered by one `git diff-tree --stdin` per repository.
 */
export class CommitStatsLoader {
  readonly #cache = new Map<string, Promise<CommitStats>>();
  readonly #pending = new Map<string, Pending>();
  #scheduled = false;

  load(
    git: GitRepository,
    sha: string,
    firstParent: string | undefined,
  ): Promise<CommitStats> {
    const key = `${git.gitDir}\0${sha}`;
    let promise = this.#cache.get(key);
    if (!promise) {
      promise = new Promise<CommitStats>((resolve, reject) => {
        let batch = this.#pending.get(git.gitDir);
        if (!batch) {
          batch = { git, requests: new Map(), failures: [] };
          this.#pending.set(git.gitDir, batch);
        }
        batch.requests.set(sha, { parent: firstParent, resolve });
        batch.failures.push(reject);
      });
      this.#cache.set(key, promise);
      this.#schedule();
    }
    return promise;
  }

  #schedule(): void {
    if (this.#scheduled) {
      return;
    }
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      const batches = [...this.#pending.values()];
      this.#pending.clear();
      for (const batch of batches) {
        this.#run(batch).catch(error =>
          batch.failures.forEach(fail => fail(error)),
        );
      }
    });
  }

  async #run(batch: Pending): Promise<void> {
    const input = [...batch.requests.entries()]
      .map(([sha, { parent }]) => (parent ? `${sha} ${parent}` : sha))
      .join('\n');
    const { stdout } = await runGit(
      batch.git.gitDir,
      ['diff-tree', '--stdin', '--root', '--always', '-r', '--numstat'],
      { input: `${input}\n` },
    );
    const stats = parseNumstat(stdout.toString('utf8'));
    for (const [sha, { resolve }] of batch.requests) {
      resolve(
        stats.get(sha) ?? { additions: 0, deletions: 0, changedFiles: 0 },
      );
    }
  }
}
