export {
  checkRepositoryLocation,
  createCheckRepositoryAction,
} from './checkRepository';
export type { RepositoryLocation } from './checkRepository';
