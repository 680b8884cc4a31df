import {
  CommitRecord,
  DeploymentRecord,
  PullRequestRecord,
  RepositoryHistory,
} from './types';

export const T0 = Date.parse('2026-11-01T00:00:00Z');
export const H = 3_600_000;

/**
 * Builds a repository history the way GitHub would report it: a default branch growing one
 * first-parent commit at a time, pull requests merged by squash, merge commit or rebase,
 * deployments of branch heads and incident issues. Times are hours after T0.
 */
export class HistoryBuilder {
  readonly history: RepositoryHistory;
  #sequence = 0;

  constructor(repository = 'acme/web') {
    this.history = {
      repository,
      url: `https://github.com/${repository}`,
      commits: [],
      pullRequests: [],
      deployments: [],
      incidents: [],
      hasIncidentSignal: false,
      deploymentSource: 'deployments',
    };
  }

  #sha(): string {
    this.#sequence += 1;
    return this.#sequence.toString(16).padStart(40, '0');
  }

  /** A commit on the default branch. */
  commit(
    hour: number,
    options: Partial<Omit<CommitRecord, 'sha' | 'ordinal'>> = {},
  ): string {
    const sha = this.#sha();
    this.history.commits.push({
      sha,
      ordinal: this.history.commits.length + 1,
      authoredAt: T0 + hour * H,
      committedAt: T0 + hour * H,
      message: `change ${sha.slice(-4)}`,
      author: 'alice',
      bot: false,
      paths: null,
      ...options,
    });
    return sha;
  }

  /**
   * A pull request whose branch commits were authored at `commitHours`, opened at `openHour`,
   * first reviewed at `reviewHour` and merged at `mergeHour` with `method`.
   */
  pull(options: {
    method: 'squash' | 'merge' | 'rebase';
    commitHours: number[];
    openHour: number;
    reviewHour?: number;
    mergeHour: number;
    title?: string;
    author?: string;
    bot?: boolean;
    labels?: string[];
    headRef?: string;
    paths?: string[] | null;
  }): PullRequestRecord {
    const number = this.history.pullRequests.length + 1;
    const title = options.title ?? `Pull request ${number}`;
    const commits = options.commitHours.map((hour, index) => ({
      sha: this.#sha(),
      authoredAt: T0 + hour * H,
      message: `${title} part ${index + 1}`,
    }));
    let mergeSha: string;
    const author = options.author ?? 'alice';
    const bot = options.bot ?? false;
    const paths = options.paths ?? null;
    if (options.method === 'rebase') {
      mergeSha = '';
      for (const commit of commits) {
        mergeSha = this.commit(options.mergeHour, {
          authoredAt: commit.authoredAt,
          message: commit.message,
          author,
          bot,
          paths,
        });
      }
    } else {
      mergeSha = this.commit(options.mergeHour, {
        authoredAt: T0 + options.mergeHour * H,
        message:
          options.method === 'squash'
            ? `${title} (#${number})`
            : `Merge pull request #${number}`,
        author,
        bot,
        paths,
      });
    }
    const pull: PullRequestRecord = {
      number,
      title,
      url: `${this.history.url}/pull/${number}`,
      author,
      bot,
      headRef: options.headRef ?? `feature/${number}`,
      labels: options.labels ?? [],
      createdAt: T0 + options.openHour * H,
      mergedAt: T0 + options.mergeHour * H,
      mergeSha,
      commits,
      firstReviewAt:
        options.reviewHour === undefined ? null : T0 + options.reviewHour * H,
      paths,
    };
    this.history.pullRequests.push(pull);
    return pull;
  }

  /** A production deployment of `sha` that finished at `hour`. */
  deploy(
    sha: string,
    hour: number,
    options: Partial<Omit<DeploymentRecord, 'sha'>> = {},
  ): DeploymentRecord {
    const deployment: DeploymentRecord = {
      id: String(this.history.deployments.length + 1),
      environment: 'production',
      sha,
      status: 'success',
      createdAt: T0 + (hour - 0.25) * H,
      finishedAt: T0 + hour * H,
      component: null,
      url: `${this.history.url}/deployments`,
      ...options,
    };
    this.history.deployments.push(deployment);
    return deployment;
  }

  incident(openHour: number, closeHour: number | null): void {
    const number = 1000 + this.history.incidents.length;
    this.history.hasIncidentSignal = true;
    this.history.incidents.push({
      number,
      title: `Incident ${number}`,
      url: `${this.history.url}/issues/${number}`,
      createdAt: T0 + openHour * H,
      closedAt: closeHour === null ? null : T0 + closeHour * H,
    });
  }

  head(): string {
    return this.history.commits[this.history.commits.length - 1].sha;
  }
}
