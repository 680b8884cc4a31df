import type { TableColumn } from '@backstage/core-components';
import {
  createExtensionBlueprint,
  createExtensionDataRef,
} from '@backstage/frontend-plugin-api';
import type { CatalogTableRow } from '@backstage/plugin-catalog';

/** One extra column of the catalog table. */
export type CatalogColumn = {
  column: TableColumn<CatalogTableRow>;
  /**
   * Kinds (lower case) whose tables show the column, e.g. `['component']`;
   * every kind when unset.
   */
  kinds?: string[];
};

export const catalogColumnDataRef =
  createExtensionDataRef<CatalogColumn>().with({
    id: 'callboard.catalog.column',
  });

/**
 * A column of the catalog table, contributed by any plugin:
 *
 * ```tsx
 * CatalogColumnBlueprint.make({
 *   name: 'level',
 *   params: {
 *     kinds: ['component'],
 *     column: { title: 'Level', render: ({ entity }) => <LevelCell entity={entity} /> },
 *   },
 * });
 * ```
 *
 * Keep `render` light and load heavy cells lazily: it runs for every row.
 */
export const CatalogColumnBlueprint = createExtensionBlueprint({
  kind: 'catalog-column',
  attachTo: { id: 'page:catalog', input: 'columns' },
  output: [catalogColumnDataRef],
  *factory(params: CatalogColumn) {
    yield catalogColumnDataRef(params);
  },
});
