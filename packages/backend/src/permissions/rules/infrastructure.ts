import {
  infrastructureClaimCreateAnyTeamPermission,
  infrastructureClaimCreatePermission,
  infrastructureClaimDeletePermission,
  infrastructureClaimUpdatePermission,
  infrastructureSchemaReadPermission,
  infrastructureStatusReadPermission,
} from '@callboard/plugin-infrastructure-common';
import { PermissionRules } from './types';

/**
 * Everyone signed in sees the form and a database's status. Provisioning is open to every
 * signed-in user because the plugin then checks, from the catalog, that they belong to the
 * team and that the namespace is the team's; only admins provision for any team. Resize and
 * delete belong to the owners of the database's catalog Resource.
 */
export const infrastructurePermissionRules: PermissionRules = {
  [infrastructureSchemaReadPermission.name]: 'signed-in',
  [infrastructureStatusReadPermission.name]: 'signed-in',
  [infrastructureClaimCreatePermission.name]: 'signed-in',
  [infrastructureClaimCreateAnyTeamPermission.name]: 'admin',
  [infrastructureClaimUpdatePermission.name]: 'owner',
  [infrastructureClaimDeletePermission.name]: 'owner',
};
