import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogIngestionManagePermission,
  catalogIngestionReadPermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  unprocessedEntitiesDeletePermission,
  unprocessedEntitiesReadPermission,
} from '@backstage/plugin-catalog-unprocessed-entities-common';
import { PermissionRules } from './types';

export const catalogPermissionRules: PermissionRules = {
  [catalogEntityReadPermission.name]: 'signed-in',
  // Registering is open: catalog.rules limit what a user's location may hold
  // (Component, API, Resource, System), so it cannot add teams, users or templates.
  [catalogEntityCreatePermission.name]: 'signed-in',
  [catalogLocationCreatePermission.name]: 'signed-in',
  [catalogLocationAnalyzePermission.name]: 'signed-in',
  [catalogLocationReadPermission.name]: 'signed-in',
  [catalogEntityValidatePermission.name]: 'signed-in',
  // Refreshing re-reads the source; only the teams that own it need to force that.
  [catalogEntityRefreshPermission.name]: 'owner',
  [catalogEntityDeletePermission.name]: 'owner',
  // Deleting a location removes every entity it holds, whoever owns them.
  [catalogLocationDeletePermission.name]: 'admin',
  [catalogIngestionReadPermission.name]: 'admin',
  [catalogIngestionManagePermission.name]: 'admin',
  // Users see why their registration failed; clearing the list is an operator's task.
  [unprocessedEntitiesReadPermission.name]: 'signed-in',
  [unprocessedEntitiesDeletePermission.name]: 'admin',
};
