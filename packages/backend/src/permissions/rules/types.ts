/**
 * Who a permission is granted to.
 * - `signed-in`: every signed-in user.
 * - `owner`: the owners of the resource the permission is about. For `catalog-entity`
 *   permissions the catalog evaluates `IS_ENTITY_OWNER` against the caller's ownership refs;
 *   for `scaffolder-task` permissions the scaffolder evaluates `IS_TASK_OWNER`. Platform
 *   admins always pass.
 * - `admin`: members of `callboard.permissions.adminGroups` only.
 */
export type Audience = 'signed-in' | 'owner' | 'admin';

/** One family's decisions, keyed by permission name. */
export type PermissionRules = Readonly<Record<string, Audience>>;
