/**
 * Callboard's self-service databases in the portal.
 *
 * @packageDocumentation
 */
export { infrastructurePlugin as default } from './plugin';
export { infrastructureApiRef, InfrastructureClient } from './api';
export type { InfrastructureApi, TeamChoice } from './api';
