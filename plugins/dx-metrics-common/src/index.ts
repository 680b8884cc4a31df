/**
 * Isomorphic types, zod schemas, permissions and DORA bands of Callboard's DX metrics plugins.
 *
 * @packageDocumentation
 */

export * from './api';
export * from './bands';
export * from './figures';
export * from './permissions';
