import { Audience, PermissionRules } from './types';

const WHO: Record<Audience, string> = {
  'signed-in': 'every signed-in user',
  owner: 'its owners and platform admins',
  admin: 'platform admins',
};

export const PERMISSION_TABLE_START = '<!-- permission-table:start -->';
export const PERMISSION_TABLE_END = '<!-- permission-table:end -->';

/**
 * The README's permission table, one row per permission sorted by name, padded the way
 * prettier pads Markdown tables so that `prettier --check` accepts it as written.
 */
export function renderPermissionTable(rules: PermissionRules): string {
  const rows = [
    ['permission', 'who'],
    ...Object.entries(rules)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, audience]) => [`\`${name}\``, WHO[audience]]),
  ];
  const widths = [0, 1].map(column =>
    Math.max(...rows.map(row => row[column].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const [header, ...body] = rows;
  return [
    line(header),
    line(widths.map(width => '-'.repeat(width))),
    ...body.map(line),
  ].join('\n');
}
