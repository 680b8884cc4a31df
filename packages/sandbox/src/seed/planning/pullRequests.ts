import type { ReviewEvent } from '../../github';
import type {
  PlannedCommit,
  PlannedCommitDraft,
  PlannedPullRequest,
  PlannedText,
} from '../plan';
import type { SeededRandom } from '../random';
import {
  afterWorkingDelay,
  MINUTE,
  nextWorkingTime,
  wholeSeconds,
} from '../time';
import {
  APPROVAL_BODIES,
  CHANGE_REQUEST_BODIES,
  COMMENT_BODIES,
} from '../vocabulary';
import type { FileEdit, WorkingTree } from '../workingTree';
import type { PullRequestRequest } from './events';
import { PlanningContext, WEB_FLOW } from './PlanningContext';

interface PullDraft {
  title: string;
  body: PlannedText;
  branch: string;
  labels: string[];
  commits: Array<{ message: PlannedText; edits: FileEdit[] }>;
}

const REVIEW_BODIES: Record<ReviewEvent, readonly string[]> = {
  APPROVE: APPROVAL_BODIES,
  REQUEST_CHANGES: CHANGE_REQUEST_BODIES,
  COMMENT: COMMENT_BODIES,
};

/** Minutes a reviewer takes to get to a pull request: mostly hours, sometimes days. */
function reviewLatencyMinutes(random: SeededRandom): number {
  const bucket = random.weighted([
    [[20, 180], 50],
    [[180, 600], 30],
    [[600, 2880], 20],
  ] as const);
  return random.int(bucket[0], bucket[1]);
}

function revertDraft(
  context: PlanningContext,
  culprit: PlannedPullRequest,
): PullDraft | undefined {
  const outcome = culprit.outcome;
  if (outcome.state !== 'merged' || !culprit.treeBeforeMerge) {
    return undefined;
  }
  const edits = culprit.treeBeforeMerge.inverseOf(
    culprit.commits.flatMap(commit => commit.edits),
  );
  const title = `Revert "${culprit.title}"`;
  const repository = `${context.profile.org}/${context.profile.name}`;
  return {
    title,
    body: () => `Reverts ${repository}#${culprit.number}`,
    branch: context.changes.branchName(
      'revert',
      culprit.branch.replace(/\//g, '-'),
    ),
    labels: [],
    commits: [
      {
        message: shaOf =>
          `${title}\n\nThis reverts commit ${shaOf(outcome.mergeCommit)}.\n`,
        edits,
      },
    ],
  };
}

function draftFor(
  context: PlanningContext,
  request: PullRequestRequest,
  tree: WorkingTree,
): PullDraft | undefined {
  if (request.kind === 'revert') {
    return request.revertOf && revertDraft(context, request.revertOf);
  }
  if (request.kind === 'dependency') {
    return context.changes.dependencyChange(request.author, tree);
  }
  const draft = context.changes.humanChange(request.kind, request.author, tree);
  return request.urgent
    ? { ...draft, labels: [...draft.labels, 'hotfix'] }
    : draft;
}

/**
 * Reviews by teammates, then either a merge or a close, scheduled as
 * events. Patterns: a straight approval; changes requested, a follow-up
 * commit, then approval; a comment from one teammate and approval from
 * another. Incident fixes are approved within minutes.
 */
function review(
  context: PlanningContext,
  pull: PlannedPullRequest,
  tree: WorkingTree,
  request: PullRequestRequest,
): void {
  const { random } = context;
  const author = pull.author;
  const bot = context.isBot(author);
  const [first, second] = random.shuffle(context.teammatesOf(author));
  const head = () => pull.commits[pull.commits.length - 1].commit;
  const addReview = (reviewer: string, event: ReviewEvent, at: number) => {
    pull.reviews.push({
      reviewer,
      event,
      body: random.pick(REVIEW_BODIES[event]),
      submittedAt: wholeSeconds(at),
      commit: head(),
    });
  };
  const latency = (reviewer: string, from: number) =>
    afterWorkingDelay(
      from,
      reviewLatencyMinutes(random),
      context.offsetOf(reviewer),
      random,
    );

  let approvedAt: number;
  if (request.urgent) {
    approvedAt = pull.createdAt + random.int(5, 30) * MINUTE;
    addReview(first, 'APPROVE', approvedAt);
  } else if (bot) {
    approvedAt = latency(first, pull.createdAt);
    addReview(first, 'APPROVE', approvedAt);
  } else {
    const pattern = random.weighted([
      ['approve', 62],
      ['changes', 20],
      ['comment', 18],
    ] as const);
    const firstReviewAt = latency(first, pull.createdAt);
    if (pattern === 'changes') {
      addReview(first, 'REQUEST_CHANGES', firstReviewAt);
      const fixAt = afterWorkingDelay(
        firstReviewAt,
        random.int(20, 300),
        context.offsetOf(author),
        random,
      );
      const followUp = context.changes.followUp(pull.title);
      const commit = context.commit({
        parents: [head()],
        message: followUp.message,
        author: context.identity(author),
        authoredAt: fixAt,
        changes: tree.apply(followUp.edits),
      });
      pull.commits.push({ commit, edits: followUp.edits });
      context.ciRun(
        'pull_request',
        pull.branch,
        commit,
        author,
        pull.title,
        fixAt,
        'success',
      );
      approvedAt = latency(first, fixAt);
    } else if (pattern === 'comment' && second) {
      addReview(second, 'COMMENT', firstReviewAt);
      approvedAt = afterWorkingDelay(
        firstReviewAt,
        random.int(30, 600),
        context.offsetOf(first),
        random,
      );
    } else {
      approvedAt = firstReviewAt;
    }
    addReview(first, 'APPROVE', approvedAt);
    if (second && random.chance(0.2)) {
      addReview(second, 'APPROVE', approvedAt + random.int(5, 90) * MINUTE);
    }
  }

  let closeProbability = bot ? 0.1 : 0.07;
  if (request.urgent) {
    closeProbability = 0;
  }
  if (random.chance(closeProbability)) {
    const closedAt = afterWorkingDelay(
      pull.createdAt,
      random.int(60, 10 * 24 * 60),
      context.offsetOf(first),
      random,
    );
    pull.reviews = pull.reviews.filter(
      r => r.submittedAt < closedAt && r.event !== 'APPROVE',
    );
    pull.deleteBranch = random.chance(0.5);
    if (closedAt <= context.now) {
      context.queue.add({ type: 'close', at: closedAt, pull });
    }
  } else {
    const lastReviewAt = Math.max(...pull.reviews.map(r => r.submittedAt));
    const merger = bot || !context.owners.includes(author) ? first : author;
    const mergedAt = request.urgent
      ? lastReviewAt + random.int(2, 10) * MINUTE
      : afterWorkingDelay(
          lastReviewAt,
          random.int(5, 240),
          context.offsetOf(merger),
          random,
        );
    if (mergedAt <= context.now) {
      context.queue.add({ type: 'merge', at: mergedAt, pull });
      context.mergers.set(pull, merger);
    }
  }
  pull.reviews = pull.reviews.filter(r => r.submittedAt <= context.now);
  if (pull.reviews.length === 0 && random.chance(0.35)) {
    pull.draft = true;
  }
}

/** A branch forks from `main` at `at`; commits follow, then the pull request opens. */
export function openPullRequest(
  context: PlanningContext,
  at: number,
  request: PullRequestRequest,
): void {
  const { random } = context;
  const author = request.author;
  const offset = context.offsetOf(author);
  const tree = context.mainTree.clone();
  const draft = draftFor(context, request, tree);
  if (!draft) {
    return;
  }
  const commits: PlannedCommitDraft[] = [];
  let parent = context.mainTip;
  let time = at;
  for (const [index, commitDraft] of draft.commits.entries()) {
    if (index > 0) {
      time = request.urgent
        ? time + random.int(3, 15) * MINUTE
        : afterWorkingDelay(time, random.int(15, 180), offset, random);
    }
    const commit = context.commit({
      parents: [parent],
      message: commitDraft.message,
      author: context.identity(author),
      authoredAt: time,
      changes: tree.apply(commitDraft.edits),
    });
    commits.push({ commit, edits: commitDraft.edits });
    parent = commit;
  }
  const createdAt = wholeSeconds(
    context.isBot(author) || request.urgent
      ? time + random.int(1, 4) * MINUTE
      : afterWorkingDelay(time, random.int(2, 40), offset, random),
  );
  if (createdAt > context.now) {
    return;
  }
  const pull: PlannedPullRequest = {
    number: 0,
    kind: request.kind,
    title: draft.title,
    body: draft.body,
    author,
    createdAt,
    branch: draft.branch,
    labels: draft.labels,
    draft: false,
    commits,
    reviews: [],
    method: random.weighted(context.profile.mergeMethods),
    outcome: { state: 'open' },
    deleteBranch: context.profile.deleteBranchOnMerge,
    revertOf: request.revertOf,
    resolves: request.resolves,
  };
  context.addPullRequest(pull);
  context.ciRun(
    'pull_request',
    pull.branch,
    parent,
    author,
    pull.title,
    createdAt,
    'success',
  );
  review(context, pull, tree, request);
}

export function closePullRequest(
  context: PlanningContext,
  at: number,
  pull: PlannedPullRequest,
): void {
  const closer = context.isBot(pull.author)
    ? context.random.pick(context.owners)
    : pull.author;
  pull.outcome = { state: 'closed', closedAt: wholeSeconds(at), closer };
  pull.draft = false;
}

function squashMessage(pull: PlannedPullRequest): PlannedText {
  return shaOf =>
    `${pull.title} (#${pull.number})\n\n${pull.commits
      .map(({ commit }) => {
        const text =
          typeof commit.message === 'string'
            ? commit.message
            : commit.message(shaOf);
        return `* ${text.trim()}`;
      })
      .join('\n\n')}\n`;
}

/**
 * Lands a pull request on `main` the way the chosen merge method does on
 * GitHub (merge commit, squash, or rebased copies committed by GitHub),
 * then runs CI and, for deployable repositories, queues a deploy. Merges
 * wait while an incident freezes the repository, except its own fix.
 */
export function mergePullRequest(
  context: PlanningContext,
  at: number,
  pull: PlannedPullRequest,
): void {
  const { random } = context;
  const merger = context.mergers.get(pull) ?? pull.author;
  if (pull.resolves === undefined && context.freezeUntil > at) {
    const later = nextWorkingTime(
      context.freezeUntil + random.int(10, 90) * MINUTE,
      context.offsetOf(merger),
      random,
    );
    if (later <= context.now) {
      context.queue.add({ type: 'merge', at: later, pull });
    }
    return;
  }
  const mergedAt = wholeSeconds(at);
  const baseBefore = context.mainTip;
  pull.treeBeforeMerge = context.mainTree.clone();
  let tip: PlannedCommit = baseBefore;
  if (pull.method === 'rebase') {
    for (const { commit, edits } of pull.commits) {
      tip = context.commit({
        parents: [tip],
        message: commit.message,
        author: commit.author,
        authoredAt: commit.authoredAt,
        committer: WEB_FLOW,
        committedAt: mergedAt,
        changes: context.mainTree.apply(edits),
      });
    }
  } else {
    const changes = context.mainTree.apply(
      pull.commits.flatMap(commit => commit.edits),
    );
    const head = pull.commits[pull.commits.length - 1].commit;
    const mergeCommit = pull.method === 'merge';
    tip = context.commit({
      parents: mergeCommit ? [baseBefore, head] : [baseBefore],
      message: mergeCommit
        ? () =>
            `Merge pull request #${pull.number} from ${context.profile.org}/${pull.branch}\n\n${pull.title}`
        : squashMessage(pull),
      author: context.identity(mergeCommit ? merger : pull.author),
      authoredAt: mergedAt,
      committer: WEB_FLOW,
      committedAt: mergedAt,
      changes,
    });
  }
  context.advanceMain(tip, mergedAt);
  pull.outcome = {
    state: 'merged',
    mergedAt,
    merger,
    method: pull.method,
    mergeCommit: tip,
    baseBefore,
  };
  pull.draft = false;
  context.pullOfMainCommit.set(tip, pull);
  if (pull.kind !== 'dependency' || random.chance(0.3)) {
    context.unreleased.push(pull);
  }
  if (pull.kind === 'revert') {
    context.revertDone = true;
  }
  context.ciRun(
    'push',
    'main',
    tip,
    merger,
    pull.title,
    mergedAt,
    random.chance(0.97) ? 'success' : 'failure',
  );
  if (context.profile.kubernetesId) {
    context.queue.add({
      type: 'deploy',
      at: mergedAt + random.int(1, 3) * MINUTE,
      commit: tip,
      actor: merger,
      title: pull.title,
      remediation: pull.resolves,
    });
  }
}
