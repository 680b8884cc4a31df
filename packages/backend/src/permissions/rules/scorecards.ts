import {
  scorecardsDefinitionsReloadPermission,
  scorecardsEntityRefreshPermission,
  scorecardsExemptionRequestPermission,
  scorecardsExemptionReviewPermission,
} from '@callboard/plugin-scorecards-common';
import { PermissionRules } from './types';

/** Owners act on their own entities' scorecards; platform admins decide and reload. */
export const scorecardsPermissionRules: PermissionRules = {
  [scorecardsEntityRefreshPermission.name]: 'owner',
  [scorecardsExemptionRequestPermission.name]: 'owner',
  [scorecardsExemptionReviewPermission.name]: 'admin',
  [scorecardsDefinitionsReloadPermission.name]: 'admin',
};
