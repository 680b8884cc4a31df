import { EventEmitter } from 'node:events';
import type { MergeMethod, RepoRef } from './types';

/**
 * Domain events, emitted after the change is visible in the store. They carry
 * ids rather than payloads so that a webhook emitter can render GitHub's
 * payload shapes with the REST mappers at delivery time.
 */
export type GitHubEvent =
  | {
      type: 'push';
      repository: RepoRef;
      repositoryId: number;
      /** Fully qualified, e.g. `refs/heads/main`. */
      ref: string;
      /** All zeros when the ref was created. */
      before: string;
      /** All zeros when the ref was deleted. */
      after: string;
      created: boolean;
      deleted: boolean;
      forced: boolean;
      pusherId: number | null;
      via: 'git' | 'api';
    }
  | {
      type: 'repository';
      action: 'created' | 'deleted' | 'edited';
      repository: RepoRef;
      repositoryId: number;
      senderId: number | null;
    }
  | {
      type: 'pull_request';
      action:
        | 'opened'
        | 'edited'
        | 'closed'
        | 'reopened'
        | 'review_requested'
        | 'ready_for_review';
      repository: RepoRef;
      repositoryId: number;
      number: number;
      merged: boolean;
      senderId: number | null;
    }
  | {
      type: 'pull_request_review';
      action: 'submitted' | 'dismissed';
      repository: RepoRef;
      repositoryId: number;
      number: number;
      reviewId: number;
      senderId: number;
    }
  | {
      type: 'issues';
      action: 'opened' | 'edited' | 'closed' | 'reopened' | 'labeled';
      repository: RepoRef;
      repositoryId: number;
      number: number;
      senderId: number | null;
    }
  | {
      type: 'deployment';
      action: 'created';
      repository: RepoRef;
      repositoryId: number;
      deploymentId: number;
      senderId: number;
    }
  | {
      type: 'deployment_status';
      action: 'created';
      repository: RepoRef;
      repositoryId: number;
      deploymentId: number;
      deploymentStatusId: number;
      senderId: number;
    }
  | {
      type: 'workflow_run';
      action: 'requested' | 'in_progress' | 'completed';
      repository: RepoRef;
      repositoryId: number;
      workflowRunId: number;
      senderId: number;
    }
  | {
      type: 'release';
      action: 'created' | 'published' | 'edited' | 'deleted';
      repository: RepoRef;
      repositoryId: number;
      releaseId: number;
      senderId: number;
    };

export type GitHubEventType = GitHubEvent['type'];
export type GitHubEventListener = (event: GitHubEvent) => void;
export type Unsubscribe = () => void;

export type { MergeMethod };

export const ZERO_SHA = '0000000000000000000000000000000000000000';

/**
 * Listener failures must not fail the API call that caused the event (GitHub
 * does not roll back a push because a webhook consumer threw), but they must
 * not vanish either, so they are reported through `onListenerError`.
 */
export class GitHubEventBus {
  readonly #emitter = new EventEmitter();
  readonly #onListenerError: (error: unknown, event: GitHubEvent) => void;

  constructor(onListenerError?: (error: unknown, event: GitHubEvent) => void) {
    this.#emitter.setMaxListeners(0);
    this.#onListenerError =
      onListenerError ??
      ((error, event) => {
        process.emitWarning(
          `GitHub sandbox event listener failed for ${event.type}: ${String(
            error,
          )}`,
        );
      });
  }

  on(listener: GitHubEventListener): Unsubscribe {
    const safeListener = (event: GitHubEvent) => {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error, event);
      }
    };
    this.#emitter.on('event', safeListener);
    return () => this.#emitter.off('event', safeListener);
  }

  emit(event: GitHubEvent): void {
    this.#emitter.emit('event', event);
  }
}
