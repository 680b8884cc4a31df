import { lazy, ReactNode, Suspense } from 'react';
import { Entity } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  entityRouteRef,
  EntityKindPicker,
  starredEntitiesApiRef,
  MockStarredEntitiesApi,
  UserListPicker,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { CatalogColumn } from '@callboard/catalog-columns';
import { screen, waitFor } from '@testing-library/react';
import { CatalogPageWithColumns } from './CatalogPageWithColumns';
import { identityApiOwning } from '../../__testUtils__/identityApi';

jest.setTimeout(60_000);

const ROWS = { timeout: 30_000 };

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { namespace: 'default', name: 'orders-service' },
    spec: { type: 'service', lifecycle: 'production', owner: 'checkout' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/checkout' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { namespace: 'default', name: 'inventory-service' },
    spec: { type: 'service', lifecycle: 'production', owner: 'fulfilment' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/fulfilment' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { namespace: 'default', name: 'orders-api' },
    spec: { type: 'openapi', lifecycle: 'production', owner: 'checkout' },
  },
];

const level: CatalogColumn = {
  id: 'level',
  label: 'Level',
  kinds: ['component'],
  cell: ({ entity }) => `Gold for ${entity.metadata.name}`,
};

type PageSetup = {
  filters: ReactNode[];
  opensOnOwnedList?: boolean;
  ownershipEntityRefs?: () => Promise<string[]>;
  url?: string;
};

async function renderPage({
  filters,
  opensOnOwnedList,
  ownershipEntityRefs = async () => ['group:default/checkout'],
  url = '/catalog',
}: PageSetup) {
  const catalogApi = catalogApiMock({ entities });
  const queryEntities = jest.spyOn(catalogApi, 'queryEntities');
  const getEntityFacets = jest.spyOn(catalogApi, 'getEntityFacets');
  const identityApi = identityApiOwning(ownershipEntityRefs);
  await renderInTestApp(
    <CatalogPageWithColumns
      filters={filters}
      pagination
      columns={[level]}
      opensOnOwnedList={opensOnOwnedList}
    />,
    {
      initialRouteEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        [catalogApiRef, catalogApi],
        [identityApiRef, identityApi],
        [starredEntitiesApiRef, new MockStarredEntitiesApi()],
        [permissionApiRef, mockApis.permission()],
      ],
    },
  );
  return { queryEntities, getEntityFacets };
}

function renderFor(kind: string) {
  return renderPage({
    filters: [<EntityKindPicker key="kind" initialFilter={kind} />],
  });
}

/** The filters of the list's own queries; the counts ask for no rows. */
function listQueryFilters(queryEntities: jest.SpyInstance) {
  return queryEntities.mock.calls
    .map(([request]) => request)
    .filter(request => request?.limit !== 0 && !('cursor' in request))
    .map(request => request.filter);
}

/**
 * The list picker loading after the kind picker, as it can on a busy machine: each stock
 * picker is a lazy extension that mounts when React gets to it.
 */
function listPickerLoadingLate() {
  let load = () => {};
  const LateListPicker = lazy(
    () =>
      new Promise<{ default: () => JSX.Element }>(resolve => {
        load = () =>
          resolve({ default: () => <UserListPicker initialFilter="owned" /> });
      }),
  );
  return {
    element: (
      <Suspense key="list" fallback={null}>
        <LateListPicker />
      </Suspense>
    ),
    load: () => load(),
  };
}

/** Long enough for the list provider's 10 ms debounce to have fetched many times over. */
const settle = () => new Promise(resolve => setTimeout(resolve, 500));

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

  it('leaves the column out of other kinds', async () => {
    await renderFor('api');
    await screen.findByText('orders-api', undefined, ROWS);
    expect(
      screen.queryByRole('columnheader', { name: 'Level' }),
    ).not.toBeInTheDocument();
  });

  describe("opening on the user's own components", () => {
    const kindPicker = (
      <EntityKindPicker key="kind" initialFilter="component" />
    );

    it('holds the list while the list picker loads after the kind picker, then asks only for what the user owns', async () => {
      const listPicker = listPickerLoadingLate();
      const { queryEntities, getEntityFacets } = await renderPage({
        filters: [kindPicker, listPicker.element],
        opensOnOwnedList: true,
      });
      await waitFor(() => expect(getEntityFacets).toHaveBeenCalled());
      await settle();
      expect(listQueryFilters(queryEntities)).toEqual([]);

      listPicker.load();
      await screen.findByText('Gold for orders-service', undefined, ROWS);
      expect(screen.queryByText('inventory-service')).not.toBeInTheDocument();
      const filters = listQueryFilters(queryEntities);
      expect(filters.length).toBeGreaterThan(0);
      for (const filter of filters) {
        expect(filter).toEqual({
          kind: 'component',
          'relations.ownedBy': ['group:default/checkout'],
        });
      }
    });

    it("lists everyone's components when the user's identity cannot be loaded, as stock does", async () => {
      const listPicker = listPickerLoadingLate();
      await renderPage({
        filters: [kindPicker, listPicker.element],
        opensOnOwnedList: true,
        ownershipEntityRefs: async () => {
          throw new Error('identity unavailable');
        },
      });
      listPicker.load();
      await screen.findByText('Gold for inventory-service', undefined, ROWS);
      expect(screen.getByText('Gold for orders-service')).toBeInTheDocument();
    });

    it('does not hold the list when the link asks for All', async () => {
      const { queryEntities } = await renderPage({
        filters: [kindPicker],
        opensOnOwnedList: true,
        url: '/catalog?filters[user]=all',
      });
      await screen.findByText('Gold for inventory-service', undefined, ROWS);
      expect(listQueryFilters(queryEntities)).toContainEqual({
        kind: 'component',
      });
    });
  });
});
