import type {
  PlannedCommit,
  PlannedIncident,
  PlannedPullRequest,
  PullRequestKind,
} from '../plan';
import { wholeSeconds } from '../time';

export interface PullRequestRequest {
  kind: PullRequestKind;
  author: string;
  /** Remediation during an incident: reviewed within minutes, never closed. */
  urgent: boolean;
  revertOf?: PlannedPullRequest;
  resolves?: PlannedIncident;
}

export interface DeployEvent {
  type: 'deploy';
  at: number;
  commit: PlannedCommit;
  actor: string;
  title: string;
  /** The incident this deploy fixes; such deploys always succeed. */
  remediation: PlannedIncident | undefined;
}

export type PlannerEvent =
  | { type: 'open'; at: number; request: PullRequestRequest }
  | { type: 'merge'; at: number; pull: PlannedPullRequest }
  | { type: 'close'; at: number; pull: PlannedPullRequest }
  | DeployEvent
  | { type: 'release'; at: number };

/** Events in time order; equal times keep the order they were added in. */
export class EventQueue {
  #events: Array<PlannerEvent & { sequence: number }> = [];
  #added = 0;

  add(event: PlannerEvent): void {
    const entry = {
      ...event,
      at: wholeSeconds(event.at),
      sequence: this.#added++,
    };
    let low = 0;
    let high = this.#events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const other = this.#events[middle];
      if (
        other.at < entry.at ||
        (other.at === entry.at && other.sequence < entry.sequence)
      ) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    this.#events.splice(low, 0, entry);
  }

  next(): PlannerEvent | undefined {
    return this.#events.shift();
  }

  /** Drops queued events of one type, e.g. deploys superseded by an incident's fix. */
  drop(type: PlannerEvent['type']): void {
    this.#events = this.#events.filter(event => event.type !== type);
  }
}
