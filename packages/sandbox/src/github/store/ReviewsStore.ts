import { notFound, StoreError, unprocessable } from './errors';
import type { PullRequestsStore } from './PullRequestsStore';
import type { StoreContext } from './StoreContext';
import type { RepoRef, ReviewRecord, ReviewState } from './types';

export type ReviewEvent = 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT';

export interface CreateReviewInput extends RepoRef {
  number: number;
  author: string;
  /** Omitted: the review stays PENDING until submitted. */
  event?: ReviewEvent;
  body?: string;
  commitId?: string;
  submittedAt?: string;
}

const STATE_OF_EVENT: Record<ReviewEvent, ReviewState> = {
  APPROVE: 'APPROVED',
  REQUEST_CHANGES: 'CHANGES_REQUESTED',
  COMMENT: 'COMMENTED',
};

/** Pull request reviews; approvals feed branch protection's required review count. */
export class ReviewsStore {
  readonly #context: StoreContext;
  readonly #pulls: PullRequestsStore;

  constructor(context: StoreContext, pulls: PullRequestsStore) {
    this.#context = context;
    this.#pulls = pulls;
  }

  create(input: CreateReviewInput): ReviewRecord {
    const repo = this.#context.requireRepository(input);
    const view = this.#pulls.require(input, input.number);
    const author = this.#context.requireAccount(input.author);
    if (input.event === 'APPROVE' && author.id === view.issue.authorId) {
      throw new StoreError('unprocessable', 'Unprocessable Entity', [
        'Can not approve your own pull request',
      ]);
    }
    if (
      this.list(input, input.number).some(
        review => review.authorId === author.id && review.state === 'PENDING',
      )
    ) {
      throw new StoreError('unprocessable', 'Unprocessable Entity', [
        'User can only have one pending review per pull request',
      ]);
    }
    const review: ReviewRecord = {
      id: this.#context.state.nextId('review'),
      repoId: repo.id,
      pullNumber: input.number,
      authorId: author.id,
      state: input.event ? STATE_OF_EVENT[input.event] : 'PENDING',
      body: input.body ?? '',
      commitId: input.commitId ?? view.pull.headSha,
      submittedAt: null,
    };
    this.#context.data.reviews.push(review);
    if (input.event) {
      this.#submitted(input, review, input.submittedAt);
    }
    this.#context.changed();
    return review;
  }

  submit(
    ref: RepoRef,
    number: number,
    reviewId: number,
    event: ReviewEvent,
    body?: string,
  ): ReviewRecord {
    const review = this.require(ref, number, reviewId);
    if (review.state !== 'PENDING') {
      throw unprocessable('Can not submit a non-pending review');
    }
    review.state = STATE_OF_EVENT[event];
    if (body !== undefined) review.body = body;
    this.#submitted(ref, review);
    this.#context.changed();
    return review;
  }

  dismiss(
    ref: RepoRef,
    number: number,
    reviewId: number,
    message: string,
    actor: string,
  ): ReviewRecord {
    const review = this.require(ref, number, reviewId);
    if (review.state === 'PENDING') {
      throw unprocessable('Can not dismiss a pending review');
    }
    review.state = 'DISMISSED';
    review.body = review.body || message;
    this.#context.changed();
    const repo = this.#context.requireRepository(ref);
    this.#context.events.emit({
      type: 'pull_request_review',
      action: 'dismissed',
      repository: this.#context.refOf(repo),
      repositoryId: repo.id,
      number,
      reviewId,
      senderId: this.#context.requireAccount(actor).id,
    });
    return review;
  }

  list(ref: RepoRef, number: number): ReviewRecord[] {
    const repo = this.#context.requireRepository(ref);
    return this.#context.data.reviews.filter(
      review => review.repoId === repo.id && review.pullNumber === number,
    );
  }

  require(ref: RepoRef, number: number, reviewId: number): ReviewRecord {
    const review = this.list(ref, number).find(r => r.id === reviewId);
    if (!review) {
      throw notFound();
    }
    return review;
  }

  /** Latest non-comment verdict per reviewer, as GitHub counts approvals. */
  verdicts(ref: RepoRef, number: number): Map<number, ReviewState> {
    const verdicts = new Map<number, ReviewState>();
    for (const review of this.list(ref, number)) {
      if (
        review.state === 'APPROVED' ||
        review.state === 'CHANGES_REQUESTED' ||
        review.state === 'DISMISSED'
      ) {
        verdicts.set(review.authorId, review.state);
      }
    }
    return verdicts;
  }

  #submitted(ref: RepoRef, review: ReviewRecord, at?: string): void {
    review.submittedAt = at ?? this.#context.now();
    const view = this.#pulls.require(ref, review.pullNumber);
    view.pull.requestedReviewerIds = view.pull.requestedReviewerIds.filter(
      id => id !== review.authorId,
    );
    const repo = this.#context.requireRepository(ref);
    this.#context.events.emit({
      type: 'pull_request_review',
      action: 'submitted',
      repository: this.#context.refOf(repo),
      repositoryId: repo.id,
      number: review.pullNumber,
      reviewId: review.id,
      senderId: review.authorId,
    });
  }
}
