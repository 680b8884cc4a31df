/** Who a permission is granted to: any signed-in user, the entity's owners, or platform admins. */
export type Audience = 'signed-in' | 'owner' | 'admin';

/** One family's decisions, keyed by permission name; anything not listed is denied. */
export type PermissionRules = Readonly<Record<string, Audience>>;
