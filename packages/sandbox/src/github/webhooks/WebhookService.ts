import { randomUUID } from 'node:crypto';
import type { MapperContext } from '../rest/mappers/MapperContext';
import { EMULATED_GHES_VERSION } from '../rest/routes/meta';
import type { SandboxUrls } from '../rest/urls';
import type { GitHubEvent } from '../store/events';
import { ZERO_SHA } from '../store/events';
import type { GitHubStore } from '../store/GitHubStore';
import type { PullRequestView } from '../store/PullRequestsStore';
import type { AccountRecord, RepositoryRecord } from '../store/types';
import { RenderedEvent, WebhookDeliverer } from './deliverer';
import { HookInput, HookRegistry } from './HookRegistry';
import { payloadContext } from './payloads/common';
import { renderDeploymentStatus } from './payloads/deploymentStatus';
import type { HookLocation } from './payloads/hookShape';
import { renderPing } from './payloads/ping';
import { PullRequestExtras, renderPullRequest } from './payloads/pullRequest';
import { renderPush } from './payloads/push';
import { renderWorkflowRun } from './payloads/workflowRun';
import type {
  HookRecord,
  SandboxWebhooks,
  WebhookDelivery,
  WebhookDeliveryOptions,
  WebhookTarget,
} from './types';

export interface WebhookServiceOptions {
  store: GitHubStore;
  urls: SandboxUrls;
  targets?: WebhookTarget[];
  delivery?: WebhookDeliveryOptions;
  dataDir?: string;
  onError: (error: unknown) => void;
}

/** What the last event of a pull request showed, to tell what an edit or a review request changed. */
interface PullRequestMemory {
  title: string;
  body: string | null;
  baseRef: string;
  baseSha: string;
  reviewers: number[];
  teams: number[];
}

function snapshotRepository(repo: RepositoryRecord): RepositoryRecord {
  return { ...repo, topics: [...repo.topics] };
}

/** Copies taken when the event happens, so a payload shows that moment even if rendered later. */
function snapshotPull(view: PullRequestView): PullRequestView {
  return {
    issue: {
      ...view.issue,
      labelIds: [...view.issue.labelIds],
      assigneeIds: [...view.issue.assigneeIds],
    },
    pull: {
      ...view.pull,
      requestedReviewerIds: [...view.pull.requestedReviewerIds],
      requestedTeamIds: [...view.pull.requestedTeamIds],
    },
  };
}

function remember(view: PullRequestView): PullRequestMemory {
  return {
    title: view.issue.title,
    body: view.issue.body,
    baseRef: view.pull.baseRef,
    baseSha: view.pull.baseSha,
    reviewers: [...view.pull.requestedReviewerIds],
    teams: [...view.pull.requestedTeamIds],
  };
}

/**
 * Webhooks: hooks configured at start or through the REST API, fed from the
 * store's event stream. Payloads are rendered one event at a time, in event
 * order, from copies taken when the event happened, then handed to the
 * deliverer, which keeps each hook's deliveries in that order.
 */
export class WebhookService implements SandboxWebhooks {
  readonly registry: HookRegistry;
  readonly #deliverer: WebhookDeliverer;
  readonly #store: GitHubStore;
  readonly #context: MapperContext;
  readonly #onError: (error: unknown) => void;
  readonly #pulls = new Map<number, PullRequestMemory>();
  readonly #unsubscribe: () => void;
  #rendering: Promise<void> = Promise.resolve();

  constructor(options: WebhookServiceOptions) {
    this.#store = options.store;
    this.#onError = options.onError;
    this.#context = payloadContext({
      store: options.store,
      urls: options.urls,
    });
    const now = () => options.store.now();
    this.registry = new HookRegistry({
      dataDir: options.dataDir,
      now,
      onError: options.onError,
    });
    this.#deliverer = new WebhookDeliverer({
      delivery: options.delivery,
      now,
      headers: {
        'x-github-enterprise-version': EMULATED_GHES_VERSION,
        'x-github-enterprise-host': options.urls.host,
      },
    });
    for (const target of options.targets ?? []) {
      this.registry.create(
        { kind: 'sandbox' },
        {
          url: target.url,
          secret: target.secret,
          events: target.events?.length ? target.events : ['*'],
          contentType: target.contentType ?? 'json',
        },
      );
    }
    this.#unsubscribe = options.store.onEvent(event => this.#onEvent(event));
  }

  deliveries(): WebhookDelivery[] {
    return this.#deliverer.deliveries();
  }

  deliveryOf(hook: HookRecord, id: number): WebhookDelivery | undefined {
    const delivery = this.#deliverer.find(id);
    return delivery?.hookId === hook.id ? delivery : undefined;
  }

  waitForDelivery(
    predicate: (delivery: WebhookDelivery) => boolean,
    timeoutMs = 5_000,
  ): Promise<WebhookDelivery> {
    return this.#deliverer.waitFor(predicate, timeoutMs);
  }

  async idle(): Promise<void> {
    let rendering: Promise<void>;
    do {
      rendering = this.#rendering;
      await rendering;
      await this.#deliverer.idle();
    } while (rendering !== this.#rendering);
  }

  clearDeliveries(): void {
    this.#deliverer.clear();
  }

  /** A hook created through the API, greeted with a `ping` as GitHub does. */
  createHook(
    location: HookLocation,
    input: HookInput,
    creator: AccountRecord,
  ): HookRecord {
    const hook = this.registry.create(
      location.kind === 'repository'
        ? { kind: 'repository', repoId: location.repo.id }
        : { kind: 'organization', orgId: location.org.id },
      input,
    );
    this.ping(hook, location, creator);
    return hook;
  }

  ping(hook: HookRecord, location: HookLocation, sender: AccountRecord): void {
    this.#render(
      [hook],
      'ping',
      null,
      location.kind === 'repository' ? location.repo.id : null,
      () => renderPing(this.#context, hook, location, sender),
    );
  }

  /** `POST .../hooks/{id}/tests`: the latest push to the default branch, for this hook only. */
  async testPush(hook: HookRecord, repo: RepositoryRecord): Promise<void> {
    if (!hook.events.includes('push') && !hook.events.includes('*')) {
      return;
    }
    const ref = this.#store.repositories.refOf(repo);
    const git = this.#store.git.repository(ref);
    const branchRef = `refs/heads/${repo.defaultBranch}`;
    const head = await git.readRef(branchRef);
    if (!head) {
      return;
    }
    const parent = (await git.readCommit(head))?.parents[0];
    const snapshot = snapshotRepository(repo);
    this.#render([hook], 'push', null, repo.id, () =>
      renderPush(this.#context, snapshot, {
        type: 'push',
        repository: ref,
        repositoryId: repo.id,
        ref: branchRef,
        before: parent ?? ZERO_SHA,
        after: head,
        created: !parent,
        deleted: false,
        forced: false,
        pusherId: null,
        via: 'api',
      }),
    );
  }

  redeliver(hook: HookRecord, delivery: WebhookDelivery): void {
    this.#deliverer.enqueue(
      hook,
      {
        event: delivery.event,
        action: delivery.action,
        repositoryId: delivery.repositoryId,
        payload: delivery.request.payload,
        guid: delivery.guid,
      },
      true,
    );
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    await this.#rendering;
    await this.#deliverer.close();
    await this.registry.flush();
  }

  #onEvent(event: GitHubEvent): void {
    const repo = this.#store.repositories.getById(event.repositoryId);
    if (!repo) {
      return;
    }
    switch (event.type) {
      case 'push':
        this.#onPush(repo, event);
        break;
      case 'pull_request':
        this.#onPullRequest(repo, event);
        break;
      case 'pull_request_review': {
        const view = this.#store.pulls.get(event.repository, event.number);
        if (view) this.#pulls.set(view.pull.id, remember(view));
        break;
      }
      case 'deployment_status': {
        const deployment = this.#store.deployments.get(
          event.repository,
          event.deploymentId,
        );
        const status = deployment
          ? this.#store.deployments
              .listStatuses(event.repository, event.deploymentId)
              .find(candidate => candidate.id === event.deploymentStatusId)
          : undefined;
        if (deployment && status) {
          const snapshot = {
            repo: snapshotRepository(repo),
            deployment: { ...deployment },
            status: { ...status },
          };
          this.#emit(repo, 'deployment_status', 'created', () =>
            renderDeploymentStatus(
              this.#context,
              snapshot.repo,
              snapshot.deployment,
              snapshot.status,
              event.senderId,
            ),
          );
        }
        break;
      }
      case 'workflow_run': {
        const run = {
          ...this.#store.actions.getRun(event.repository, event.workflowRunId),
        };
        const snapshot = snapshotRepository(repo);
        this.#emit(repo, 'workflow_run', event.action, () =>
          renderWorkflowRun(
            this.#context,
            snapshot,
            run,
            event.action,
            event.senderId,
          ),
        );
        break;
      }
      default:
        break;
    }
  }

  #onPush(
    repo: RepositoryRecord,
    event: Extract<GitHubEvent, { type: 'push' }>,
  ) {
    const snapshot = snapshotRepository(repo);
    this.#emit(repo, 'push', null, () =>
      renderPush(this.#context, snapshot, event),
    );
    if (
      !event.ref.startsWith('refs/heads/') ||
      event.created ||
      event.deleted
    ) {
      return;
    }
    // GitHub reports a push to a pull request's head branch as `synchronize`.
    const branch = event.ref.slice('refs/heads/'.length);
    for (const view of this.#store.pulls.list(event.repository, {
      state: 'open',
    })) {
      if (view.pull.headRef === branch) {
        const copy = snapshotPull(view);
        this.#emit(repo, 'pull_request', 'synchronize', () =>
          renderPullRequest(
            this.#context,
            snapshot,
            copy,
            { action: 'synchronize', before: event.before, after: event.after },
            event.pusherId,
          ),
        );
      }
    }
  }

  #onPullRequest(
    repo: RepositoryRecord,
    event: Extract<GitHubEvent, { type: 'pull_request' }>,
  ) {
    const view = this.#store.pulls.get(event.repository, event.number);
    if (!view) {
      return;
    }
    const previous = this.#pulls.get(view.pull.id) ?? remember(view);
    this.#pulls.set(view.pull.id, remember(view));
    const copy = snapshotPull(view);
    const snapshot = snapshotRepository(repo);
    const send = (extras: PullRequestExtras) =>
      this.#emit(repo, 'pull_request', extras.action, () =>
        renderPullRequest(
          this.#context,
          snapshot,
          copy,
          extras,
          event.senderId,
        ),
      );
    if (event.action === 'edited') {
      send({ action: 'edited', changes: changesOf(previous, view) });
    } else if (event.action === 'review_requested') {
      const reviewers = view.pull.requestedReviewerIds.filter(
        id => !previous.reviewers.includes(id),
      );
      const teams = view.pull.requestedTeamIds.filter(
        id => !previous.teams.includes(id),
      );
      // A repeated request for someone already asked is still a request.
      const requests =
        reviewers.length + teams.length > 0
          ? { reviewers, teams }
          : {
              reviewers: view.pull.requestedReviewerIds,
              teams: view.pull.requestedTeamIds,
            };
      for (const id of requests.reviewers) {
        send({ action: 'review_requested', reviewer: { kind: 'user', id } });
      }
      for (const id of requests.teams) {
        send({ action: 'review_requested', reviewer: { kind: 'team', id } });
      }
    } else {
      send({ action: event.action });
    }
  }

  #emit(
    repo: RepositoryRecord,
    event: string,
    action: string | null,
    render: () => Promise<Record<string, unknown>>,
  ): void {
    const hooks = this.registry.subscribers(event, repo.id, repo.ownerId);
    this.#render(hooks, event, action, repo.id, render);
  }

  #render(
    hooks: HookRecord[],
    event: string,
    action: string | null,
    repositoryId: number | null,
    render: () => Promise<Record<string, unknown>>,
  ): void {
    if (hooks.length === 0) {
      return;
    }
    const guid = randomUUID();
    this.#rendering = this.#rendering
      .then(async () => {
        const payload = await render();
        const rendered: RenderedEvent = {
          event,
          action,
          payload,
          repositoryId,
          guid,
        };
        for (const hook of hooks) {
          this.#deliverer.enqueue(hook, rendered);
        }
      })
      .catch(this.#onError);
  }
}

function changesOf(previous: PullRequestMemory, view: PullRequestView) {
  return {
    ...(previous.title !== view.issue.title
      ? { title: { from: previous.title } }
      : {}),
    ...(previous.body !== view.issue.body
      ? { body: { from: previous.body ?? '' } }
      : {}),
    ...(previous.baseRef !== view.pull.baseRef
      ? {
          base: {
            ref: { from: previous.baseRef },
            sha: { from: previous.baseSha },
          },
        }
      : {}),
  };
}
