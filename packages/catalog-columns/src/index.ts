/**
 * Extra columns for the catalog table, as extensions of the new frontend
 * system. Backstage 1.55's `page:catalog` has inputs for filters and export
 * settings only; the app overrides it to take `columns` (see
 * packages/app/src/modules/catalogColumns).
 *
 * @packageDocumentation
 */

export {
  CatalogColumnBlueprint,
  catalogColumnDataRef,
} from './CatalogColumnBlueprint';
export type { CatalogColumn, CatalogRow } from './CatalogColumnBlueprint';
