import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { DashboardIcon } from '@backstage/core-components';
import { DxMetricsClient, dxMetricsApiRef } from './api';

export const rootRouteRef = createRouteRef();

const dxMetricsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: dxMetricsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new DxMetricsClient(deps),
    }),
});

const entityContent = EntityContentBlueprint.make({
  name: 'entity',
  params: {
    path: '/dx-metrics',
    title: 'DX metrics',
    filter: entity =>
      ['component', 'group'].includes(entity.kind.toLowerCase()),
    loader: () =>
      import('./components/EntityDxContent').then(m => <m.EntityDxContent />),
  },
});

const orgPage = PageBlueprint.make({
  params: {
    path: '/dx-metrics',
    routeRef: rootRouteRef,
    title: 'DX metrics',
    icon: <DashboardIcon />,
    loader: () => import('./components/OrgDxPage').then(m => <m.OrgDxPage />),
  },
});

const adoptionPage = PageBlueprint.make({
  name: 'adoption',
  params: {
    path: '/dx-metrics/adoption',
    title: 'Platform adoption',
    loader: () =>
      import('./components/AdoptionPage').then(m => <m.AdoptionPage />),
  },
});

const homeCard = HomePageWidgetBlueprint.make({
  name: 'teams',
  params: {
    name: 'DxMetrics',
    title: 'DX metrics',
    description: "Your team's DORA keys over 30 days, with their bands",
    components: async () => {
      const { DxHomeCard } = await import('./components/DxHomeCard');
      return { Content: () => <DxHomeCard /> };
    },
  },
});

/** DX metrics: the entity and team tab, the org and adoption pages, and a home card. */
export const dxMetricsPlugin = createFrontendPlugin({
  pluginId: 'dx-metrics',
  title: 'DX metrics',
  routes: { root: rootRouteRef },
  extensions: [dxMetricsApi, entityContent, orgPage, adoptionPage, homeCard],
});
