import type { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { createParser } from 'eventsource-parser';

export const TECHDOCS_REF_ANNOTATION = 'backstage.io/techdocs-ref';

/** How one entity's sync ended, as the techdocs backend's event stream reports it. */
export type SyncOutcome =
  | { entityRef: string; result: 'updated' | 'unchanged' }
  | { entityRef: string; result: 'failed'; error: string };

/**
 * Reads the techdocs backend's `/sync` event stream to its end: `finish`
 * carries `{ updated }`, `error` the build's message. The stream only closes
 * once the build (or the decision not to build) is done.
 */
export async function readSyncStream(
  entityRef: string,
  response: Response,
): Promise<SyncOutcome> {
  if (!response.ok || !response.body) {
    return {
      entityRef,
      result: 'failed',
      error: `sync answered ${response.status} ${response.statusText}`,
    };
  }
  let outcome: SyncOutcome | undefined;
  const parser = createParser({
    onEvent(event) {
      if (event.event === 'finish') {
        const data = JSON.parse(event.data) as { updated?: boolean };
        outcome = { entityRef, result: data.updated ? 'updated' : 'unchanged' };
      } else if (event.event === 'error') {
        outcome = {
          entityRef,
          result: 'failed',
          error: JSON.parse(event.data) as string,
        };
      }
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    parser.feed(decoder.decode(chunk, { stream: true }));
  }
  return (
    outcome ?? {
      entityRef,
      result: 'failed',
      error: 'sync stream ended without a result',
    }
  );
}

export interface PrebuildOptions {
  entities: Entity[];
  /** Calls `GET <techdocs>/sync/:namespace/:kind/:name` for one entity. */
  sync(entity: Entity): Promise<Response>;
  logger: LoggerService;
  /**
   * Called once, when the first site is ready. Search answers a query for a document type
   * with no index with a 500, so the index is started then rather than after every site:
   * on a fresh portal building all of them takes minutes.
   */
  onFirstSiteReady?(): Promise<void>;
}

/**
 * Builds the docs of every entity in turn (mkdocs is CPU-bound, and the
 * machine is shared), so that search has an index to collate before anyone
 * opens a docs page. One failing site does not stop the others.
 */
export async function prebuildTechDocs(
  options: PrebuildOptions,
): Promise<SyncOutcome[]> {
  const outcomes: SyncOutcome[] = [];
  for (const entity of options.entities) {
    const entityRef = stringifyEntityRef(entity);
    let outcome: SyncOutcome;
    try {
      outcome = await readSyncStream(entityRef, await options.sync(entity));
    } catch (error) {
      outcome = { entityRef, result: 'failed', error: String(error) };
    }
    if (outcome.result === 'failed') {
      options.logger.warn(
        `TechDocs for ${entityRef} did not build: ${outcome.error}`,
      );
    } else if (!outcomes.some(o => o.result !== 'failed')) {
      await options.onFirstSiteReady?.();
    }
    outcomes.push(outcome);
  }
  return outcomes;
}
