import { createHash } from 'node:crypto';
import { CompiledExpression, compileExpression } from './cel';
import { ValidatingAdmissionPolicy, annotations } from './schema';
import { PolicyInfo, PolicyScope } from './types';

export type CompiledValidation = {
  expression: CompiledExpression;
  message?: string;
  messageExpression?: CompiledExpression;
  reason?: string;
};

export type CompiledPolicy = {
  info: PolicyInfo;
  spec: ValidatingAdmissionPolicy['spec'];
  matchConditions: { name: string; expression: CompiledExpression }[];
  variables: { name: string; expression: CompiledExpression }[];
  validations: CompiledValidation[];
};

export class PolicyDefinitionError extends Error {}

/** Compiles every expression of a policy; the first bad one throws, naming where it is. */
export function compilePolicy(
  policy: ValidatingAdmissionPolicy,
  file: string,
): CompiledPolicy {
  const scopeAnnotation = policy.metadata.annotations?.[annotations.scope];
  if (
    scopeAnnotation !== undefined &&
    scopeAnnotation !== 'object' &&
    scopeAnnotation !== 'object-set'
  ) {
    throw new PolicyDefinitionError(
      `annotation ${annotations.scope} must be 'object' or 'object-set', not '${scopeAnnotation}'`,
    );
  }
  const scope: PolicyScope = scopeAnnotation ?? 'object';
  const { spec } = policy;

  const names = new Set<string>();
  for (const variable of spec.variables ?? []) {
    if (names.has(variable.name)) {
      throw new PolicyDefinitionError(
        `variable '${variable.name}' is declared twice`,
      );
    }
    names.add(variable.name);
  }

  const matchConditions = (spec.matchConditions ?? []).map(
    (condition, index) => ({
      name: condition.name,
      expression: compileExpression(
        condition.expression,
        scope,
        'bool',
        `spec.matchConditions[${index}] '${condition.name}'`,
      ),
    }),
  );
  const variables = (spec.variables ?? []).map((variable, index) => ({
    name: variable.name,
    expression: compileExpression(
      variable.expression,
      scope,
      'any',
      `spec.variables[${index}] '${variable.name}'`,
    ),
  }));
  const validations = spec.validations.map((validation, index) => ({
    expression: compileExpression(
      validation.expression,
      scope,
      'bool',
      `spec.validations[${index}].expression`,
    ),
    message: validation.message,
    messageExpression:
      validation.messageExpression === undefined
        ? undefined
        : compileExpression(
            validation.messageExpression,
            scope,
            'string',
            `spec.validations[${index}].messageExpression`,
          ),
    reason: validation.reason,
  }));

  return {
    info: {
      name: policy.metadata.name,
      title:
        policy.metadata.annotations?.[annotations.title] ??
        policy.metadata.name,
      howToFix: policy.metadata.annotations?.[annotations.howToFix],
      scope,
      file,
      version: versionOf(policy),
      manifest: policy,
    },
    spec,
    matchConditions,
    variables,
    validations,
  };
}

// The rule is the spec plus the scope annotation; titles and how-to-fix text
// can change without making every past result "the rule changed".
function versionOf(policy: ValidatingAdmissionPolicy): string {
  const rule = {
    scope: policy.metadata.annotations?.[annotations.scope] ?? 'object',
    spec: policy.spec,
  };
  return createHash('sha256')
    .update(canonicalJson(rule))
    .digest('hex')
    .slice(0, 12);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      // Keys of one object are unique, so code-point order never ties.
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries
      .map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
