import {
  ASTNode,
  BREAK,
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  Kind,
  Lexer,
  print,
  Source,
  Token,
  TokenKind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/** One entry of `errors` as GitHub renders it (graphql-ruby's wording and codes). */
export interface GitHubErrorEntry {
  type?: string;
  path?: Array<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  message: string;
  extensions?: Record<string, unknown>;
}

const RUBY_TOKENS: Partial<Record<TokenKind, string>> = {
  [TokenKind.BANG]: 'BANG',
  [TokenKind.DOLLAR]: 'VAR_SIGN',
  [TokenKind.AMP]: 'AMP',
  [TokenKind.PAREN_L]: 'LPAREN',
  [TokenKind.PAREN_R]: 'RPAREN',
  [TokenKind.SPREAD]: 'ELLIPSIS',
  [TokenKind.COLON]: 'COLON',
  [TokenKind.EQUALS]: 'EQUALS',
  [TokenKind.AT]: 'DIR_SIGN',
  [TokenKind.BRACKET_L]: 'LBRACKET',
  [TokenKind.BRACKET_R]: 'RBRACKET',
  [TokenKind.BRACE_L]: 'LCURLY',
  [TokenKind.PIPE]: 'PIPE',
  [TokenKind.BRACE_R]: 'RCURLY',
  [TokenKind.INT]: 'INT',
  [TokenKind.FLOAT]: 'FLOAT',
  [TokenKind.STRING]: 'STRING',
  [TokenKind.BLOCK_STRING]: 'STRING',
};

const RUBY_KEYWORDS = new Set([
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'true',
  'false',
  'null',
]);

function tokenAt(
  source: string,
  line: number,
  column: number,
): Token | undefined {
  const lexer = new Lexer(new Source(source));
  try {
    for (let token = lexer.advance(); ; token = lexer.advance()) {
      if (
        token.kind === TokenKind.EOF ||
        token.line > line ||
        (token.line === line && token.column >= column)
      ) {
        return token;
      }
    }
  } catch {
    return undefined;
  }
}

/** graphql-ruby's parse errors: `Parse error on "}" (RCURLY) at [1, 23]`. */
export function syntaxErrorEntry(
  error: GraphQLError,
  source: string,
): GitHubErrorEntry {
  const location = error.locations?.[0];
  const token = location
    ? tokenAt(source, location.line, location.column)
    : undefined;
  const locations = location ? [location] : undefined;
  if (!location || !token) {
    return { message: error.message.replace(/^Syntax Error: /, ''), locations };
  }
  if (token.kind === TokenKind.EOF) {
    return { message: 'Unexpected end of document', locations };
  }
  const text = token.value ?? token.kind;
  let name = RUBY_TOKENS[token.kind] ?? 'IDENTIFIER';
  if (token.kind === TokenKind.NAME && RUBY_KEYWORDS.has(text)) {
    name = text.toUpperCase();
  }
  return {
    message: `Parse error on ${JSON.stringify(text)} (${name}) at [${
      location.line
    }, ${location.column}]`,
    locations,
  };
}

interface NodeContext {
  path: string[];
  operation: string;
  argumentName?: string;
  argumentType?: string;
  fieldName?: string;
  selections?: string[];
  inVariableDefinition?: string;
}

function describe(node: ASTNode): string | undefined {
  switch (node.kind) {
    case Kind.OPERATION_DEFINITION:
      return node.name
        ? `${node.operation} ${node.name.value}`
        : node.operation;
    case Kind.FRAGMENT_DEFINITION:
      return `fragment ${node.name.value}`;
    case Kind.FIELD:
      return node.alias?.value ?? node.name.value;
    case Kind.INLINE_FRAGMENT:
      return node.typeCondition
        ? `... on ${node.typeCondition.name.value}`
        : '...';
    case Kind.FRAGMENT_SPREAD:
      return `... ${node.name.value}`;
    case Kind.ARGUMENT:
      return node.name.value;
    default:
      return undefined;
  }
}

function isAstNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

/** Where a node sits, the way graphql-ruby reports `path` for static errors. */
function contextOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  target: ASTNode,
): NodeContext | undefined {
  const typeInfo = new TypeInfo(schema);
  let found: NodeContext | undefined;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      enter(node, _key, parent, _path, ancestors) {
        if (node !== target) {
          return undefined;
        }
        // `ancestors` stops short of the direct parent.
        const chain = [...[...ancestors, parent].filter(isAstNode), node];
        const operationNode = chain.find(
          item => item.kind === Kind.OPERATION_DEFINITION,
        );
        const argument = [...chain]
          .reverse()
          .find(item => item.kind === Kind.ARGUMENT);
        const field = [...chain]
          .reverse()
          .find(item => item.kind === Kind.FIELD);
        const variable = chain.find(
          item => item.kind === Kind.VARIABLE_DEFINITION,
        );
        found = {
          path: chain
            .map(describe)
            .filter((part): part is string => part !== undefined),
          operation:
            operationNode?.kind === Kind.OPERATION_DEFINITION &&
            operationNode.name
              ? operationNode.name.value
              : 'anonymous query',
          argumentName:
            argument?.kind === Kind.ARGUMENT ? argument.name.value : undefined,
          argumentType: typeInfo.getArgument()?.type.toString(),
          fieldName: field?.kind === Kind.FIELD ? field.name.value : undefined,
          selections:
            node.kind === Kind.FIELD
              ? node.selectionSet?.selections.map(
                  selection => describe(selection) ?? '...',
                )
              : undefined,
          inVariableDefinition:
            variable?.kind === Kind.VARIABLE_DEFINITION
              ? variable.variable.name.value
              : undefined,
        };
        return BREAK;
      },
    }),
  );
  return found;
}

const VALUE_KINDS = new Set<string>([
  Kind.INT,
  Kind.FLOAT,
  Kind.STRING,
  Kind.BOOLEAN,
  Kind.NULL,
  Kind.ENUM,
  Kind.LIST,
  Kind.OBJECT,
]);

function unwrapped(typeName: string): string {
  return typeName.replace(/[[\]!]/g, '');
}

type Translation = (
  match: RegExpExecArray,
  context: NodeContext | undefined,
  node: ASTNode | undefined,
) => Omit<GitHubErrorEntry, 'locations' | 'path'>;

const TRANSLATIONS: Array<[RegExp, Translation]> = [
  [
    /^Cannot query field "(\w+)" on type "(\w+)"\./,
    ([, field, type]) => ({
      message: `Field '${field}' doesn't exist on type '${type}'`,
      extensions: { code: 'undefinedField', typeName: type, fieldName: field },
    }),
  ],
  [
    /^Unknown argument "(\w+)" on field "\w+\.(\w+)"\./,
    ([, argument, field]) => ({
      message: `Field '${field}' doesn't accept argument '${argument}'`,
      extensions: {
        code: 'argumentNotAccepted',
        name: field,
        typeName: 'Field',
        argumentName: argument,
      },
    }),
  ],
  [
    /^Unknown argument "(\w+)" on directive "@(\w+)"\./,
    ([, argument, directive]) => ({
      message: `Directive '${directive}' doesn't accept argument '${argument}'`,
      extensions: {
        code: 'argumentNotAccepted',
        name: directive,
        typeName: 'Directive',
        argumentName: argument,
      },
    }),
  ],
  [
    /^Field "(\w+)" of type "(.+)" must have a selection of subfields\./,
    ([, field, type]) => ({
      message: `Field must have selections (field '${field}' returns ${unwrapped(
        type,
      )} but has no selections. Did you mean '${field} { ... }'?)`,
      extensions: {
        code: 'selectionMismatch',
        nodeName: `field '${field}'`,
        typeName: unwrapped(type),
      },
    }),
  ],
  [
    /^Field "(\w+)" must not have a selection since type "(.+)" has no subfields\./,
    ([, field, type], context) => ({
      message: `Selections can't be made on scalars (field '${field}' returns ${unwrapped(
        type,
      )} but has selections [${(context?.selections ?? []).join(', ')}])`,
      extensions: {
        code: 'selectionMismatch',
        nodeName: `field '${field}'`,
        typeName: unwrapped(type),
      },
    }),
  ],
  [
    /^Unknown type "(\w+)"\./,
    ([, type], context) =>
      context?.inVariableDefinition
        ? {
            message: `${type} isn't a defined input type (on $${context.inVariableDefinition})`,
            extensions: {
              code: 'variableRequiresValidType',
              typeName: type,
              variableName: context.inVariableDefinition,
            },
          }
        : {
            message: `No such type ${type}, so it can't be a fragment condition`,
            extensions: { code: 'undefinedType', typeName: type },
          },
  ],
  [
    /^Variable "\$(\w+)" is never used/,
    ([, variable], context) => ({
      message: `Variable $${variable} is declared by ${
        context?.operation ?? 'anonymous query'
      } but not used`,
      extensions: { code: 'variableNotUsed', variableName: variable },
    }),
  ],
  [
    /^Variable "\$(\w+)" is not defined/,
    ([, variable], context) => ({
      message: `Variable $${variable} is used by ${
        context?.operation ?? 'anonymous query'
      } but not declared`,
      extensions: { code: 'variableNotDefined', variableName: variable },
    }),
  ],
  [
    /^Fragment "(\w+)" is never used\./,
    ([, fragment]) => ({
      message: `Fragment ${fragment} was defined, but not used`,
      extensions: { code: 'useAndDefineFragment', fragmentName: fragment },
    }),
  ],
  [
    /^Unknown fragment "(\w+)"\./,
    ([, fragment]) => ({
      message: `Fragment ${fragment} was used, but not defined`,
      extensions: { code: 'useAndDefineFragment', fragmentName: fragment },
    }),
  ],
  [
    /^Unknown directive "@(\w+)"\./,
    ([, directive]) => ({
      message: `Directive @${directive} is not defined`,
      extensions: { code: 'undefinedDirective', directiveName: directive },
    }),
  ],
  [
    /^Fragment (?:"(\w+)" )?cannot be spread here as objects of type "(\w+)" can never be of type "(\w+)"\./,
    ([, fragment, parent, type]) => ({
      message: `Fragment ${
        fragment ? `${fragment} ` : ''
      }on ${type} can't be spread inside ${parent}`,
      extensions: {
        code: 'cannotSpreadFragment',
        typeName: type,
        fragmentName: fragment ?? 'unknown',
        parentName: parent,
      },
    }),
  ],
  [
    /^There can be only one operation named "(\w+)"\./,
    ([, operation]) => ({
      message: `Operation name "${operation}" must be unique`,
      extensions: { code: 'operationNotUnique', operationName: operation },
    }),
  ],
];

function literalError(
  context: NodeContext,
  node: ASTNode,
): Omit<GitHubErrorEntry, 'locations' | 'path'> {
  return {
    message: `Argument '${context.argumentName}' on Field '${
      context.fieldName
    }' has an invalid value (${print(node)}). Expected type '${
      context.argumentType
    }'.`,
    extensions: {
      code: 'argumentLiteralsIncompatible',
      typeName: 'Field',
      argumentName: context.argumentName,
    },
  };
}

const REQUIRED_ARGUMENT =
  /^Field "(\w+)" argument "(\w+)" of type ".+" is required, but it was not provided\.$/;

/**
 * graphql-js finds the same problems graphql-ruby (GitHub) does; this
 * rewrites them in GitHub's words, with its `path` and `extensions.code`, so
 * a query that fails here fails with the message github.com would send.
 */
export function validationErrorEntries(
  schema: GraphQLSchema,
  document: DocumentNode,
  errors: readonly GraphQLError[],
): GitHubErrorEntry[] {
  const entries: GitHubErrorEntry[] = [];
  const missingByNode = new Map<ASTNode, GitHubErrorEntry>();
  for (const error of errors) {
    const node = error.nodes?.[0];
    const context = node ? contextOf(schema, document, node) : undefined;
    const base = { path: context?.path, locations: error.locations };
    const missing = REQUIRED_ARGUMENT.exec(error.message);
    if (missing && node) {
      const existing = missingByNode.get(node);
      if (existing?.extensions) {
        const names = `${existing.extensions.arguments}, ${missing[2]}`;
        existing.extensions.arguments = names;
        existing.message = `Field '${missing[1]}' is missing required arguments: ${names}`;
      } else {
        const entry = {
          ...base,
          message: `Field '${missing[1]}' is missing required arguments: ${missing[2]}`,
          extensions: {
            code: 'missingRequiredArguments',
            className: 'Field',
            name: missing[1],
            arguments: missing[2],
          },
        };
        missingByNode.set(node, entry);
        entries.push(entry);
      }
      continue;
    }
    const translation = TRANSLATIONS.map(
      ([pattern, translate]) =>
        [pattern.exec(error.message), translate] as const,
    ).find(([match]) => match !== null);
    if (translation) {
      const [match, translate] = translation;
      entries.push({ ...base, ...translate(match!, context, node) });
    } else if (node && VALUE_KINDS.has(node.kind) && context?.argumentName) {
      entries.push({ ...base, ...literalError(context, node) });
    } else {
      entries.push({ ...base, message: error.message });
    }
  }
  return entries;
}

/** Variable problems found before execution, in graphql-ruby's words. */
export function requestErrorEntry(
  error: GraphQLError,
  document: DocumentNode,
): GitHubErrorEntry {
  const locations = error.locations;
  const missing =
    /^Variable "\$(\w+)" of required type "(.+)" was not provided\.$/.exec(
      error.message,
    );
  if (missing) {
    return {
      message: `Variable $${missing[1]} of type ${missing[2]} was provided invalid value`,
      locations,
      extensions: {
        value: null,
        problems: [{ path: [], explanation: 'Expected value to not be null' }],
      },
    };
  }
  const invalid =
    /^Variable "\$(\w+)" got invalid value (.*?)(?: at "(.+)")?; (.*)$/s.exec(
      error.message,
    );
  if (invalid) {
    let declared: string | undefined;
    visit(document, {
      VariableDefinition(node) {
        if (node.variable.name.value === invalid[1]) {
          declared = print(node.type);
        }
      },
    });
    return {
      message: `Variable $${invalid[1]} of type ${declared} was provided invalid value`,
      locations,
      extensions: {
        value: parseLoosely(invalid[2]),
        problems: [
          {
            path: invalid[3]
              ? invalid[3]
                  .split(/\.|\[|\]/)
                  .filter(Boolean)
                  .slice(1)
              : [],
            explanation: invalid[4],
          },
        ],
      },
    };
  }
  const unknownOperation = /^Unknown operation named "(.+)"\.$/.exec(
    error.message,
  );
  if (unknownOperation) {
    return { message: `No operation named "${unknownOperation[1]}"` };
  }
  if (/^Must provide operation name/.test(error.message)) {
    return { message: 'An operation name is required' };
  }
  return { message: error.message, locations };
}

function parseLoosely(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
