import type { TableColumn } from '@backstage/core-components';
import {
  CatalogTable,
  CatalogTableColumnsFunc,
  CatalogTableRow,
} from '@backstage/plugin-catalog';
import type { CatalogColumn } from './CatalogColumnBlueprint';

// Apart from the blueprint on purpose: CatalogTable brings material-table and its drag-and-drop
// and date pickers (about 0.5 MB), and plugins import the blueprint from their startup code.
// With `sideEffects: false` the table then loads with the catalog page, not with the app.

/** Fields of the default columns whose cells hold entity names. */
const NAME_FIELDS = new Set([
  'resolved.entityRef',
  'resolved.partOfSystemRelationTitle',
  'resolved.ownedByRelationsTitle',
]);

/**
 * material-table splits the width evenly between columns without one, and the cells let words
 * break anywhere, so on a laptop screen "orders-service" came out a letter or two per line
 * while Type and Lifecycle had room to spare. Names now break only between words and at
 * hyphens, so the browser gives those columns the width their longest word needs.
 */
function withWholeWords(
  column: TableColumn<CatalogTableRow>,
): TableColumn<CatalogTableRow> {
  if (typeof column.field !== 'string' || !NAME_FIELDS.has(column.field)) {
    return column;
  }
  const cellStyle =
    typeof column.cellStyle === 'object' ? column.cellStyle : {};
  return {
    ...column,
    cellStyle: { ...cellStyle, wordBreak: 'normal', overflowWrap: 'normal' },
  };
}

/**
 * The default columns of the selected kind, with the extra columns for that kind right after
 * the owner (or at the end when the kind has no owner column): a plugin's column is what a team
 * reads next to the owner, and Description and Tags would push it out of a 1280 px view.
 */
export function columnsFor(extra: CatalogColumn[]): CatalogTableColumnsFunc {
  return context => {
    const kind = context.filters.kind?.value?.toLocaleLowerCase('en-US');
    const defaults =
      CatalogTable.defaultColumnsFunc(context).map(withWholeWords);
    const added = extra
      .filter(c => !c.kinds || (kind !== undefined && c.kinds.includes(kind)))
      .map(c => c.column);
    const owner = defaults.findIndex(
      c => c.field === 'resolved.ownedByRelationsTitle',
    );
    const at = owner === -1 ? defaults.length : owner + 1;
    return [...defaults.slice(0, at), ...added, ...defaults.slice(at)];
  };
}
