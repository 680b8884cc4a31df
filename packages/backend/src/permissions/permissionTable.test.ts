import fs from 'node:fs';
import path from 'node:path';
import { permissionRules } from './rules';
import {
  PERMISSION_TABLE_END,
  PERMISSION_TABLE_START,
  renderPermissionTable,
} from './rules/table';

describe('the README permission table', () => {
  it('lists exactly what the policy decides (regenerate with `yarn permissions:table`)', () => {
    const readme = fs.readFileSync(
      path.resolve(__dirname, '../../../../README.md'),
      'utf8',
    );
    const section = readme
      .slice(
        readme.indexOf(PERMISSION_TABLE_START) + PERMISSION_TABLE_START.length,
        readme.indexOf(PERMISSION_TABLE_END),
      )
      .trim();
    expect(section).toEqual(renderPermissionTable(permissionRules));
  });
});
