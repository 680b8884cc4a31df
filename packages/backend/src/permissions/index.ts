export { callboardPermissionPolicyModule } from './module';
export { CallboardPermissionPolicy } from './CallboardPermissionPolicy';
