export { catalogModuleCallboard as default } from './module';
export { EntityLimitsProcessor } from './processor/EntityLimitsProcessor';
export { ProfileTitleProcessor } from './processor/ProfileTitleProcessor';
export {
  DEFAULT_RULES,
  entityViolations,
  readEntityRules,
} from './processor/limits';
export type { EntityLimits, EntityRules } from './processor/limits';
