import { stringify as stringifyYaml } from 'yaml';
import { isRecord } from './types';

export class GoTemplateError extends Error {}

/** Raised by the template's own `fail` / `required`, like `helm template` does. */
export class GoTemplateFailError extends GoTemplateError {}

type Operand =
  | { type: 'literal'; value: unknown }
  | { type: 'field'; fromRoot: boolean; path: string[] }
  | { type: 'identifier'; name: string }
  | { type: 'group'; pipeline: Pipeline };
type Command = Operand[];
type Pipeline = Command[];

type TemplateNode =
  | { type: 'text'; value: string }
  | { type: 'output'; pipeline: Pipeline; where: string }
  | {
      type: 'if';
      branches: { condition: Pipeline; body: TemplateNode[] }[];
      otherwise: TemplateNode[];
      where: string;
    };

type ScannedItem =
  | { type: 'text'; value: string }
  | { type: 'action'; body: string; line: number };

type Token =
  | { type: 'string'; value: string }
  | { type: 'number'; value: string }
  | { type: 'identifier'; value: string }
  | { type: 'field'; fromRoot: boolean; path: string[] }
  | { type: '(' }
  | { type: ')' }
  | { type: '|' };

const unsupportedKeywords = new Set([
  'range',
  'with',
  'template',
  'block',
  'break',
  'continue',
]);

const maxIncludeDepth = 50;

function scan(name: string, source: string): ScannedItem[] {
  const items: ScannedItem[] = [];
  let index = 0;
  let trimNextText = false;
  while (index < source.length) {
    const open = source.indexOf('{{', index);
    let text = source.slice(index, open === -1 ? source.length : open);
    if (trimNextText) {
      text = text.replace(/^\s+/, '');
    }
    if (open === -1) {
      items.push({ type: 'text', value: text });
      break;
    }
    const line = source.slice(0, open).split('\n').length;
    const close = findActionEnd(source, open + 2);
    if (close === -1) {
      throw new GoTemplateError(`${name}:${line}: unclosed action`);
    }
    let body = source.slice(open + 2, close);
    if (/^-\s/.test(body)) {
      text = text.replace(/\s+$/, '');
      body = body.slice(1);
    }
    trimNextText = /\s-$/.test(body);
    if (trimNextText) {
      body = body.slice(0, -1);
    }
    items.push({ type: 'text', value: text });
    body = body.trim();
    if (!(body.startsWith('/*') && body.endsWith('*/'))) {
      items.push({ type: 'action', body, line });
    }
    index = close + 2;
  }
  return items;
}

function findActionEnd(source: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < source.length; i++) {
    const char = source[i];
    if (quote) {
      if (char === '\\' && quote === '"') {
        i++;
      } else if (char === quote) {
        quote = undefined;
      }
    } else if (char === '"' || char === '`') {
      quote = char;
    } else if (char === '}' && source[i + 1] === '}') {
      return i;
    }
  }
  return -1;
}

function tokenize(body: string, where: string): Token[] {
  const tokens: Token[] = [];
  let rest = body;
  while (rest.length > 0) {
    const whitespace = /^\s+/.exec(rest);
    if (whitespace) {
      rest = rest.slice(whitespace[0].length);
      continue;
    }
    const char = rest[0];
    if (char === '(' || char === ')' || char === '|') {
      tokens.push({ type: char });
      rest = rest.slice(1);
      continue;
    }
    const doubleQuoted = /^"(?:[^"\\]|\\.)*"/.exec(rest);
    if (doubleQuoted) {
      tokens.push({ type: 'string', value: JSON.parse(doubleQuoted[0]) });
      rest = rest.slice(doubleQuoted[0].length);
      continue;
    }
    const rawQuoted = /^`([^`]*)`/.exec(rest);
    if (rawQuoted) {
      tokens.push({ type: 'string', value: rawQuoted[1] });
      rest = rest.slice(rawQuoted[0].length);
      continue;
    }
    const number = /^-?\d+(\.\d+)?(?![\w.])/.exec(rest);
    if (number) {
      tokens.push({ type: 'number', value: number[0] });
      rest = rest.slice(number[0].length);
      continue;
    }
    const field = /^(\$)?((?:\.[A-Za-z_]\w*)+|\.)(?![\w.])/.exec(rest);
    if (field) {
      tokens.push({
        type: 'field',
        fromRoot: field[1] === '$',
        path: field[2] === '.' ? [] : field[2].slice(1).split('.'),
      });
      rest = rest.slice(field[0].length);
      continue;
    }
    if (/^\$(?![\w.])/.test(rest)) {
      tokens.push({ type: 'field', fromRoot: true, path: [] });
      rest = rest.slice(1);
      continue;
    }
    const identifier = /^[A-Za-z_]\w*/.exec(rest);
    if (identifier) {
      tokens.push({ type: 'identifier', value: identifier[0] });
      rest = rest.slice(identifier[0].length);
      continue;
    }
    throw new GoTemplateError(
      `${where}: '${rest.slice(
        0,
        20,
      )}' is outside the supported template subset (variables, assignments and method calls are not supported)`,
    );
  }
  return tokens;
}

class Parser {
  private position = 0;

  constructor(
    private readonly name: string,
    private readonly items: ScannedItem[],
    private readonly templates: Map<string, TemplateNode[]>,
  ) {}

  parseFile(): TemplateNode[] {
    const { nodes, terminator } = this.parseList();
    if (terminator) {
      throw new GoTemplateError(
        `${this.name}:${terminator.line}: unexpected {{ ${terminator.keyword} }}`,
      );
    }
    return nodes;
  }

  private parseList(): {
    nodes: TemplateNode[];
    terminator?: { keyword: 'else' | 'end'; tokens: Token[]; line: number };
  } {
    const nodes: TemplateNode[] = [];
    while (this.position < this.items.length) {
      const item = this.items[this.position++];
      if (item.type === 'text') {
        if (item.value !== '') {
          nodes.push({ type: 'text', value: item.value });
        }
        continue;
      }
      const where = `${this.name}:${item.line}`;
      const tokens = tokenize(item.body, where);
      const first = tokens[0];
      const keyword = first?.type === 'identifier' ? first.value : undefined;
      if (keyword === 'else' || keyword === 'end') {
        return {
          nodes,
          terminator: { keyword, tokens: tokens.slice(1), line: item.line },
        };
      }
      if (keyword === 'if') {
        nodes.push(this.parseIf(tokens.slice(1), item.line));
      } else if (keyword === 'define') {
        this.parseDefine(tokens.slice(1), item.line);
      } else if (keyword && unsupportedKeywords.has(keyword)) {
        throw new GoTemplateError(
          `${where}: '${keyword}' is outside the supported template subset`,
        );
      } else {
        nodes.push({
          type: 'output',
          pipeline: parsePipeline(tokens, where),
          where,
        });
      }
    }
    return { nodes };
  }

  private parseIf(conditionTokens: Token[], line: number): TemplateNode {
    const where = `${this.name}:${line}`;
    const branches: { condition: Pipeline; body: TemplateNode[] }[] = [];
    let condition = parsePipeline(conditionTokens, where);
    for (;;) {
      const { nodes, terminator } = this.parseList();
      if (!terminator) {
        throw new GoTemplateError(`${where}: 'if' without 'end'`);
      }
      branches.push({ condition, body: nodes });
      if (terminator.keyword === 'end') {
        return { type: 'if', branches, otherwise: [], where };
      }
      const next = terminator.tokens[0];
      if (next?.type === 'identifier' && next.value === 'if') {
        condition = parsePipeline(terminator.tokens.slice(1), where);
        continue;
      }
      const otherwise = this.parseList();
      if (otherwise.terminator?.keyword !== 'end') {
        throw new GoTemplateError(`${where}: 'else' without 'end'`);
      }
      return { type: 'if', branches, otherwise: otherwise.nodes, where };
    }
  }

  private parseDefine(tokens: Token[], line: number): void {
    const where = `${this.name}:${line}`;
    const nameToken = tokens[0];
    if (tokens.length !== 1 || nameToken.type !== 'string') {
      throw new GoTemplateError(`${where}: define needs one quoted name`);
    }
    const { nodes, terminator } = this.parseList();
    if (terminator?.keyword !== 'end') {
      throw new GoTemplateError(`${where}: 'define' without 'end'`);
    }
    this.templates.set(nameToken.value, nodes);
  }
}

function parsePipeline(tokens: Token[], where: string): Pipeline {
  const pipeline: Pipeline = [];
  let command: Command = [];
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index++];
    if (token.type === '|') {
      if (command.length === 0) {
        throw new GoTemplateError(`${where}: empty command in pipeline`);
      }
      pipeline.push(command);
      command = [];
    } else if (token.type === '(') {
      let depth = 1;
      const start = index;
      while (index < tokens.length && depth > 0) {
        const type = tokens[index++].type;
        if (type === '(') {
          depth += 1;
        } else if (type === ')') {
          depth -= 1;
        }
      }
      if (depth !== 0) {
        throw new GoTemplateError(`${where}: unbalanced parentheses`);
      }
      command.push({
        type: 'group',
        pipeline: parsePipeline(tokens.slice(start, index - 1), where),
      });
    } else if (token.type === ')') {
      throw new GoTemplateError(`${where}: unbalanced parentheses`);
    } else if (token.type === 'string') {
      command.push({ type: 'literal', value: token.value });
    } else if (token.type === 'number') {
      command.push({ type: 'literal', value: Number(token.value) });
    } else if (token.type === 'field') {
      command.push({
        type: 'field',
        fromRoot: token.fromRoot,
        path: token.path,
      });
    } else if (token.value === 'true' || token.value === 'false') {
      command.push({ type: 'literal', value: token.value === 'true' });
    } else if (token.value === 'nil') {
      command.push({ type: 'literal', value: undefined });
    } else if (token.type === 'identifier') {
      command.push({ type: 'identifier', name: token.value });
    }
  }
  if (command.length === 0) {
    throw new GoTemplateError(`${where}: missing value`);
  }
  pipeline.push(command);
  return pipeline;
}

const functions: Record<string, (...args: unknown[]) => unknown> = {
  and: (...args) => args.find(arg => !isTruthy(arg)) ?? args[args.length - 1],
  or: (...args) => args.find(arg => isTruthy(arg)) ?? args[args.length - 1],
  not: value => !isTruthy(value),
  eq: (first, ...others) => others.some(other => other === first),
  ne: (first, second) => first !== second,
  empty: value => !isTruthy(value),
  default: (fallback, value) => (isTruthy(value) ? value : fallback),
  quote: (...args) =>
    args
      .filter(arg => arg !== undefined && arg !== null)
      .map(arg => JSON.stringify(asString(arg)))
      .join(' '),
  printf: formatPrintf,
  toString: asString,
  lower: value => asString(value).toLowerCase(),
  upper: value => asString(value).toUpperCase(),
  trunc: (length, value) => asString(value).slice(0, Number(length)),
  trimSuffix: (suffix, value) => {
    const text = asString(value);
    const end = asString(suffix);
    return end && text.endsWith(end) ? text.slice(0, -end.length) : text;
  },
  hasPrefix: (prefix, value) => asString(value).startsWith(asString(prefix)),
  hasSuffix: (suffix, value) => asString(value).endsWith(asString(suffix)),
  replace: (from, to, value) =>
    asString(value).split(asString(from)).join(asString(to)),
  indent: indentLines,
  nindent: (spaces, text) => `\n${indentLines(spaces, text)}`,
  toYaml: value =>
    value === undefined ? 'null' : stringifyYaml(value).replace(/\n$/, ''),
  fail: message => {
    throw new GoTemplateFailError(asString(message));
  },
  required: (message, value) => {
    if (value === undefined || value === null || value === '') {
      throw new GoTemplateFailError(asString(message));
    }
    return value;
  },
};

type Scope = { dot: unknown; root: unknown; where: string; depth: number };

class Evaluator {
  constructor(private readonly templates: Map<string, TemplateNode[]>) {}

  run(nodes: TemplateNode[], data: unknown, depth: number): string {
    let output = '';
    for (const node of nodes) {
      if (node.type === 'text') {
        output += node.value;
        continue;
      }
      const scope: Scope = {
        dot: data,
        root: data,
        where: node.where,
        depth,
      };
      if (node.type === 'output') {
        output += printValue(this.pipeline(node.pipeline, scope), scope.where);
      } else {
        const branch = node.branches.find(candidate =>
          isTruthy(this.pipeline(candidate.condition, scope)),
        );
        output += this.run(branch ? branch.body : node.otherwise, data, depth);
      }
    }
    return output;
  }

  private pipeline(pipeline: Pipeline, scope: Scope): unknown {
    let value: unknown;
    pipeline.forEach((command, index) => {
      value = this.command(command, scope, index === 0 ? [] : [value]);
    });
    return value;
  }

  private command(command: Command, scope: Scope, piped: unknown[]): unknown {
    const [head, ...rest] = command;
    if (head.type === 'identifier') {
      const args = [
        ...rest.map(operand => this.operand(operand, scope)),
        ...piped,
      ];
      return this.call(head.name, args, scope);
    }
    if (rest.length > 0 || piped.length > 0) {
      throw new GoTemplateError(
        `${scope.where}: can't give arguments to a non-function value`,
      );
    }
    return this.operand(head, scope);
  }

  private operand(operand: Operand, scope: Scope): unknown {
    switch (operand.type) {
      case 'literal':
        return operand.value;
      case 'group':
        return this.pipeline(operand.pipeline, scope);
      case 'identifier':
        return this.call(operand.name, [], scope);
      case 'field':
      default:
        return readField(
          operand.fromRoot ? scope.root : scope.dot,
          operand.path,
          scope.where,
        );
    }
  }

  private call(name: string, args: unknown[], scope: Scope): unknown {
    if (name === 'include') {
      const [templateName, data] = args;
      const nodes =
        typeof templateName === 'string'
          ? this.templates.get(templateName)
          : undefined;
      if (!nodes) {
        throw new GoTemplateError(
          `${scope.where}: no template named '${String(templateName)}'`,
        );
      }
      if (scope.depth >= maxIncludeDepth) {
        throw new GoTemplateError(`${scope.where}: include nested too deeply`);
      }
      return this.run(nodes, data, scope.depth + 1);
    }
    const fn = functions[name];
    if (!fn) {
      throw new GoTemplateError(
        `${scope.where}: function '${name}' is outside the supported template subset`,
      );
    }
    try {
      return fn(...args);
    } catch (error) {
      if (error instanceof GoTemplateFailError) {
        throw new GoTemplateFailError(`${scope.where}: ${error.message}`);
      }
      throw new GoTemplateError(
        `${scope.where}: ${name}: ${(error as Error).message}`,
      );
    }
  }
}

function readField(start: unknown, path: string[], where: string): unknown {
  let current = start;
  for (const [index, key] of path.entries()) {
    if (current === undefined || current === null) {
      throw new GoTemplateError(
        `${where}: nil pointer evaluating .${path
          .slice(0, index + 1)
          .join('.')}`,
      );
    }
    if (!isRecord(current)) {
      throw new GoTemplateError(
        `${where}: can't evaluate field ${key} in a non-map value`,
      );
    }
    current = Object.prototype.hasOwnProperty.call(current, key)
      ? current[key]
      : undefined;
  }
  return current;
}

function printValue(value: unknown, where: string): string {
  if (value === undefined || value === null) {
    // helm template replaces Go's "<no value>" with an empty string.
    return '';
  }
  if (typeof value === 'object') {
    throw new GoTemplateError(
      `${where}: a map or list can't be printed directly; pipe it through toYaml`,
    );
  }
  return String(value);
}

function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.length > 0;
  }
  if (isRecord(value)) {
    return Object.keys(value).length > 0;
  }
  return (
    value !== undefined &&
    value !== null &&
    value !== false &&
    value !== 0 &&
    value !== ''
  );
}

function asString(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function indentLines(spaces: unknown, text: unknown): string {
  const pad = ' '.repeat(Number(spaces));
  return pad + asString(text).replace(/\n/g, `\n${pad}`);
}

function formatPrintf(format: unknown, ...args: unknown[]): string {
  let next = 0;
  return asString(format).replace(/%([sdvq%])/g, (_, verb: string) => {
    if (verb === '%') {
      return '%';
    }
    const arg = args[next++];
    if (verb === 'q') {
      return JSON.stringify(asString(arg));
    }
    if (verb === 'd') {
      return String(Math.trunc(Number(arg)));
    }
    return asString(arg);
  });
}

/**
 * A deliberately small interpreter for the part of Go's text/template and
 * Sprig that simple Helm charts use, so that a chart can be rendered and its
 * manifests validated without a helm binary (none is packaged for Debian or
 * published on npm in a form that installs offline).
 *
 * Supported: text with `{{- -}}` trimming and comments; `if` / `else if` /
 * `else` / `end`; `define` and `include`; pipelines with `|` and parentheses;
 * `.Field.paths` and `$.Field.paths`; string, number and boolean literals; the
 * functions in the `functions` table. Anything else (`range`, `with`, variables,
 * `tpl`, `lookup`, methods) is refused with an error naming the construct, so
 * a chart never passes validation by being only partly understood.
 */
export class GoTemplateSubset {
  private readonly templates = new Map<string, TemplateNode[]>();

  /** Parses a file; its `define` blocks become available to every file. */
  addFile(name: string, source: string): void {
    const parser = new Parser(name, scan(name, source), this.templates);
    this.templates.set(name, parser.parseFile());
  }

  render(name: string, data: unknown): string {
    const nodes = this.templates.get(name);
    if (!nodes) {
      throw new GoTemplateError(`no template named '${name}'`);
    }
    return new Evaluator(this.templates).run(nodes, data, 0);
  }
}
