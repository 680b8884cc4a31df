import { KubeApiError } from '../errors/KubeApiError';
import { isJsonObject, KubeObject } from '../types';

type Operator = 'exists' | 'notExists' | 'in' | 'notIn' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: Operator;
  values: string[];
}

export type LabelSelector = LabelRequirement[];

type Token =
  | { type: 'identifier'; text: string }
  | {
      type: 'operator';
      text: '=' | '==' | '!=' | '!' | '>' | '<' | '(' | ')' | ',';
    };

const operatorTokens = ['==', '!=', '=', '!', '>', '<', '(', ')', ','] as const;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < input.length) {
    if (/\s/.test(input[position])) {
      position++;
      continue;
    }
    const start = position;
    const operator = operatorTokens.find(candidate =>
      input.startsWith(candidate, start),
    );
    if (operator) {
      tokens.push({ type: 'operator', text: operator });
      position += operator.length;
      continue;
    }
    let end = position;
    while (end < input.length && !/[\s=!<>(),]/.test(input[end])) end++;
    tokens.push({ type: 'identifier', text: input.slice(position, end) });
    position = end;
  }
  return tokens;
}

function parseError(detail: string): KubeApiError {
  return KubeApiError.badRequest(`unable to parse requirement: ${detail}`);
}

/** Parses the label selector syntax of `kubectl -l` and the `labelSelector` query parameter. */
export function parseLabelSelector(input: string): LabelSelector {
  const tokens = tokenize(input);
  const requirements: LabelSelector = [];
  let index = 0;
  const peek = () => tokens[index];
  const next = () => tokens[index++];
  const expectIdentifier = (what: string) => {
    const token = next();
    if (token?.type !== 'identifier') {
      throw parseError(`found '${token?.text ?? ''}', expected: ${what}`);
    }
    return token.text;
  };
  const parseValueSet = (): string[] => {
    const open = next();
    if (open?.text !== '(')
      throw parseError(`found '${open?.text ?? ''}', expected: '('`);
    const values: string[] = [];
    let expectingValue = true;
    for (;;) {
      const token = next();
      if (!token) throw parseError(`found '', expected: ')'`);
      if (token.text === ')') {
        if (expectingValue && values.length > 0) values.push('');
        return values;
      }
      if (token.text === ',') {
        if (expectingValue) values.push('');
        expectingValue = true;
      } else if (token.type === 'identifier' && expectingValue) {
        values.push(token.text);
        expectingValue = false;
      } else {
        throw parseError(
          `found '${token.text}', expected: ',', ')' or identifier`,
        );
      }
    }
  };

  while (index < tokens.length) {
    if (peek().text === '!') {
      next();
      requirements.push({
        key: expectIdentifier('identifier'),
        operator: 'notExists',
        values: [],
      });
    } else {
      const key = expectIdentifier('identifier');
      const operator = peek();
      if (!operator || operator.text === ',') {
        requirements.push({ key, operator: 'exists', values: [] });
      } else if (
        operator.type === 'identifier' &&
        (operator.text === 'in' || operator.text === 'notin')
      ) {
        next();
        requirements.push({
          key,
          operator: operator.text === 'in' ? 'in' : 'notIn',
          values: parseValueSet(),
        });
      } else if (
        operator.text === '=' ||
        operator.text === '==' ||
        operator.text === '!='
      ) {
        next();
        const value = peek()?.type === 'identifier' ? next().text : '';
        requirements.push({
          key,
          operator: operator.text === '!=' ? 'notIn' : 'in',
          values: [value],
        });
      } else if (operator.text === '>' || operator.text === '<') {
        next();
        const value = expectIdentifier('integer');
        if (!/^-?\d+$/.test(value))
          throw parseError(
            `for 'Gt', 'Lt' operators, the value must be an integer`,
          );
        requirements.push({
          key,
          operator: operator.text === '>' ? 'gt' : 'lt',
          values: [value],
        });
      } else {
        throw parseError(
          `found '${operator.text}', expected: in, notin, =, ==, !=, gt, lt`,
        );
      }
    }
    const separator = next();
    if (separator && separator.text !== ',') {
      throw parseError(`found '${separator.text}', expected: ','`);
    }
  }
  return requirements;
}

export function matchesLabelSelector(
  labels: Record<string, string> | undefined,
  selector: LabelSelector,
): boolean {
  return selector.every(({ key, operator, values }) => {
    const value = labels?.[key];
    switch (operator) {
      case 'exists':
        return value !== undefined;
      case 'notExists':
        return value === undefined;
      case 'in':
        return value !== undefined && values.includes(value);
      case 'notIn':
        return value === undefined || !values.includes(value);
      case 'gt':
        return (
          value !== undefined &&
          /^-?\d+$/.test(value) &&
          Number(value) > Number(values[0])
        );
      case 'lt':
        return (
          value !== undefined &&
          /^-?\d+$/.test(value) &&
          Number(value) < Number(values[0])
        );
      default:
        return false;
    }
  });
}

export interface FieldRequirement {
  field: string;
  equals: boolean;
  value: string;
}

export type FieldSelector = FieldRequirement[];

/** Parses `metadata.name=x,status.phase!=Running`. */
export function parseFieldSelector(input: string): FieldSelector {
  return input
    .split(',')
    .filter(part => part.trim() !== '')
    .map(part => {
      const match = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
      if (!match) {
        throw KubeApiError.badRequest(
          `invalid selector: '${input}'; can't understand '${part}'`,
        );
      }
      return { field: match[1], equals: match[2] !== '!=', value: match[3] };
    });
}

function fieldValue(object: KubeObject, field: string): string {
  let current: unknown = object;
  for (const name of field.split('.')) {
    current = isJsonObject(current) ? current[name] : undefined;
  }
  return current === undefined || current === null ? '' : String(current);
}

/**
 * The API server supports a few fields per kind; the sandbox accepts any
 * dotted path so `involvedObject.uid` on events works as well as `metadata.name`.
 */
export function matchesFieldSelector(
  object: KubeObject,
  selector: FieldSelector,
): boolean {
  return selector.every(
    ({ field, equals, value }) =>
      (fieldValue(object, field) === value) === equals,
  );
}

/** Everything a list or watch filters on besides the resource type. */
export interface ObjectFilter {
  namespace?: string;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
}

export function parseObjectFilter(
  namespace: string | undefined,
  labelSelector: string | undefined,
  fieldSelector: string | undefined,
): ObjectFilter {
  return {
    namespace,
    labelSelector: labelSelector ? parseLabelSelector(labelSelector) : [],
    fieldSelector: fieldSelector ? parseFieldSelector(fieldSelector) : [],
  };
}

export function matchesObjectFilter(
  object: KubeObject,
  filter: ObjectFilter,
): boolean {
  return (
    (filter.namespace === undefined ||
      object.metadata.namespace === filter.namespace) &&
    matchesLabelSelector(object.metadata.labels, filter.labelSelector) &&
    matchesFieldSelector(object, filter.fieldSelector)
  );
}
