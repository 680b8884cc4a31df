import { describeError } from './cel';
import { CompiledPolicy } from './compilePolicy';
import { findParams } from './findParams';
import {
  groupVersionResource,
  matchConstraintsSelect,
  selectorMatches,
} from './matching';
import {
  AdmissionOperation,
  KubernetesObject,
  PolicyInfo,
  PolicyInput,
  PolicyLoadProblem,
  PolicyOutcome,
  PolicyResult,
  ValidationResult,
} from './types';
import { toCelValue, toJsonValue } from './values';

// Built-in kinds that live outside namespaces: for them `namespaceObject` is
// null, as at admission. Any other kind without metadata.namespace is
// namespaced but not yet placed (a Helm template, a kustomize base), so its
// namespace is not known rather than absent.
const clusterScopedKinds = new Set([
  'APIService',
  'CSIDriver',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
]);

/** Thrown (inside an evaluation) when a policy reads input the caller did not give. */
class MissingInputError extends Error {}

/**
 * A loaded, compiled set of policies and the params they read. Build one
 * with `loadPolicySet` and keep it: evaluation reuses the compiled programs.
 */
export class PolicySet {
  readonly policies: readonly PolicyInfo[];

  constructor(
    private readonly compiled: readonly CompiledPolicy[],
    /** The params objects (the ConfigMap) policies read as `params`. */
    readonly params: readonly KubernetesObject[],
    /** Files and policies that did not load, with why. */
    readonly problems: readonly PolicyLoadProblem[],
  ) {
    this.policies = compiled.map(policy => policy.info);
  }

  policy(name: string): PolicyInfo | undefined {
    return this.policies.find(policy => policy.name === name);
  }

  /** The params object a policy reads, as its binding would reference it. */
  paramsFor(name: string): KubernetesObject | undefined {
    const paramKind = this.compiled.find(policy => policy.info.name === name)
      ?.spec.paramKind;
    return paramKind ? findParams([...this.params], paramKind) : undefined;
  }

  /**
   * Evaluates every policy against every object it matches. Each result is
   * one policy's decision about one object; an expression that throws for
   * one object makes that result unknown and leaves the others alone.
   */
  evaluate(input: PolicyInput): PolicyResult[] {
    const selected = input.policies
      ? this.compiled.filter(policy =>
          input.policies!.includes(policy.info.name),
        )
      : this.compiled;
    const namespaces = new Map<string, KubernetesObject>();
    for (const candidate of [...input.objects, ...(input.namespaces ?? [])]) {
      if (
        candidate.apiVersion === 'v1' &&
        candidate.kind === 'Namespace' &&
        candidate.metadata.name
      ) {
        namespaces.set(candidate.metadata.name, candidate);
      }
    }
    const celObjects = new Map<number, unknown>();
    const celObject = (index: number) => {
      if (!celObjects.has(index)) {
        celObjects.set(index, toCelValue(input.objects[index]));
      }
      return celObjects.get(index);
    };
    let celSet: unknown[] | undefined;
    const objectSet = () => {
      celSet ??= input.objects.map((_, index) => celObject(index));
      return celSet;
    };

    const results: PolicyResult[] = [];
    for (const policy of selected) {
      const paramKind = policy.spec.paramKind;
      const params = paramKind
        ? toCelValue(findParams([...this.params], paramKind))
        : null;
      input.objects.forEach((object, objectIndex) => {
        const oldObject = findOldObject(object, input.oldObjects);
        const operation: AdmissionOperation = oldObject ? 'UPDATE' : 'CREATE';
        const constraints = policy.spec.matchConstraints;
        if (!matchConstraintsSelect(constraints, object, operation)) {
          return;
        }
        const namespaceName = object.metadata.namespace;
        const namespace = namespaceName
          ? namespaces.get(namespaceName)
          : undefined;
        if (constraints.namespaceSelector) {
          const isNamespace = object.kind === 'Namespace';
          if (!isNamespace && !namespace) {
            results.push(
              unknownResult(
                policy,
                object,
                objectIndex,
                `matchConstraints.namespaceSelector needs ${describeNamespace(
                  object,
                )}`,
              ),
            );
            return;
          }
          const labels = isNamespace
            ? object.metadata.labels
            : namespace?.metadata.labels;
          if (!selectorMatches(constraints.namespaceSelector, labels)) {
            return;
          }
        }
        const result = evaluateOne(policy, {
          object,
          objectIndex,
          operation,
          celObject: celObject(objectIndex),
          oldObject: oldObject ? toCelValue(oldObject) : null,
          params,
          namespace,
          objectSet,
        });
        if (result) {
          results.push(result);
        }
      });
    }
    return results;
  }
}

type EvaluationTarget = {
  object: KubernetesObject;
  objectIndex: number;
  operation: AdmissionOperation;
  celObject: unknown;
  oldObject: unknown;
  params: unknown;
  namespace: KubernetesObject | undefined;
  objectSet: () => unknown[];
};

function evaluateOne(
  policy: CompiledPolicy,
  target: EvaluationTarget,
): PolicyResult | undefined {
  const { object } = target;
  const gvr = groupVersionResource(object);
  const context: Record<string, unknown> = {
    object: target.celObject,
    oldObject: target.oldObject,
    params: target.params,
    request: {
      operation: target.operation,
      name: object.metadata.name ?? '',
      namespace: object.metadata.namespace ?? '',
      kind: { group: gvr.group, version: gvr.version, kind: object.kind },
      resource: gvr,
      dryRun: false,
    },
  };
  let namespaceObject: unknown;
  Object.defineProperty(context, 'namespaceObject', {
    enumerable: true,
    get() {
      if (target.namespace) {
        namespaceObject ??= toCelValue(target.namespace);
        return namespaceObject;
      }
      if (!object.metadata.namespace && clusterScopedKinds.has(object.kind)) {
        return null;
      }
      throw new MissingInputError(
        `namespaceObject is not known: ${describeNamespace(object)}`,
      );
    },
  });
  if (policy.info.scope === 'object-set') {
    Object.defineProperty(context, 'objects', {
      enumerable: true,
      get: target.objectSet,
    });
  }

  // Variables are evaluated lazily and once, as Kubernetes does: one that
  // throws only matters to the expressions that read it. Those read are the
  // values that decided the result.
  const evaluated = new Map<string, { value: unknown } | { error: unknown }>();
  const variables: Record<string, unknown> = {};
  for (const variable of policy.variables) {
    Object.defineProperty(variables, variable.name, {
      enumerable: true,
      get() {
        let entry = evaluated.get(variable.name);
        if (!entry) {
          try {
            entry = { value: variable.expression.run(context) };
          } catch (error) {
            entry = {
              error: new Error(
                `variables.${variable.name}: ${describeError(error)}`,
              ),
            };
          }
          evaluated.set(variable.name, entry);
        }
        if ('error' in entry) {
          throw entry.error;
        }
        return entry.value;
      },
    });
  }
  context.variables = variables;

  const conditionErrors: string[] = [];
  for (const condition of policy.matchConditions) {
    try {
      if (condition.expression.run(context) === false) {
        return undefined;
      }
    } catch (error) {
      conditionErrors.push(
        `matchConditions '${condition.name}': ${describeError(error)}`,
      );
    }
  }
  if (conditionErrors.length > 0) {
    return unknownResult(
      policy,
      object,
      target.objectIndex,
      conditionErrors.join('; '),
    );
  }

  const validations: ValidationResult[] = policy.validations.map(validation => {
    const expression = validation.expression.source;
    let passed: unknown;
    try {
      passed = validation.expression.run(context);
    } catch (error) {
      return { expression, outcome: 'unknown', error: describeError(error) };
    }
    if (typeof passed !== 'boolean') {
      return {
        expression,
        outcome: 'unknown',
        error: `returned ${typeof passed}, not a bool`,
      };
    }
    if (passed) {
      return { expression, outcome: 'pass' };
    }
    return {
      expression,
      outcome: 'fail',
      message: failureMessage(validation, context),
      reason: validation.reason ?? 'Invalid',
    };
  });

  const failures = validations.filter(v => v.outcome === 'fail');
  const unknowns = validations.filter(v => v.outcome === 'unknown');
  let outcome: PolicyOutcome = 'pass';
  if (failures.length > 0) {
    outcome = 'fail';
  } else if (unknowns.length > 0) {
    outcome = 'unknown';
  }
  const values: Record<string, unknown> = {};
  for (const [name, entry] of evaluated) {
    if ('value' in entry) {
      values[name] = toJsonValue(entry.value);
    }
  }
  return {
    ...baseResult(policy, object, target.objectIndex),
    outcome,
    ...(failures.length > 0
      ? {
          message: failures.map(f => f.message).join('; '),
          reason: failures[0].reason,
        }
      : {}),
    ...(outcome === 'unknown'
      ? { error: unknowns.map(u => u.error).join('; ') }
      : {}),
    values,
    validations,
  };
}

// Kubernetes falls back to `message` when messageExpression fails or is
// empty, and to naming the expression when there is no message.
function failureMessage(
  validation: CompiledPolicy['validations'][number],
  context: Record<string, unknown>,
): string {
  if (validation.messageExpression) {
    try {
      const message = validation.messageExpression.run(context);
      if (typeof message === 'string' && message.trim() !== '') {
        return message;
      }
    } catch {
      // fall through to the static message
    }
  }
  return (
    validation.message ?? `failed expression: ${validation.expression.source}`
  );
}

function baseResult(
  policy: CompiledPolicy,
  object: KubernetesObject,
  objectIndex: number,
) {
  return {
    policy: policy.info.name,
    title: policy.info.title,
    version: policy.info.version,
    object: {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata.name ?? '',
      ...(object.metadata.namespace
        ? { namespace: object.metadata.namespace }
        : {}),
    },
    objectIndex,
  };
}

function unknownResult(
  policy: CompiledPolicy,
  object: KubernetesObject,
  objectIndex: number,
  error: string,
): PolicyResult {
  return {
    ...baseResult(policy, object, objectIndex),
    outcome: 'unknown',
    error,
    values: {},
    validations: [],
  };
}

function describeNamespace(object: KubernetesObject): string {
  const name = `${object.kind} '${object.metadata.name ?? ''}'`;
  return object.metadata.namespace
    ? `the Namespace '${object.metadata.namespace}' of ${name} is not among the objects or namespaces evaluated`
    : `${name} names no namespace`;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

function findOldObject(
  object: KubernetesObject,
  oldObjects: KubernetesObject[] | undefined,
): KubernetesObject | undefined {
  return oldObjects?.find(
    old =>
      groupOf(old.apiVersion) === groupOf(object.apiVersion) &&
      old.kind === object.kind &&
      old.metadata.name === object.metadata.name &&
      (old.metadata.namespace ?? '') === (object.metadata.namespace ?? ''),
  );
}
