/**
 * `.yarn/patches/@backstage-frontend-app-api-*.patch` keeps the route matches of the last few
 * locations in the app's route resolver: every link a page renders resolved against the same
 * location, and each resolution flattened and ranked the whole route tree again (about 50 ms of
 * each page load, ADR 0061). These tests fail when an upgrade drops the patch, and check that
 * links resolve as before.
 */
import path from 'node:path';
import { createRouteRef } from '@backstage/frontend-plugin-api';
import * as reactRouter from 'react-router-dom';

jest.mock('react-router-dom', () => {
  const actual = jest.requireActual('react-router-dom');
  return { ...actual, matchRoutes: jest.fn(actual.matchRoutes) };
});

// Not exported by the package: the resolver is built inside createApp.
const { RouteResolver } = require(path.join(
  path.dirname(require.resolve('@backstage/frontend-app-api')),
  'routing/RouteResolver.esm.js',
));

const matchRoutes = reactRouter.matchRoutes as jest.Mock;

const catalog = createRouteRef();
const entity = createRouteRef({ params: ['name'] });
const docs = createRouteRef();

function resolver() {
  return new RouteResolver(
    new Map<unknown, string>([
      [catalog, 'catalog'],
      [entity, ':name'],
      [docs, 'docs'],
    ]),
    new Map([[entity, catalog]]),
    [
      {
        path: 'catalog',
        routeRefs: new Set([catalog]),
        children: [{ path: ':name', routeRefs: new Set([entity]) }],
      },
      { path: 'docs', routeRefs: new Set([docs]) },
    ],
    new Map(),
    '',
    (ref: unknown) => ref,
    new Map(),
  );
}

describe('the patched route resolver', () => {
  beforeEach(() => matchRoutes.mockClear());

  it('matches a location once for all the links resolved against it', () => {
    const routes = resolver();
    const sourcePath = '/catalog/orders-service';
    expect(routes.resolve(entity, { sourcePath })?.({ name: 'billing' })).toBe(
      '/catalog/billing',
    );
    expect(routes.resolve(docs, { sourcePath })?.()).toBe('/docs');
    expect(routes.resolve(catalog, { sourcePath })?.()).toBe('/catalog');
    expect(matchRoutes).toHaveBeenCalledTimes(1);
  });

  it('resolves links from a new location against that location', () => {
    const routes = resolver();
    expect(routes.resolve(entity)?.({ name: 'a/b' })).toBe('/catalog/a%2Fb');
    expect(
      routes.resolve(entity, { sourcePath: '/docs' })?.({ name: 'orders' }),
    ).toBe('/catalog/orders');
    expect(matchRoutes).toHaveBeenCalledTimes(2);
  });

  it('keeps only the last few locations', () => {
    const routes = resolver();
    for (let i = 0; i <= 16; i++) {
      routes.resolve(entity, { sourcePath: `/catalog/service-${i}` });
    }
    expect(matchRoutes).toHaveBeenCalledTimes(17);
    routes.resolve(entity, { sourcePath: '/catalog/service-16' });
    expect(matchRoutes).toHaveBeenCalledTimes(17);
    routes.resolve(entity, { sourcePath: '/catalog/service-0' });
    expect(matchRoutes).toHaveBeenCalledTimes(18);
  });
});
