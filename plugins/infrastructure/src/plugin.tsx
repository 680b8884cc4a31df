import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import StorageIcon from '@material-ui/icons/Storage';
import { z } from 'zod';
import { InfrastructureClient, infrastructureApiRef } from './api';
import { rootRouteRef } from './routes';

/** The template every provisioning, resize and delete runs (templates/provision-database). */
const DEFAULT_TEMPLATE_REF = 'template:default/provision-database';

const infrastructureApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: infrastructureApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new InfrastructureClient(deps),
    }),
});

// A page with a title and an icon is a sidebar item in the new frontend system.
const provisionPage = PageBlueprint.makeWithOverrides({
  configSchema: { templateRef: z.string().default(DEFAULT_TEMPLATE_REF) },
  factory(originalFactory, { config }) {
    return originalFactory({
      path: '/infrastructure',
      routeRef: rootRouteRef,
      title: 'Provision a database',
      icon: <StorageIcon />,
      loader: () =>
        import('./components/ProvisionPage').then(m => (
          <m.ProvisionPage templateRef={config.templateRef} />
        )),
    });
  },
});

const statusTab = EntityContentBlueprint.make({
  name: 'status',
  params: {
    path: '/status',
    title: 'Status',
    filter: entity =>
      entity.kind.toLowerCase() === 'resource' &&
      entity.spec?.type === 'database',
    loader: () => import('./components/StatusTab').then(m => <m.StatusTab />),
  },
});

const componentCard = EntityCardBlueprint.make({
  name: 'databases',
  params: {
    filter: entity => entity.kind.toLowerCase() === 'component',
    loader: () =>
      import('./components/ComponentDatabasesCard').then(m => (
        <m.ComponentDatabasesCard />
      )),
  },
});

const homeCard = HomePageWidgetBlueprint.make({
  name: 'provision',
  params: {
    name: 'ProvisionDatabase',
    title: 'Provision a database',
    description: 'A self-service database for one of your components',
    components: async () => {
      const { ProvisionHomeCard } = await import(
        './components/ProvisionHomeCard'
      );
      return { Content: () => <ProvisionHomeCard /> };
    },
  },
});

/** Self-service databases: the Provision page, a database's Status tab, a component card and a home card. */
export const infrastructurePlugin = createFrontendPlugin({
  pluginId: 'infrastructure',
  title: 'Infrastructure',
  icon: <StorageIcon />,
  routes: { root: rootRouteRef },
  extensions: [
    infrastructureApi,
    provisionPage,
    statusTab,
    componentCard,
    homeCard,
  ],
});
