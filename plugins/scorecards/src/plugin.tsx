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
import { lazy, Suspense } from 'react';
import { CatalogColumnBlueprint } from '@callboard/catalog-columns';
import { z } from 'zod';
import { ScorecardsClient, scorecardsApiRef } from './api';

const EntityLevelCell = lazy(() =>
  import('./components/EntityLevelCell').then(m => ({
    default: m.EntityLevelCell,
  })),
);

export const rootRouteRef = createRouteRef();

const scorecardsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: scorecardsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ScorecardsClient(deps),
    }),
});

// One extension for components and groups: two entity contents on the same path clash.
const scorecardsTab = EntityContentBlueprint.make({
  params: {
    path: '/scorecards',
    title: 'Scorecards',
    filter: entity =>
      ['component', 'group'].includes(entity.kind.toLowerCase()),
    loader: () =>
      import('./components/ScorecardsTab').then(m => <m.ScorecardsTab />),
  },
});

const orgPage = PageBlueprint.make({
  params: {
    path: '/scorecards',
    routeRef: rootRouteRef,
    title: 'Scorecards',
    loader: () =>
      import('./components/OrgScorecardsPage').then(m => (
        <m.OrgScorecardsPage />
      )),
  },
});

const homeCard = HomePageWidgetBlueprint.make({
  name: 'team',
  params: {
    name: 'TeamScorecards',
    title: 'Team scorecards',
    description: "Your team's score and levels per scorecard",
    components: async () => {
      const { ScorecardsHomeCard } = await import(
        './components/ScorecardsHomeCard'
      );
      return { Content: () => <ScorecardsHomeCard /> };
    },
  },
});

// The Component table's level column; the cells ask for a page's levels in one request.
// Which scorecard it shows is the platform team's choice, in app-config: with several
// scorecards, "the first one defined" depends on the order of the definition files.
const levelColumn = CatalogColumnBlueprint.makeWithOverrides({
  name: 'level',
  configSchema: { scorecard: z.string().optional() },
  *factory(originalFactory, { config }) {
    yield* originalFactory({
      id: 'level',
      label: 'Level',
      kinds: ['component'],
      cell: ({ id }) => (
        <Suspense fallback={null}>
          <EntityLevelCell entityRef={id} scorecardId={config.scorecard} />
        </Suspense>
      ),
    });
  },
});

/** Team scorecards: entity and team tabs, the org-wide page, a home card and a catalog column. */
export const scorecardsPlugin = createFrontendPlugin({
  pluginId: 'scorecards',
  title: 'Scorecards',
  routes: { root: rootRouteRef },
  extensions: [scorecardsApi, scorecardsTab, orgPage, homeCard, levelColumn],
});
