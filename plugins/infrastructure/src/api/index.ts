export { infrastructureApiRef } from './InfrastructureApi';
export type { InfrastructureApi, TeamChoice } from './InfrastructureApi';
export { InfrastructureClient } from './InfrastructureClient';
