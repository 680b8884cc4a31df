import { KubernetesObject } from './types';

/** The params object of a policy's paramKind: the first loaded object of that apiVersion and kind. */
export function findParams(
  params: KubernetesObject[],
  paramKind: { apiVersion: string; kind: string },
): KubernetesObject | undefined {
  return params.find(
    candidate =>
      candidate.apiVersion === paramKind.apiVersion &&
      candidate.kind === paramKind.kind,
  );
}
