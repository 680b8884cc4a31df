import type { Octokit } from 'octokit';
import {
  isGithubRequestFailure,
  GithubRepositoryTarget,
} from '@callboard/github';
import type { ProgressLog } from './progress';

export interface BranchTip {
  name: string;
  commitSha: string;
  treeSha: string;
}

export interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
}

export interface TreeListing {
  entries: TreeEntry[];
  truncated: boolean;
}

export interface OpenPullRequest {
  number: number;
  url: string;
  nodeId: string;
  title: string;
  body: string;
  draft: boolean;
  baseRef: string;
  labels: string[];
  requestedReviewers: string[];
  requestedTeams: string[];
}

export interface NewTreeEntry {
  path: string;
  mode: '100644' | '100755' | '040000' | '160000' | '120000';
  /** `commit` only for submodule entries (mode 160000). */
  type: 'blob' | 'commit';
  /** `null` deletes the path from the base tree. */
  sha?: string | null;
  content?: string;
}

export interface PullRequestEdits {
  title?: string;
  body?: string;
  base?: string;
}

function isNotFound(error: unknown): boolean {
  return isGithubRequestFailure(error) && error.status === 404;
}

function isUnprocessable(error: unknown): boolean {
  return isGithubRequestFailure(error) && error.status === 422;
}

const TREE_ENTRY_TYPES = new Set(['blob', 'tree', 'commit']);

/**
 * The GitHub calls the upsert makes on one repository, each run through the
 * progress log so a failure names the step and what came before it.
 */
export class PullRequestGithubApi {
  readonly #octokit: Octokit;
  readonly #owner: string;
  readonly #repo: string;
  readonly #progress: ProgressLog;

  constructor(
    octokit: Octokit,
    target: GithubRepositoryTarget,
    progress: ProgressLog,
  ) {
    this.#octokit = octokit;
    this.#owner = target.owner;
    this.#repo = target.repo;
    this.#progress = progress;
  }

  get #repoParams() {
    return { owner: this.#owner, repo: this.#repo };
  }

  async defaultBranch(): Promise<string> {
    return this.#progress.step(
      `read repository '${this.#owner}/${this.#repo}'`,
      async () =>
        (await this.#octokit.rest.repos.get(this.#repoParams)).data
          .default_branch,
    );
  }

  async branch(name: string): Promise<BranchTip | undefined> {
    return this.#progress.step(`read branch '${name}'`, async () => {
      try {
        const { data } = await this.#octokit.rest.repos.getBranch({
          ...this.#repoParams,
          branch: name,
        });
        return {
          name,
          commitSha: data.commit.sha,
          treeSha: data.commit.commit.tree.sha,
        };
      } catch (error) {
        if (isNotFound(error)) {
          return undefined;
        }
        throw error;
      }
    });
  }

  async openPullRequests(branch: string): Promise<OpenPullRequest[]> {
    return this.#progress.step(
      `look up open pull requests from branch '${branch}'`,
      async () => {
        const pulls = await this.#octokit.paginate(
          this.#octokit.rest.pulls.list,
          {
            ...this.#repoParams,
            state: 'open',
            head: `${this.#owner}:${branch}`,
            per_page: 100,
          },
        );
        return pulls.map(pull => ({
          number: pull.number,
          url: pull.html_url,
          nodeId: pull.node_id,
          title: pull.title,
          body: pull.body ?? '',
          draft: pull.draft ?? false,
          baseRef: pull.base.ref,
          labels: pull.labels.map(label => label.name ?? ''),
          requestedReviewers: (pull.requested_reviewers ?? []).map(
            user => user.login,
          ),
          requestedTeams: (pull.requested_teams ?? []).map(team => team.slug),
        }));
      },
    );
  }

  /** Logins of everyone who has reviewed the pull request. */
  async reviewers(pullNumber: number): Promise<string[]> {
    return this.#progress.step(
      `read the reviews of pull request #${pullNumber}`,
      async () => {
        const reviews = await this.#octokit.paginate(
          this.#octokit.rest.pulls.listReviews,
          { ...this.#repoParams, pull_number: pullNumber, per_page: 100 },
        );
        return reviews.flatMap(review =>
          review.user && review.state !== 'PENDING' ? [review.user.login] : [],
        );
      },
    );
  }

  async tree(treeSha: string, recursive: boolean): Promise<TreeListing> {
    return this.#progress.step(`read tree ${treeSha.slice(0, 7)}`, async () => {
      const { data } = await this.#octokit.rest.git.getTree({
        ...this.#repoParams,
        tree_sha: treeSha,
        ...(recursive ? { recursive: 'true' } : {}),
      });
      return {
        truncated: data.truncated,
        entries: data.tree.flatMap(entry =>
          entry.path &&
          entry.sha &&
          entry.mode &&
          TREE_ENTRY_TYPES.has(entry.type ?? '')
            ? [
                {
                  path: entry.path,
                  mode: entry.mode,
                  type: entry.type as TreeEntry['type'],
                  sha: entry.sha,
                  size: entry.size,
                },
              ]
            : [],
        ),
      };
    });
  }

  async blob(sha: string, path: string): Promise<Buffer> {
    return this.#progress.step(`read the current '${path}'`, async () => {
      const { data } = await this.#octokit.rest.git.getBlob({
        ...this.#repoParams,
        file_sha: sha,
      });
      return Buffer.from(
        data.content,
        data.encoding === 'base64' ? 'base64' : 'utf8',
      );
    });
  }

  async createBlob(content: Buffer, path: string): Promise<string> {
    return this.#progress.step(`upload '${path}'`, async () => {
      const { data } = await this.#octokit.rest.git.createBlob({
        ...this.#repoParams,
        content: content.toString('base64'),
        encoding: 'base64',
      });
      return data.sha;
    });
  }

  async createTree(baseTree: string, entries: NewTreeEntry[]): Promise<string> {
    return this.#progress.step('create the new tree', async () => {
      const { data } = await this.#octokit.rest.git.createTree({
        ...this.#repoParams,
        base_tree: baseTree,
        tree: entries,
      });
      return data.sha;
    });
  }

  async createCommit(options: {
    message: string;
    tree: string;
    parent: string;
  }): Promise<string> {
    return this.#progress.step('create the commit', async () => {
      const { data } = await this.#octokit.rest.git.createCommit({
        ...this.#repoParams,
        message: options.message,
        tree: options.tree,
        parents: [options.parent],
      });
      return data.sha;
    });
  }

  async createBranch(name: string, sha: string): Promise<void> {
    await this.#progress.step(`create branch '${name}'`, async () => {
      try {
        await this.#octokit.rest.git.createRef({
          ...this.#repoParams,
          ref: `refs/heads/${name}`,
          sha,
        });
      } catch (error) {
        // A crash after GitHub created the ref but before the checkpoint was
        // stored leaves the branch at this very commit: that is success.
        if (!isUnprocessable(error) || (await this.#refSha(name)) !== sha) {
          throw error;
        }
      }
    });
  }

  async #refSha(branch: string): Promise<string | undefined> {
    try {
      const { data } = await this.#octokit.rest.git.getRef({
        ...this.#repoParams,
        ref: `heads/${branch}`,
      });
      return data.object.sha;
    } catch (error) {
      if (isNotFound(error)) {
        return undefined;
      }
      throw error;
    }
  }

  async moveBranch(name: string, sha: string): Promise<void> {
    await this.#progress.step(`push to branch '${name}'`, () =>
      // Fast-forward only: a concurrent push to the branch must fail loudly, not be overwritten.
      this.#octokit.rest.git.updateRef({
        ...this.#repoParams,
        ref: `heads/${name}`,
        sha,
        force: false,
      }),
    );
  }

  async createPullRequest(options: {
    title: string;
    body: string;
    head: string;
    base: string;
    draft: boolean;
  }): Promise<{ number: number; url: string; nodeId: string }> {
    return this.#progress.step('open the pull request', async () => {
      try {
        const { data } = await this.#octokit.rest.pulls.create({
          ...this.#repoParams,
          ...options,
        });
        return {
          number: data.number,
          url: data.html_url,
          nodeId: data.node_id,
        };
      } catch (error) {
        // As for branches: the pull request a lost checkpoint opened is the one to keep.
        if (isUnprocessable(error)) {
          const { data } = await this.#octokit.rest.pulls.list({
            ...this.#repoParams,
            state: 'open',
            head: `${this.#owner}:${options.head}`,
            base: options.base,
          });
          if (data[0]) {
            return {
              number: data[0].number,
              url: data[0].html_url,
              nodeId: data[0].node_id,
            };
          }
        }
        throw error;
      }
    });
  }

  async editPullRequest(
    pullNumber: number,
    edits: PullRequestEdits,
  ): Promise<void> {
    await this.#progress.step(`update pull request #${pullNumber}`, () =>
      this.#octokit.rest.pulls.update({
        ...this.#repoParams,
        pull_number: pullNumber,
        ...edits,
      }),
    );
  }

  /** REST cannot change the draft state of an existing pull request; GraphQL can. */
  async setDraft(
    pullNumber: number,
    nodeId: string,
    draft: boolean,
  ): Promise<void> {
    const mutation = draft
      ? 'mutation($id: ID!) { convertPullRequestToDraft(input: { pullRequestId: $id }) { pullRequest { isDraft } } }'
      : 'mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }';
    await this.#progress.step(
      draft
        ? `convert pull request #${pullNumber} to a draft`
        : `mark pull request #${pullNumber} ready for review`,
      () => this.#octokit.graphql(mutation, { id: nodeId }),
    );
  }

  async addLabels(pullNumber: number, labels: string[]): Promise<void> {
    await this.#progress.step(`label pull request #${pullNumber}`, () =>
      this.#octokit.rest.issues.addLabels({
        ...this.#repoParams,
        issue_number: pullNumber,
        labels,
      }),
    );
  }

  async requestReviewers(
    pullNumber: number,
    reviewers: string[],
    teamReviewers: string[],
  ): Promise<void> {
    await this.#progress.step(
      `request reviews on pull request #${pullNumber}`,
      () =>
        this.#octokit.rest.pulls.requestReviewers({
          ...this.#repoParams,
          pull_number: pullNumber,
          reviewers,
          team_reviewers: teamReviewers,
        }),
    );
  }
}
