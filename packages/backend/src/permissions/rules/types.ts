export type Audience = 'signed-in' | 'owner' | 'admin';
export type PermissionRules = Readonly<Record<string, Audience>>;
