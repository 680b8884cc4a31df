import { Environment, Optional } from '@marcbachmann/cel-js';
import { PolicyScope } from './types';

/** A CEL expression compiled once at load and evaluated per object. */
export type CompiledExpression = {
  source: string;
  run(context: Record<string, unknown>): unknown;
};

export class ExpressionCompileError extends Error {}

// What a ValidatingAdmissionPolicy's expressions may read. `authorizer` is
// left out on purpose: outside an API server there is no one to ask, so a
// policy that uses it fails to load instead of evaluating differently.
const admissionVariables = [
  'object',
  'oldObject',
  'params',
  'namespaceObject',
  'request',
  'variables',
];

function createEnvironment(scope: PolicyScope): Environment {
  const environment = new Environment({
    // Kubernetes' CEL has optionals (`?.`, `[?]`, orValue); so must ours.
    enableOptionalTypes: true,
    // Objects from YAML mix types freely, as they do in a cluster.
    homogeneousAggregateLiterals: false,
  });
  for (const name of admissionVariables) {
    environment.registerVariable(name, 'dyn');
  }
  if (scope === 'object-set') {
    environment.registerVariable('objects', 'list');
  }
  return environment;
}

const environments = new Map<PolicyScope, Environment>();

function environmentFor(scope: PolicyScope): Environment {
  let environment = environments.get(scope);
  if (!environment) {
    environment = createEnvironment(scope);
    environments.set(scope, environment);
  }
  return environment;
}

/**
 * Parses and type-checks an expression. `returns` is the type its result
 * must have (`dyn` results are checked when evaluated); the error names
 * `where` so a bad policy file points at the expression.
 */
export function compileExpression(
  source: string,
  scope: PolicyScope,
  returns: 'bool' | 'string' | 'any',
  where: string,
): CompiledExpression {
  const environment = environmentFor(scope);
  let checked: ReturnType<Environment['check']>;
  try {
    checked = environment.check(source);
  } catch (error) {
    throw new ExpressionCompileError(`${where}: ${describeError(error)}`);
  }
  if (!checked.valid) {
    const reason = describeError(checked.error);
    const hint =
      scope === 'object' && /Unknown variable: objects\b/.test(reason)
        ? ` (only policies annotated policies.callboard.dev/scope: object-set may read 'objects')`
        : '';
    throw new ExpressionCompileError(`${where}: ${reason}${hint}`);
  }
  if (returns !== 'any' && checked.type !== returns && checked.type !== 'dyn') {
    throw new ExpressionCompileError(
      `${where}: must return ${returns}, but returns ${checked.type}`,
    );
  }
  const program = environment.parse(source);
  return { source, run: context => program(context) };
}

/**
 * A cel-js error's summary and where in the expression it is, without the
 * multi-line source excerpt its message carries.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const { summary, range } = error as Error & {
    summary?: string;
    range?: { start: number };
  };
  const text = summary ?? error.message.split('\n')[0].trim();
  return range ? `${text} (at character ${range.start + 1})` : text;
}

export { Optional };
