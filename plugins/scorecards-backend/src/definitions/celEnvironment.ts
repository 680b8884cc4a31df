import { Environment } from '@marcbachmann/cel-js';
import {
  FactType,
  JsonValue,
  parseFactId,
} from '@callboard/plugin-scorecards-common';
import { FactCollector } from '@callboard/plugin-scorecards-node';

/**
 * CEL declarations for fact types. Timestamps are declared `dyn` and passed
 * as `Date`: cel-js 8 maps a `timestamp` field to google.protobuf.Timestamp,
 * which CEL's own `timestamp(...)` values do not compare with.
 */
const celTypes: Record<FactType, string> = {
  bool: 'bool',
  int: 'int',
  double: 'double',
  string: 'string',
  timestamp: 'dyn',
  'list<string>': 'list<string>',
  'list<int>': 'list<int>',
  map: 'map<string, dyn>',
};

export type FactCatalog = ReadonlyMap<
  string,
  { type: FactType; collectorId: string }
>;

/** Every declared fact of every collector, by `<collector>.<fact>`. */
export function factCatalogOf(collectors: FactCollector[]): FactCatalog {
  const facts = new Map<string, { type: FactType; collectorId: string }>();
  for (const collector of collectors) {
    for (const [name, definition] of Object.entries(collector.facts)) {
      facts.set(`${collector.id}.${name}`, {
        type: definition.type,
        collectorId: collector.id,
      });
    }
  }
  return facts;
}

/** A compiled expression: call with the facts a check declares. */
export type CompiledExpression = (
  facts: ReadonlyMap<string, JsonValue>,
) => unknown;

/**
 * Each collector is a CEL variable whose fields are only the facts the check
 * declares, so reading an undeclared fact is a type error at load, not a
 * surprise at evaluation.
 */
export function compileExpression(
  expression: string,
  declaredFacts: string[],
  catalog: FactCatalog,
): { evaluate: CompiledExpression; resultType: string } {
  const byCollector = new Map<string, Record<string, string>>();
  const types = new Map<string, FactType>();
  for (const factId of declaredFacts) {
    const known = catalog.get(factId);
    if (!known) {
      const { collectorId } = parseFactId(factId);
      const siblings = [...catalog.keys()].filter(id =>
        id.startsWith(`${collectorId}.`),
      );
      throw new Error(
        `unknown fact '${factId}'${
          siblings.length
            ? `; collector '${collectorId}' declares ${siblings.join(', ')}`
            : `; no collector '${collectorId}' is installed`
        }`,
      );
    }
    const { name } = parseFactId(factId);
    const fields = byCollector.get(known.collectorId) ?? {};
    fields[name] = celTypes[known.type];
    byCollector.set(known.collectorId, fields);
    types.set(factId, known.type);
  }

  let environment = new Environment();
  const constructors = new Map<string, new (value: object) => object>();
  for (const [collectorId, fields] of byCollector) {
    const ctor = class {
      constructor(value: object) {
        Object.assign(this, value);
      }
    };
    Object.defineProperty(ctor, 'name', { value: `${collectorId}Facts` });
    constructors.set(collectorId, ctor);
    environment = environment
      .registerType(`${collectorId}Facts`, { ctor, fields })
      .registerVariable(collectorId, `${collectorId}Facts`);
  }

  const checked = environment.check(expression);
  if (!checked.valid) {
    throw new Error(firstLine(checked.error?.message ?? 'invalid expression'));
  }
  const parsed = environment.parse(expression);

  return {
    resultType: checked.type ?? 'dyn',
    evaluate: facts => {
      const values = new Map<string, Record<string, unknown>>();
      for (const [factId, value] of facts) {
        const { collectorId, name } = parseFactId(factId);
        const fields = values.get(collectorId) ?? {};
        fields[name] = toCel(types.get(factId)!, value);
        values.set(collectorId, fields);
      }
      const context: Record<string, object> = {};
      for (const [collectorId, Facts] of constructors) {
        context[collectorId] = new Facts(values.get(collectorId) ?? {});
      }
      return parsed(context);
    },
  };
}

/** JSON values as cel-js expects them: ints as BigInt, timestamps as Date. */
function toCel(type: FactType, value: JsonValue): unknown {
  switch (type) {
    case 'int':
      return BigInt(value as number);
    case 'list<int>':
      return (value as number[]).map(v => BigInt(v));
    case 'timestamp':
      return new Date(value as string);
    default:
      return value;
  }
}

export function firstLine(message: string): string {
  return message.split('\n')[0];
}
