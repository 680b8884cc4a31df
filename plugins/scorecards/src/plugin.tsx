import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
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

/** Team scorecards: entity and team tabs, and the org-wide page at /scorecards. */
export const scorecardsPlugin = createFrontendPlugin({
  pluginId: 'scorecards',
  title: 'Scorecards',
  routes: { root: rootRouteRef },
  extensions: [scorecardsApi, entityScorecards, teamScorecards, orgPage],
});
