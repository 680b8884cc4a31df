import fs from 'node:fs';
import path from 'node:path';
import { permissionRules } from '../src/permissions';
import {
  PERMISSION_TABLE_END,
  PERMISSION_TABLE_START,
  renderPermissionTable,
} from '../src/permissions/rules/table';

/** Rewrites the permission table in the root README from the policy's rules. */
const readmePath = path.resolve(__dirname, '../../../README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const start = readme.indexOf(PERMISSION_TABLE_START);
const end = readme.indexOf(PERMISSION_TABLE_END);
if (start < 0 || end < start) {
  throw new Error(
    `${readmePath} has no ${PERMISSION_TABLE_START} … ${PERMISSION_TABLE_END} section`,
  );
}
fs.writeFileSync(
  readmePath,
  `${readme.slice(
    0,
    start,
  )}${PERMISSION_TABLE_START}\n\n${renderPermissionTable(
    permissionRules,
  )}\n\n${readme.slice(end)}`,
);
