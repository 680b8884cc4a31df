import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** Replaces the catalog's `entity-card:catalog/links` with one that skips unsafe links. */
export const safeLinksModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [
    EntityCardBlueprint.make({
      name: 'links',
      params: {
        type: 'info',
        filter: { 'metadata.links': { $exists: true } },
        loader: () =>
          import('./SafeEntityLinksCard').then(m => <m.SafeEntityLinksCard />),
      },
    }),
  ],
});
