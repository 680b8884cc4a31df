import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { HumanDuration } from '@backstage/types';
import { FactType, JsonValue } from '@callboard/plugin-scorecards-common';

/** The declaration of one fact a collector produces. */
export interface FactDefinition {
  /** CEL type of the value; checks are type-checked against it at load. */
  type: FactType;
  /** One sentence: what the value means, including what an empty value means. */
  description: string;
  /**
   * How long a collected value counts as current. An older value makes the
   * checks that read it `unknown` ("stale"), never `fail`. Defaults to the
   * collector's `ttl`.
   */
  ttl?: HumanDuration;
}

/** When the scheduled collection runs. */
export interface FactCollectorSchedule {
  frequency: HumanDuration;
  /** Defaults to the frequency. */
  timeout?: HumanDuration;
  /** Delay of the first run after start-up. Defaults to none. */
  initialDelay?: HumanDuration;
}

/** Why a collection runs. */
export type FactCollectionTrigger =
  /** The collector's own schedule. */
  | 'schedule'
  /** An owner pressed "Refresh now" (one entity). */
  | 'refresh'
  /** A GitHub push or a catalog change touched the entity. */
  | 'change';

export interface FactCollectionContext {
  trigger: FactCollectionTrigger;
  /** Aborted when the run's timeout elapses or the backend shuts down. */
  signal: AbortSignal;
  logger: LoggerService;
}

/**
 * What went wrong, in categories the portal explains to users. Facts
 * collected before stay stored and keep counting until their TTL passes;
 * then the checks that read them go `unknown` with this message.
 */
export type FactCollectionErrorKind =
  /** 401/403 without a rate limit: credentials or permissions are missing. */
  | 'forbidden'
  /** 429, or 403 with an exhausted rate limit. */
  | 'rate-limited'
  /** 5xx, timeouts, refused connections: try again later. */
  | 'unavailable'
  /** The entity points at something that does not exist (repository, cluster). */
  | 'not-found'
  /** Anything else. */
  | 'failed';

export interface FactCollectionError {
  kind: FactCollectionErrorKind;
  /** Shown to users: name the system and the call, never a token or a stack. */
  message: string;
  /** When a rate limit resets; the scheduler does not call the collector again before. */
  retryAfter?: Date;
}

/** Facts collected for one entity. */
export interface CollectedFacts {
  entityRef: string;
  /**
   * Values by fact name (without the collector prefix). Each must match its
   * declared type; a value that does not is refused and reported, and the
   * fact's previous value is kept. Facts are never null: model absence with
   * a `bool` fact or an empty string or list.
   */
  facts: Record<string, JsonValue>;
  /**
   * Facts that could not be determined for this entity this time, with the
   * reason (e.g. "branch protection needs admin access"). Their previous
   * values are kept and go unknown after their TTL.
   */
  missing?: Record<string, string>;
  /** When the values were true; defaults to when `collect` returned. */
  collectedAt?: Date;
}

/** A collection that failed for one entity. */
export interface FailedCollection {
  entityRef: string;
  error: FactCollectionError;
}

export type FactCollectionResult = CollectedFacts | FailedCollection;

/**
 * A source of facts about catalog entities: the catalog itself, GitHub,
 * clusters, DX metrics. Register one through
 * `scorecardsCollectorsExtensionPoint`.
 *
 * The scorecards backend owns everything around `collect`: the schedule
 * (run by one replica), batching, storage (only changed values are written,
 * with their history), TTLs, and turning failures into `unknown` results.
 */
export interface FactCollector {
  /**
   * Unique id, `[a-z][a-zA-Z0-9]*`. Facts are addressed as `<id>.<name>`
   * and appear in CEL as fields of a variable with this name
   * (`github.hasReadme`).
   */
  readonly id: string;
  /** Shown in the portal, e.g. "GitHub". */
  readonly title: string;
  /** Every fact the collector produces, by name (`[a-z][a-zA-Z0-9]*`). */
  readonly facts: Readonly<Record<string, FactDefinition>>;
  /** Default TTL of the facts. Choose at least twice the schedule's frequency. */
  readonly ttl: HumanDuration;
  /** Defaults to `scorecards.collection.schedule` (every 30 minutes). */
  readonly schedule?: FactCollectorSchedule;
  /**
   * Most entities per `collect` call; the backend splits larger sets. Pick
   * what one upstream request can answer (e.g. repositories per GraphQL
   * query). Defaults to 50.
   */
  readonly batchSize?: number;

  /**
   * Returns a reason when the collector has nothing to say about an entity
   * (e.g. "no github.com/project-slug annotation"); checks that read its
   * facts then show `unknown` with that reason. Return undefined to collect.
   */
  skipReason?(entity: Entity): string | undefined;

  /**
   * Collects facts for a batch of entities. `collect` receives only entities
   * that a loaded check reads this collector's facts for. Return one result
   * per entity; entities left out count as failed ("returned no result").
   * Throwing fails the whole batch with the error (see
   * `toFactCollectionError` for how it is classified).
   */
  collect(
    entities: Entity[],
    context: FactCollectionContext,
  ): Promise<FactCollectionResult[]>;
}

export function isFailedCollection(
  result: FactCollectionResult,
): result is FailedCollection {
  return 'error' in result;
}
