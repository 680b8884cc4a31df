import {
  AppRootElementBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import { lazy } from 'react';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';
import { z } from 'zod';

const homeLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: () => import('./HomeLayout').then(m => m.HomeLayout),
  },
});

const VisitListener = lazy(() =>
  import('./VisitListener').then(m => ({ default: m.CallboardVisitListener })),
);

// Replaces plugin-home's listener of the same id, which named Home after the page before it.
const visitListener = AppRootElementBlueprint.make({
  name: 'visit-listener',
  params: { element: <VisitListener /> },
});

const teamComponentsWidget = HomePageWidgetBlueprint.make({
  name: 'team-components',
  params: {
    name: 'CallboardTeamComponents',
    title: "Your team's components",
    description: 'Components owned by the teams you are a member of',
    layout: { width: { defaultColumns: 6 } },
    components: () =>
      import('./TeamComponentsCard').then(m => ({
        Content: m.TeamComponentsContent,
      })),
  },
});

const templatesWidget = HomePageWidgetBlueprint.make({
  name: 'templates',
  params: {
    name: 'CallboardTemplates',
    title: 'Templates',
    description: 'Golden paths to start something new',
    layout: { width: { defaultColumns: 6 } },
    components: () =>
      import('./TemplatesCard').then(m => ({ Content: m.TemplatesContent })),
  },
});

const quickAction = z.object({
  title: z.string(),
  url: z.string(),
  description: z.string().optional(),
  icon: z.string().optional(),
});

// The actions are data: platform teams list theirs under this extension's config in app-config.
const quickActionsWidget = HomePageWidgetBlueprint.makeWithOverrides({
  name: 'quick-actions',
  configSchema: {
    actions: z.array(quickAction).default([
      { title: 'Create a service', url: '/create', icon: 'kind:template' },
      { title: 'Browse the catalog', url: '/catalog', icon: 'kind:component' },
    ]),
  },
  *factory(originalFactory, { config }) {
    yield* originalFactory({
      name: 'CallboardQuickActions',
      title: 'Quick actions',
      description: 'Shortcuts to what people come to the portal for',
      layout: { width: { defaultColumns: 6 } },
      components: () =>
        import('./QuickActionsCard').then(m => ({
          Content: () => <m.QuickActionsContent actions={config.actions} />,
        })),
    });
  },
});

/**
 * Callboard's home page: the layout and the cards the app itself owns. Other plugins add cards
 * with HomePageWidgetBlueprint in their own frontend plugin (see plugins/README.md).
 */
export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [
    homeLayout,
    visitListener,
    teamComponentsWidget,
    templatesWidget,
    quickActionsWidget,
  ],
});
