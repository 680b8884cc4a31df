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
import { ScorecardsClient, scorecardsApiRef } from './api';

export const rootRouteRef = createRouteRef();

const scorecardsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: scorecardsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ScorecardsClient(deps),
    }),
});

const entityScorecards = EntityContentBlueprint.make({
  name: 'entity',
  params: {
    path: '/scorecards',
    title: 'Scorecards',
    filter: entity => entity.kind.toLowerCase() === 'component',
    loader: () =>
      import('./components/EntityScorecardsContent').then(m => (
        <m.EntityScorecardsContent />
      )),
  },
});

const teamScorecards = EntityContentBlueprint.make({
  name: 'team',
  params: {
    path: '/scorecards',
    title: 'Scorecards',
    filter: entity => entity.kind.toLowerCase() === 'group',
    loader: () =>
      import('./components/TeamScorecardsContent').then(m => (
        <m.TeamScorecardsContent />
      )),
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

/** Team scorecards: entity and team tabs, the org-wide page and a home card. */
export const scorecardsPlugin = createFrontendPlugin({
  pluginId: 'scorecards',
  title: 'Scorecards',
  routes: { root: rootRouteRef },
  extensions: [
    scorecardsApi,
    entityScorecards,
    teamScorecards,
    orgPage,
    homeCard,
  ],
});
