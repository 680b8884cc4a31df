/**
 * `.yarn/patches/@backstage-plugin-catalog-*.patch` names the system and domain in the entity
 * page's header by their titles, as the owner beside them and the About card below already do.
 * Stock printed the reference's slug (`storefront` above a card saying "Storefront"). These
 * tests fail when an upgrade drops the patch, and check that the link still leads to the system.
 */
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  entityPresentationApiRef,
  entityRouteRef,
  EntityProvider,
  MockStarredEntitiesApi,
  starredEntitiesApiRef,
} from '@backstage/plugin-catalog-react';
import { DefaultEntityPresentationApi } from '@backstage/plugin-catalog';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';

// Not exported by the package: the header is the catalog's entity page extension's own.
const { EntityHeaderBui } = require(path.join(
  path.dirname(require.resolve('@backstage/plugin-catalog/alpha')),
  'alpha/components/EntityHeader/EntityHeaderBui.esm.js',
));

const ordersService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { namespace: 'default', name: 'orders-service' },
  spec: { type: 'service', lifecycle: 'production', owner: 'checkout' },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/checkout' },
    { type: 'partOf', targetRef: 'system:default/storefront' },
  ],
};

const entities: Entity[] = [
  ordersService,
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { namespace: 'default', name: 'storefront', title: 'Storefront' },
    spec: { owner: 'checkout' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { namespace: 'default', name: 'checkout', title: 'Checkout' },
    spec: { type: 'team', children: [] },
  },
];

jest.setTimeout(30_000);

describe('the @backstage/plugin-catalog patch', () => {
  it("names the entity's system by its title, linking to the system", async () => {
    const catalogApi = catalogApiMock({ entities });
    await renderInTestApp(
      <EntityProvider entity={ordersService}>
        <EntityHeaderBui />
      </EntityProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        apis: [
          [catalogApiRef, catalogApi],
          [starredEntitiesApiRef, new MockStarredEntitiesApi()],
          [
            entityPresentationApiRef,
            DefaultEntityPresentationApi.create({ catalogApi }),
          ],
        ],
      },
    );

    const system = await screen.findByRole(
      'link',
      { name: 'Storefront' },
      { timeout: 20_000 },
    );
    expect(system).toHaveAttribute(
      'href',
      '/catalog/default/system/storefront',
    );
    expect(
      screen.queryByRole('link', { name: 'storefront' }),
    ).not.toBeInTheDocument();
  });
});
