export { catalogModuleCallboard as default } from './module';
export { EntityLimitsProcessor } from './processor/EntityLimitsProcessor';
export {
  DEFAULT_RULES,
  entityViolations,
  readEntityRules,
} from './processor/limits';
export type { EntityLimits, EntityRules } from './processor/limits';
