export { callboardPermissionPolicyModule } from './module';
export { CallboardPermissionPolicy } from './CallboardPermissionPolicy';
export type { PermissionDenial } from './CallboardPermissionPolicy';
export { permissionRules } from './rules';
export type { Audience, PermissionRules } from './rules';
