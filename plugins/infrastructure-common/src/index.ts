/**
 * Shared permissions, zod schemas, labels and annotations of Callboard's
 * self-service infrastructure plugins.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './annotations';
export * from './types';
export * from './parameterTitle';
