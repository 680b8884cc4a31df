import type { FileChangeInput } from '../../github';
import { ChangeGenerator } from '../changes';
import type { DemoPerson } from '../people';
import { GITHUB_ACTIONS } from '../people';
import type {
  PlannedCommit,
  PlannedDeployment,
  PlannedIdentity,
  PlannedIncident,
  PlannedPullRequest,
  PlannedRelease,
  PlannedText,
  PlannedWorkflowRun,
} from '../plan';
import type { RepositoryProfile } from '../profiles';
import type { SeededRandom } from '../random';
import type { LanguageKit } from '../templates';
import { MINUTE, nextWorkingTime, SECOND, wholeSeconds } from '../time';
import { WorkingTree } from '../workingTree';
import { EventQueue } from './events';

export interface PlanRepositoryOptions {
  profile: RepositoryProfile;
  kit: LanguageKit;
  files: Record<string, string>;
  people: readonly DemoPerson[];
  /** Team name → logins of its human members. */
  teamMembers: ReadonlyMap<string, readonly string[]>;
  random: SeededRandom;
  now: number;
  /** Make sure this repository has a production failure fixed by a revert. */
  guaranteeRevert: boolean;
}

/** GitHub's committer for merges made through the web or API. */
export const WEB_FLOW: PlannedIdentity = {
  login: 'web-flow',
  name: 'GitHub',
  email: 'noreply@github.com',
  utcOffsetMinutes: 0,
};

/**
 * The state of one repository's simulation, shared by the planning steps
 * (pull requests, delivery, releases): what has been planned so far, where
 * `main` is, and whether deploys are frozen by an incident.
 */
export class PlanningContext {
  readonly options: PlanRepositoryOptions;
  readonly profile: RepositoryProfile;
  readonly kit: LanguageKit;
  readonly random: SeededRandom;
  readonly changes: ChangeGenerator;
  readonly now: number;
  /** Logins of the owning team, who review, merge and are on call. */
  readonly owners: readonly string[];
  readonly creator: string;
  readonly createdAt: number;
  readonly queue = new EventQueue();

  readonly commits: PlannedCommit[] = [];
  readonly pulls: PlannedPullRequest[] = [];
  readonly incidents: PlannedIncident[] = [];
  readonly deployments: PlannedDeployment[] = [];
  readonly runs: PlannedWorkflowRun[] = [];
  readonly releases: PlannedRelease[] = [];
  readonly contributorTeams = new Set<string>();
  readonly mainHistory: Array<{ at: number; commit: PlannedCommit }> = [];
  readonly pullOfMainCommit = new Map<PlannedCommit, PlannedPullRequest>();
  readonly mergers = new Map<PlannedPullRequest, string>();

  mainTree: WorkingTree;
  mainTip: PlannedCommit;
  /** Merges wait until then: an incident is being handled. */
  freezeUntil = 0;
  /** Deploys queue until then: one pipeline runs at a time. */
  pipelineFreeAt = 0;
  lastGoodProduction: PlannedCommit | undefined;
  hadProductionFailure = false;
  revertDone = false;
  unreleased: PlannedPullRequest[] = [];
  version: [number, number, number] = [1, 0, 0];

  readonly #people: Map<string, DemoPerson>;
  readonly #creationOrder = new Map<object, number>();

  constructor(options: PlanRepositoryOptions) {
    this.options = options;
    this.profile = options.profile;
    this.kit = options.kit;
    this.random = options.random;
    this.now = options.now;
    this.changes = new ChangeGenerator(
      options.profile,
      options.kit,
      options.random.fork('changes'),
    );
    this.#people = new Map(
      options.people.map(person => [person.login, person]),
    );
    this.owners = options.teamMembers.get(options.profile.ownerTeam) ?? [];
    if (this.owners.length < 2) {
      throw new Error(
        `Team ${options.profile.ownerTeam} needs at least two members to review ${options.profile.name}`,
      );
    }
    this.creator = this.owners[0];
    this.createdAt = nextWorkingTime(
      options.profile.createdAt,
      this.offsetOf(this.creator),
      this.random,
    );
    this.mainTree = new WorkingTree(Object.entries(options.files));
    this.mainTip = this.commit({
      parents: [],
      message: 'Initial commit',
      author: this.identity(this.creator),
      authoredAt: this.createdAt + 2 * MINUTE,
      changes: this.mainTree.toChanges(),
    });
    this.mainHistory.push({ at: this.createdAt, commit: this.mainTip });
  }

  // People

  person(login: string): DemoPerson {
    const person = this.#people.get(login);
    if (!person) {
      throw new Error(`Unknown person ${login}`);
    }
    return person;
  }

  identity(login: string): PlannedIdentity {
    const person = this.person(login);
    return {
      login,
      name: person.name,
      email: person.email,
      utcOffsetMinutes: person.utcOffsetMinutes,
    };
  }

  isBot(login: string): boolean {
    return this.person(login).kind === 'bot';
  }

  offsetOf(login: string): number {
    return this.person(login).utcOffsetMinutes;
  }

  teammatesOf(login: string): string[] {
    return this.owners.filter(owner => owner !== login);
  }

  /** Mostly the owning team, the lead most often; now and then someone from another team. */
  pickAuthor(): string {
    const outsiders = this.options.people.filter(
      person =>
        person.kind === 'human' &&
        !this.owners.includes(person.login) &&
        person.teams.length > 0,
    );
    if (outsiders.length > 0 && this.random.chance(0.08)) {
      const outsider = this.random.pick(outsiders);
      this.contributorTeams.add(outsider.teams[0]);
      return outsider.login;
    }
    return this.random.weighted(
      this.owners.map(
        (login, index) => [login, Math.max(1, 4 - index * 0.7)] as const,
      ),
    );
  }

  // Records

  commit(input: {
    parents: PlannedCommit[];
    message: PlannedText;
    author: PlannedIdentity;
    authoredAt: number;
    committer?: PlannedIdentity;
    committedAt?: number;
    changes: FileChangeInput[];
  }): PlannedCommit {
    const commit: PlannedCommit = {
      id: this.commits.length,
      parents: input.parents,
      message: input.message,
      author: input.author,
      authoredAt: wholeSeconds(input.authoredAt),
      committer: input.committer ?? input.author,
      committedAt: wholeSeconds(input.committedAt ?? input.authoredAt),
      changes: input.changes,
    };
    this.commits.push(commit);
    return commit;
  }

  advanceMain(commit: PlannedCommit, at: number): void {
    this.mainTip = commit;
    this.mainHistory.push({ at: wholeSeconds(at), commit });
  }

  addPullRequest(pull: PlannedPullRequest): void {
    this.#creationOrder.set(pull, this.#creationOrder.size);
    this.pulls.push(pull);
  }

  addIncident(incident: PlannedIncident): void {
    this.#creationOrder.set(incident, this.#creationOrder.size);
    this.incidents.push(incident);
  }

  /** Breaks ties between issues opened in the same second. */
  creationOrderOf(item: object): number {
    return this.#creationOrder.get(item) ?? 0;
  }

  /** Keeps only runs that finished by `now`; the rest would still be running. */
  run(run: PlannedWorkflowRun): void {
    if (run.completedAt > this.now) {
      return;
    }
    this.runs.push({
      ...run,
      createdAt: wholeSeconds(run.createdAt),
      completedAt: wholeSeconds(run.completedAt),
    });
  }

  ciRun(
    event: 'push' | 'pull_request',
    branch: string,
    commit: PlannedCommit,
    actor: string,
    title: string,
    at: number,
    conclusion: PlannedWorkflowRun['conclusion'],
  ): void {
    const createdAt = at + this.random.int(5, 40) * SECOND;
    this.run({
      workflow: 'ci.yaml',
      event,
      branch,
      commit,
      actor,
      title,
      createdAt,
      completedAt: createdAt + this.random.int(180, 720) * SECOND,
      conclusion,
    });
  }

  deployment(
    commit: PlannedCommit,
    environment: PlannedDeployment['environment'],
    startedAt: number,
    durationMinutes: number,
    succeeded: boolean,
    description: string,
  ): PlannedDeployment {
    return {
      commit,
      environment,
      creator: GITHUB_ACTIONS,
      description,
      createdAt: wholeSeconds(startedAt - this.random.int(3, 15) * SECOND),
      startedAt: wholeSeconds(startedAt),
      finishedAt: wholeSeconds(startedAt + durationMinutes * MINUTE),
      succeeded,
    };
  }
}
