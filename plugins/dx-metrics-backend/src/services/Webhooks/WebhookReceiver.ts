import { LoggerService } from '@backstage/backend-plugin-api';
import { AuthenticationError, InputError } from '@backstage/errors';
import { verify } from '@octokit/webhooks-methods';
import { DxStore } from '../../database/DxStore';
import {
  GithubIngester,
  IngestKind,
  IngestTarget,
} from '../Ingest/GithubIngester';

export interface WebhookDelivery {
  event: string | undefined;
  deliveryId: string | undefined;
  signature: string | undefined;
  body: Buffer;
}

export type WebhookOutcome =
  | { status: 'applied'; event: string; written: number }
  | { status: 'duplicate'; event: string }
  | { status: 'ignored'; event: string; reason: string };

/** The events that carry DX data, and the stream each one refreshes. */
const STREAM_OF: Record<string, IngestKind> = {
  push: 'commits',
  pull_request: 'pulls',
  workflow_run: 'deployments',
};

/**
 * GitHub webhooks: verified by `X-Hub-Signature-256` before anything is read, applied at most
 * once per delivery id. A deployment status is stored straight from the payload; a push, a pull
 * request or a workflow run re-reads that one stream of that one repository, so the figures
 * change within seconds without trusting partial payloads (a push lists at most 20 commits).
 */
export class WebhookReceiver {
  constructor(
    private readonly deps: {
      store: DxStore;
      ingester: GithubIngester;
      secret: string | undefined;
      logger: LoggerService;
      targets: () => Promise<IngestTarget[]>;
      host: string;
      /**
       * Hands every verified delivery on (topic `github.<event>`, as
       * Backstage's GitHub events module names them), so other plugins,
       * e.g. scorecards on a push, react without a second webhook.
       */
      publish?: (event: {
        topic: string;
        eventPayload: unknown;
        metadata: Record<string, string>;
      }) => Promise<void>;
    },
  ) {}

  async receive(delivery: WebhookDelivery): Promise<WebhookOutcome> {
    const { store } = this.deps;
    if (!this.deps.secret) {
      throw new AuthenticationError(
        'Webhook deliveries are refused: dxMetrics.webhooks.secret is not configured',
      );
    }
    if (!delivery.signature) {
      throw new AuthenticationError('Missing X-Hub-Signature-256 header');
    }
    const valid = await verify(
      this.deps.secret,
      delivery.body.toString('utf8'),
      delivery.signature,
    ).catch(() => false);
    if (!valid) {
      throw new AuthenticationError(
        'X-Hub-Signature-256 does not match the payload',
      );
    }
    if (!delivery.event || !delivery.deliveryId) {
      throw new InputError(
        'Missing X-GitHub-Event or X-GitHub-Delivery header',
      );
    }
    const event = delivery.event;
    if (await store.hasDelivery(delivery.deliveryId)) {
      return { status: 'duplicate', event };
    }
    let payload: any;
    try {
      payload = JSON.parse(delivery.body.toString('utf8'));
    } catch {
      throw new InputError('The webhook payload is not JSON');
    }
    const outcome = await this.#apply(event, payload);
    await this.deps.publish?.({
      topic: `github.${event}`,
      eventPayload: payload,
      metadata: {
        'x-github-event': event,
        'x-github-delivery': delivery.deliveryId,
      },
    });
    // Recorded after applying, so a delivery that failed half-way can be redelivered.
    await store.claimDelivery(delivery.deliveryId, event, Date.now());
    return outcome;
  }

  async #apply(event: string, payload: any): Promise<WebhookOutcome> {
    const repositoryId = Number(payload?.repository?.id);
    const repository = Number.isFinite(repositoryId)
      ? await this.deps.store.getRepository(repositoryId)
      : undefined;
    if (!repository) {
      return {
        status: 'ignored',
        event,
        reason: 'not a repository the catalog names',
      };
    }
    if (event === 'deployment_status') {
      const { deployment, deployment_status: status } = payload;
      const written = await this.deps.ingester.applyDeploymentStatus(
        repositoryId,
        {
          databaseId: deployment.id,
          environment: deployment.environment,
          createdAt: deployment.created_at,
          payload:
            typeof deployment.payload === 'string'
              ? deployment.payload
              : JSON.stringify(deployment.payload ?? null),
          commit: { oid: deployment.sha },
          latestStatus: { state: status.state, createdAt: status.created_at },
        },
      );
      return { status: 'applied', event, written };
    }
    const kind = STREAM_OF[event];
    if (!kind) {
      return {
        status: 'ignored',
        event,
        reason: 'not an event DX metrics reads',
      };
    }
    if (
      event === 'push' &&
      payload.ref !== `refs/heads/${repository.defaultBranch}`
    ) {
      return { status: 'ignored', event, reason: 'not the default branch' };
    }
    if (event === 'workflow_run' && payload.action !== 'completed') {
      return { status: 'ignored', event, reason: 'run not completed' };
    }
    const known = (await this.deps.targets()).find(
      target => target.slug.toLowerCase() === repository.fullName.toLowerCase(),
    );
    const summary = await this.deps.ingester.run(
      [
        known ?? {
          host: this.deps.host,
          slug: repository.fullName,
          monorepo: false,
        },
      ],
      { kinds: [kind], probe: false },
    );
    return { status: 'applied', event, written: summary.written[kind] };
  }
}
