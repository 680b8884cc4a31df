import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  entityRouteRef,
  EntityKindPicker,
  starredEntitiesApiRef,
  MockStarredEntitiesApi,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import { CatalogPageWithColumns } from './CatalogPageWithColumns';

jest.setTimeout(60_000);

const ROWS = { timeout: 30_000 };

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { namespace: 'default', name: 'orders-service' },
    spec: { type: 'service', lifecycle: 'production', owner: 'checkout' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { namespace: 'default', name: 'orders-api' },
    spec: { type: 'openapi', lifecycle: 'production', owner: 'checkout' },
  },
];

const level = {
  kinds: ['component'],
  column: {
    title: 'Level',
    render: ({ entity }: { entity: Entity }) =>
      `Gold for ${entity.metadata.name}`,
  },
};

function renderFor(kind: string) {
  return renderInTestApp(
    <CatalogPageWithColumns
      filters={[<EntityKindPicker key="kind" initialFilter={kind} />]}
      pagination={false}
      columns={[level]}
    />,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        [catalogApiRef, catalogApiMock({ entities })],
        [starredEntitiesApiRef, new MockStarredEntitiesApi()],
        [permissionApiRef, mockApis.permission()],
      ],
    },
  );
}

describe('CatalogPageWithColumns', () => {
  it('adds a plugin column right after the owner in the table of the kind it is for', async () => {
    await renderFor('component');
    // The default 1 s wait failed on the shared 2-core machine at load 17: the table renders slowly.
    await screen.findByText('Gold for orders-service', undefined, ROWS);
    const headers = screen.getAllByRole('columnheader').map(h => h.textContent);
    expect(headers.indexOf('Level')).toBe(headers.indexOf('Owner') + 1);
    expect(headers).toEqual(
      expect.arrayContaining(['Name', 'Description', 'Tags']),
    );
  });

  it('keeps entity names whole words instead of breaking them anywhere', async () => {
    await renderFor('component');
    const name = await screen.findByRole(
      'link',
      { name: /orders-service/ },
      ROWS,
    );
    expect(name.closest('td')).toHaveStyle({
      wordBreak: 'normal',
      overflowWrap: 'normal',
    });
  });

  it('leaves the column out of other kinds', async () => {
    await renderFor('api');
    await screen.findByText('orders-api', undefined, ROWS);
    expect(
      screen.queryByRole('columnheader', { name: 'Level' }),
    ).not.toBeInTheDocument();
  });
});
