import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import catalogGraphPlugin from '@backstage/plugin-catalog-graph/alpha';
import { OpenOnTeam } from './OpenOnTeam';

/** The plugin's own page, with its element wrapped so that it opens on the user's team. */
const catalogGraphPage = catalogGraphPlugin
  .getExtension('page:catalog-graph')
  .override({
    *factory(originalFactory) {
      const outputs = originalFactory();
      for (const output of outputs) {
        if (output.id === coreExtensionData.reactElement.id) {
          yield coreExtensionData.reactElement(
            <OpenOnTeam>
              {outputs.get(coreExtensionData.reactElement)}
            </OpenOnTeam>,
          );
        } else {
          yield output;
        }
      }
    },
  });

export const catalogGraphModule = createFrontendModule({
  pluginId: 'catalog-graph',
  extensions: [catalogGraphPage],
});
