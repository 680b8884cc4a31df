import type { ReactNode } from 'react';
import type { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import {
  createExtensionBlueprint,
  createExtensionDataRef,
} from '@backstage/frontend-plugin-api';

/** One row of the catalog table: an entity and the relations its default columns show. */
export type CatalogRow = {
  /** The entity's ref, which keys the row. */
  id: string;
  entity: Entity;
  /** The entity's title as the catalog presents it, e.g. "Orders service". */
  title: string;
  ownedBy: CompoundEntityRef[];
  partOfSystem: CompoundEntityRef[];
};

/** One column of the catalog table. */
export type CatalogColumn = {
  /** Unique among the table's columns. */
  id: string;
  /** The column header. */
  label: string;
  /** What the row's cell shows; the table draws the cell around it. */
  cell: (row: CatalogRow) => ReactNode;
  /** What the column sorts the page by; the column cannot be sorted when unset. */
  sortValue?: (row: CatalogRow) => string;
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
 *     id: 'level',
 *     label: 'Level',
 *     kinds: ['component'],
 *     cell: ({ id }) => <LevelCell entityRef={id} />,
 *   },
 * });
 * ```
 *
 * Keep `cell` light and load heavy content lazily: it runs for every row.
 */
export const CatalogColumnBlueprint = createExtensionBlueprint({
  kind: 'catalog-column',
  attachTo: { id: 'page:catalog', input: 'columns' },
  output: [catalogColumnDataRef],
  *factory(params: CatalogColumn) {
    yield catalogColumnDataRef(params);
  },
});
