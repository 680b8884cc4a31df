import type {
  GraphQLFieldResolver,
  GraphQLResolveInfo,
  GraphQLTypeResolver,
} from 'graphql';
import type { GraphqlContext } from './context';
import { notImplemented } from './errors';

/**
 * What resolvers hand to graphql-js for an object type: a plain object whose
 * own properties are the fields the sandbox implements, each either a value
 * or a function of the field's arguments. `__typename` names the concrete
 * type wherever the schema expects an interface or a union.
 */
export interface FieldSource {
  readonly __typename?: string;
  readonly [field: string]: unknown;
}

export type FieldFunction = (
  args: Record<string, unknown>,
  context: GraphqlContext,
  info: GraphQLResolveInfo,
) => unknown;

function isFieldSource(value: unknown): value is FieldSource {
  return value !== null && typeof value === 'object';
}

/**
 * Fields the sandbox does not model fail loudly, naming the field, instead of
 * resolving to null: a plugin developed against the sandbox must not learn to
 * expect nulls that github.com would never send.
 */
export const sandboxFieldResolver: GraphQLFieldResolver<
  unknown,
  GraphqlContext
> = (source, args, context, info) => {
  if (
    isFieldSource(source) &&
    Object.prototype.hasOwnProperty.call(source, info.fieldName)
  ) {
    const value = source[info.fieldName];
    return typeof value === 'function'
      ? (value as FieldFunction)(args, context, info)
      : value;
  }
  throw notImplemented(info.parentType.name, info.fieldName);
};

export const sandboxTypeResolver: GraphQLTypeResolver<
  unknown,
  GraphqlContext
> = (value, _context, info, abstractType) => {
  if (isFieldSource(value) && typeof value.__typename === 'string') {
    return value.__typename;
  }
  throw new Error(
    `No concrete type for a value of ${abstractType.name} at ${info.fieldName}`,
  );
};

/** Memoises a lazily computed value that several fields of one object share. */
export function once<T>(compute: () => T): () => T {
  let computed = false;
  let value: T;
  return () => {
    if (!computed) {
      value = compute();
      computed = true;
    }
    return value;
  };
}
