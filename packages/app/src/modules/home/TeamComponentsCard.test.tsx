import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { TeamComponentsContent } from './TeamComponentsCard';

function component(name: string, title: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { namespace: 'default', name, title },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { namespace: 'default', name: 'ada' },
    spec: { profile: { displayName: 'Ada Okafor' }, memberOf: ['checkout'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/checkout' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { namespace: 'default', name: 'loner' },
    spec: { memberOf: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { namespace: 'default', name: 'checkout' },
    spec: { type: 'team', profile: { displayName: 'Checkout' }, children: [] },
  },
  component('orders-service', 'Orders service', 'group:default/checkout'),
  component('cart-service', 'Cart service', 'group:default/checkout'),
  component('inventory-service', 'Inventory service', 'group:default/stock'),
];

function renderFor(userEntityRef: string) {
  return renderInTestApp(<TeamComponentsContent />, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    apis: [
      [catalogApiRef, catalogApiMock({ entities })],
      mockApis.identity({ userEntityRef }),
    ],
  });
}

jest.setTimeout(30_000);

describe('TeamComponentsContent', () => {
  it("lists the components of the signed-in user's team, and no other team's", async () => {
    await renderFor('user:default/ada');

    // Generous timeouts: jsdom renders slowly when the whole suite shares the machine.
    const list = await screen.findByRole(
      'list',
      { name: "Your team's components" },
      { timeout: 20_000 },
    );
    expect(list).toHaveTextContent('Cart service');
    expect(list).toHaveTextContent('Orders service');
    expect(list).not.toHaveTextContent('Inventory service');
    expect(screen.getByText(/Owned by/)).toHaveTextContent('Owned by Checkout');
  });

  it('says how to join a team when the user is in none', async () => {
    await renderFor('user:default/loner');

    expect(
      await screen.findByText('You are not in a team yet', undefined, {
        timeout: 20_000,
      }),
    ).toBeInTheDocument();
  });
});
