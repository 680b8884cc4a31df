import { isJsonObject } from '../types';

type Step =
  | { type: 'field'; name: string }
  | { type: 'index'; index: number }
  | { type: 'wildcard' }
  | { type: 'filter'; path: string[]; operator: '==' | '!='; value: string };

const filterPattern =
  /^\?\(@\.([\w.-]+)\s*(==|!=)\s*(?:'([^']*)'|"([^"]*)"|([^)\s]+))\)$/;

function parseSteps(expression: string): Step[] {
  const steps: Step[] = [];
  let rest = expression
    .trim()
    .replace(/^\{(.*)\}$/, '$1')
    .replace(/^\$/, '');
  while (rest.length > 0) {
    if (rest.startsWith('.')) {
      const match = /^\.([^.[]+)/.exec(rest);
      if (!match) throw new Error(`unsupported JSONPath ${expression}`);
      steps.push({ type: 'field', name: match[1] });
      rest = rest.slice(match[0].length);
    } else if (rest.startsWith('[')) {
      const end = rest.indexOf(']');
      if (end < 0) throw new Error(`unterminated [ in JSONPath ${expression}`);
      const inner = rest.slice(1, end).trim();
      rest = rest.slice(end + 1);
      const filter = filterPattern.exec(inner);
      if (inner === '*') steps.push({ type: 'wildcard' });
      else if (/^-?\d+$/.test(inner))
        steps.push({ type: 'index', index: Number(inner) });
      else if (filter) {
        steps.push({
          type: 'filter',
          path: filter[1].split('.'),
          operator: filter[2] as '==' | '!=',
          value: filter[3] ?? filter[4] ?? filter[5],
        });
      } else throw new Error(`unsupported JSONPath ${expression}`);
    } else {
      throw new Error(`unsupported JSONPath ${expression}`);
    }
  }
  return steps;
}

function fieldOf(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (current, name) => (isJsonObject(current) ? current[name] : undefined),
    value,
  );
}

/**
 * The JSONPath subset CRD `additionalPrinterColumns` use in practice:
 * `.a.b`, `[0]`, `[*]` and `[?(@.type=='Ready')]`.
 */
export function evaluateJsonPath(
  object: unknown,
  expression: string,
): unknown[] {
  let current: unknown[] = [object];
  for (const step of parseSteps(expression)) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step.type === 'field') {
        if (isJsonObject(value) && value[step.name] !== undefined)
          next.push(value[step.name]);
      } else if (!Array.isArray(value)) {
        continue;
      } else if (step.type === 'index') {
        const item =
          value[step.index < 0 ? value.length + step.index : step.index];
        if (item !== undefined) next.push(item);
      } else if (step.type === 'wildcard') {
        next.push(...value);
      } else {
        next.push(
          ...value.filter(
            item =>
              (String(fieldOf(item, step.path) ?? '') === step.value) ===
              (step.operator === '=='),
          ),
        );
      }
    }
    current = next;
  }
  return current;
}
