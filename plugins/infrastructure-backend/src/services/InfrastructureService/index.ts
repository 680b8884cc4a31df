export type {
  InfrastructureService,
  TeamChoice,
} from './InfrastructureService';
export { DefaultInfrastructureService } from './DefaultInfrastructureService';
export type { DefaultInfrastructureServiceOptions } from './DefaultInfrastructureService';
