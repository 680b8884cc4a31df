/**
 * Callboard's self-service infrastructure backend.
 *
 * @packageDocumentation
 */

export { infrastructurePlugin as default } from './plugin';
