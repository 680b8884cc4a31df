import { isJsonObject, KubeObject, kubeTimestamp } from '../types';

/** A Crossplane-style status condition (`Synced`, `Ready`). */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message?: string;
  lastTransitionTime: string;
}

export function conditionsOf(object: KubeObject): Condition[] {
  const status = isJsonObject(object.status) ? object.status : {};
  return Array.isArray(status.conditions)
    ? (status.conditions.filter(isJsonObject) as unknown as Condition[])
    : [];
}

export function conditionOf(
  object: KubeObject,
  type: string,
): Condition | undefined {
  return conditionsOf(object).find(condition => condition.type === type);
}

export function isConditionTrue(object: KubeObject, type: string): boolean {
  return conditionOf(object, type)?.status === 'True';
}

/** Sets one condition, keeping `lastTransitionTime` when the status does not change. */
export function withCondition(
  conditions: Condition[],
  next: Omit<Condition, 'lastTransitionTime'>,
): Condition[] {
  const previous = conditions.find(condition => condition.type === next.type);
  const updated: Condition = {
    type: next.type,
    status: next.status,
    reason: next.reason,
    ...(next.message ? { message: next.message } : {}),
    lastTransitionTime:
      previous && previous.status === next.status
        ? previous.lastTransitionTime
        : kubeTimestamp(),
  };
  return previous
    ? conditions.map(condition =>
        condition.type === next.type ? updated : condition,
      )
    : [...conditions, updated];
}

export const syncedCondition = {
  type: 'Synced',
  status: 'True',
  reason: 'ReconcileSuccess',
} as const;
export const readyCondition = {
  type: 'Ready',
  status: 'True',
  reason: 'Available',
} as const;

export function reconcileErrorCondition(message: string) {
  return {
    type: 'Synced',
    status: 'False',
    reason: 'ReconcileError',
    message,
  } as const;
}
