import {
  CatalogTable,
  CatalogTableColumnsFunc,
} from '@backstage/plugin-catalog';
import type { CatalogColumn } from './CatalogColumnBlueprint';

// Apart from the blueprint on purpose: CatalogTable brings material-table and its drag-and-drop
// and date pickers (about 0.5 MB), and plugins import the blueprint from their startup code.
// With `sideEffects: false` the table then loads with the catalog page, not with the app.

/** The default columns of the selected kind, followed by the extra columns for that kind. */
export function columnsFor(extra: CatalogColumn[]): CatalogTableColumnsFunc {
  return context => {
    const kind = context.filters.kind?.value?.toLocaleLowerCase('en-US');
    return [
      ...CatalogTable.defaultColumnsFunc(context),
      ...extra
        .filter(c => !c.kinds || (kind !== undefined && c.kinds.includes(kind)))
        .map(c => c.column),
    ];
  };
}
