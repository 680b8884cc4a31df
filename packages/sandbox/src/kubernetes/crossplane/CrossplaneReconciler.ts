import { EventRecorder } from '../objects/EventRecorder';
import { ObjectService } from '../objects/ObjectService';
import { ResourceRegistry } from '../registry/ResourceRegistry';
import { storageKey } from '../registry/ResourceType';
import { ObjectStore, StoreEvent } from '../store/ObjectStore';
import { isJsonObject, KubeObject } from '../types';
import { conditionOf, isConditionTrue, readyCondition } from './conditions';
import { compositionKey } from './crossplaneApis';
import { CrossplaneWriter, ReconcileError, specOf } from './CrossplaneWriter';
import { ManagedType, managedTypeOf } from './managedTypes';

/** Setting this annotation on a claim or composite makes its reconcile fail with the value as message. */
export const failureAnnotation = 'sandbox.callboard.dev/fail';

/** Selects claims or composites by identity, or by any predicate. */
export type ReconcileMatcher =
  | { apiVersion?: string; kind?: string; name?: string; namespace?: string }
  | ((object: KubeObject) => boolean);

/** Test and demo controls for the Crossplane stand-in. */
export interface CrossplaneControls {
  /** Makes the next reconcile of a matching claim or composite fail with `message`. */
  failNext(matcher: ReconcileMatcher, message: string): void;
  setReconcileDelay(delayMs: number): void;
  readonly reconcileDelayMs: number;
  /** Resolves once no reconcile is scheduled. */
  whenIdle(): Promise<void>;
}

/** Spec fields Crossplane writes itself; changes to them do not call for another reconcile. */
const crossplaneWrittenSpecFields = new Set([
  'resourceRef',
  'resourceRefs',
  'claimRef',
  'compositionRef',
  'compositionRevisionRef',
]);

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (isJsonObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map(key => `${JSON.stringify(key)}:${stableStringify(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What a reconcile depends on: the user-written spec and the failure annotation. */
function reconcileKey(object: KubeObject): string {
  const userSpec = Object.fromEntries(
    Object.entries(specOf(object)).filter(
      ([name]) => !crossplaneWrittenSpecFields.has(name),
    ),
  );
  return `${stableStringify(userSpec)}|${
    object.metadata.annotations?.[failureAnnotation] ?? ''
  }`;
}

function matches(matcher: ReconcileMatcher, object: KubeObject): boolean {
  if (typeof matcher === 'function') return matcher(object);
  return (
    (matcher.apiVersion === undefined ||
      matcher.apiVersion === object.apiVersion) &&
    (matcher.kind === undefined || matcher.kind === object.kind) &&
    (matcher.name === undefined || matcher.name === object.metadata.name) &&
    (matcher.namespace === undefined ||
      matcher.namespace === object.metadata.namespace)
  );
}

export interface CrossplaneReconcilerDependencies {
  store: ObjectStore;
  registry: ResourceRegistry;
  objects: ObjectService;
  events: EventRecorder;
}

/**
 * Plays Crossplane's claim and composite controllers closely enough for
 * clients: after a delay a claim gets a bound composite, the composition's
 * resources, a connection Secret, Events, and `Synced` then `Ready`
 * conditions. Every write goes through the object service, so watchers see
 * each step.
 */
export class CrossplaneReconciler implements CrossplaneControls {
  private delayMs: number;
  private readonly pendingFailures: Array<{
    matcher: ReconcileMatcher;
    message: string;
  }> = [];
  private readonly timers = new Map<string, Set<NodeJS.Timeout>>();
  private readonly reconciledKeys = new Map<string, string>();
  private idleWaiters: Array<() => void> = [];
  private unsubscribe: (() => void) | undefined;
  private readonly writer: CrossplaneWriter;

  constructor(
    private readonly deps: CrossplaneReconcilerDependencies,
    delayMs: number,
  ) {
    this.delayMs = delayMs;
    this.writer = new CrossplaneWriter(deps);
  }

  private managedTypeOf(key: string): ManagedType | undefined {
    return managedTypeOf(this.deps.store, this.deps.registry, key);
  }

  get reconcileDelayMs(): number {
    return this.delayMs;
  }

  /** Subscribes to changes and picks up claims that were not ready when a snapshot was saved. */
  start(): void {
    for (const key of this.deps.store.storageKeys()) {
      const managed = this.managedTypeOf(key);
      if (!managed) continue;
      for (const object of this.deps.store.list(key))
        this.consider(object, managed, true);
    }
    this.unsubscribe = this.deps.store.subscribe(event => this.onEvent(event));
  }

  stop(): void {
    this.unsubscribe?.();
    for (const uid of [...this.timers.keys()]) this.cancel(uid);
    this.notifyIfIdle();
  }

  failNext(matcher: ReconcileMatcher, message: string): void {
    this.pendingFailures.push({ matcher, message });
  }

  setReconcileDelay(delayMs: number): void {
    this.delayMs = delayMs;
  }

  whenIdle(): Promise<void> {
    if (this.timers.size === 0) return Promise.resolve();
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  private onEvent(event: StoreEvent) {
    if (event.storageKey === compositionKey) {
      this.retryFailed();
      return;
    }
    const managed = this.managedTypeOf(event.storageKey);
    if (!managed) return;
    if (event.type === 'DELETED') {
      const uid = event.object.metadata.uid ?? '';
      this.cancel(uid);
      this.reconciledKeys.delete(uid);
      if (managed.role === 'claim')
        this.writer.deleteBoundComposite(event.object);
      return;
    }
    this.consider(event.object, managed, false);
  }

  private consider(
    object: KubeObject,
    managed: ManagedType,
    restoring: boolean,
  ) {
    if (managed.role === 'composite' && isJsonObject(specOf(object).claimRef))
      return;
    if (object.metadata.deletionTimestamp) return;
    const uid = object.metadata.uid ?? '';
    const reconcileState = reconcileKey(object);
    if (this.reconciledKeys.get(uid) === reconcileState) return;
    this.reconciledKeys.set(uid, reconcileState);
    if (
      restoring &&
      isConditionTrue(object, 'Synced') &&
      isConditionTrue(object, 'Ready')
    )
      return;
    this.cancel(uid);
    const key = storageKey(managed.type);
    this.schedule(uid, Math.floor(this.delayMs / 2), () =>
      this.sync(
        key,
        object.metadata.namespace,
        object.metadata.name ?? '',
        uid,
      ),
    );
  }

  private sync(
    key: string,
    namespace: string | undefined,
    name: string,
    uid: string,
  ) {
    const managed = this.managedTypeOf(key);
    if (!managed) return;
    const object = this.deps.objects.find(managed.type, namespace, name);
    if (
      !object ||
      object.metadata.uid !== uid ||
      object.metadata.deletionTimestamp
    )
      return;
    try {
      const failure = this.takeFailure(object);
      if (failure !== undefined) throw new ReconcileError(failure);
      const synced =
        managed.role === 'claim'
          ? this.writer.syncClaim(object, managed)
          : this.writer.syncComposite(object, managed);
      this.schedule(uid, Math.ceil(this.delayMs / 2), () => {
        for (const ref of synced)
          this.writer.setCondition(ref, readyCondition, managed.role);
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.writer.markFailed(managed, object, message);
    }
  }

  /**
   * Crossplane requeues failed reconciles; the sandbox retries them when a
   * Composition appears or changes, the one outside change that can fix them.
   */
  private retryFailed() {
    for (const key of this.deps.store.storageKeys()) {
      const managed = this.managedTypeOf(key);
      if (!managed) continue;
      for (const object of this.deps.store.list(key)) {
        if (conditionOf(object, 'Synced')?.status !== 'False') continue;
        this.reconciledKeys.delete(object.metadata.uid ?? '');
        this.consider(object, managed, false);
      }
    }
  }

  private takeFailure(object: KubeObject): string | undefined {
    const annotated = object.metadata.annotations?.[failureAnnotation];
    if (annotated) return annotated;
    const index = this.pendingFailures.findIndex(({ matcher }) =>
      matches(matcher, object),
    );
    if (index < 0) return undefined;
    return this.pendingFailures.splice(index, 1)[0].message;
  }

  private schedule(uid: string, delayMs: number, action: () => void) {
    const timers = this.timers.get(uid) ?? new Set();
    this.timers.set(uid, timers);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (timers.size === 0) this.timers.delete(uid);
      try {
        action();
      } catch (error) {
        // Failures that could not be recorded on the object (it vanished mid-reconcile, say).
        process.emitWarning(
          error instanceof Error ? error : String(error),
          'CrossplaneSandboxWarning',
        );
      }
      this.notifyIfIdle();
    }, delayMs);
    timers.add(timer);
  }

  private cancel(uid: string) {
    for (const timer of this.timers.get(uid) ?? []) clearTimeout(timer);
    this.timers.delete(uid);
  }

  private notifyIfIdle() {
    if (this.timers.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
