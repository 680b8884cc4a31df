import {
  coreExtensionData,
  createExtensionInput,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogColumnDataRef } from '@callboard/catalog-columns';
import { listPickerOpensOnOwned } from './listPickerOpensOnOwned';

/**
 * The catalog page with a `columns` input: Backstage 1.55's page takes
 * filters and export settings but no columns, so the page is rendered here
 * from the catalog's public parts, with its own table (ADR 0067) and the
 * plugins' columns added. It replaces the stock page even with no column
 * attached, so disabling a column never brings material-table back.
 */
const catalogPage = catalogPlugin.getExtension('page:catalog').override({
  inputs: {
    columns: createExtensionInput([catalogColumnDataRef]),
  },
  factory(originalFactory, { inputs, config }) {
    const columns = inputs.columns.map(c => c.get(catalogColumnDataRef));
    return originalFactory({
      params: {
        loader: async () => {
          const { CatalogPageWithColumns } = await import(
            './CatalogPageWithColumns'
          );
          return (
            <CatalogPageWithColumns
              filters={inputs.filters.map(f =>
                f.get(coreExtensionData.reactElement),
              )}
              pagination={config.pagination}
              columns={columns}
              opensOnOwnedList={listPickerOpensOnOwned(
                inputs.filters.map(f => f.node),
              )}
            />
          );
        },
      },
    });
  },
});

export const catalogColumnsModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [catalogPage],
});
