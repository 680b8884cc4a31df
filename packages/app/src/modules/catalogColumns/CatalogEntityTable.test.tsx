import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityKindFilter,
  EntityListContextProps,
  EntityTypeFilter,
  EntityUserFilter,
  MockStarredEntitiesApi,
  entityRouteRef,
  starredEntitiesApiRef,
} from '@backstage/plugin-catalog-react';
import { CatalogColumn } from '@callboard/catalog-columns';
import {
  createVersionedContext,
  createVersionedValueMap,
} from '@backstage/version-bridge';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { CatalogEntityTable } from './CatalogEntityTable';

jest.setTimeout(30_000);

function entity(
  kind: string,
  name: string,
  extra: { namespace?: string; spec?: object; annotations?: object } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      namespace: extra.namespace ?? 'default',
      name,
      annotations: extra.annotations as Record<string, string>,
      description: `${name} does things`,
      tags: ['java'],
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'checkout',
      ...extra.spec,
    },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/checkout' },
      { type: 'partOf', targetRef: 'system:default/storefront' },
    ],
  };
}

const components = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    entity('Component', `service-${String(i).padStart(2, '0')}`),
  );

const componentFilters = {
  kind: new EntityKindFilter('component', 'Component'),
  user: EntityUserFilter.owned(['group:default/checkout']),
};

// catalog-react's mock provider leaves out the cursor pages: the list is given as the provider
// gives it, by the context's global key.
const ListContext = createVersionedContext<{ 1: EntityListContextProps }>(
  'entity-list-context',
);

async function renderTable(
  value: Partial<EntityListContextProps>,
  columns: CatalogColumn[] = [],
) {
  const entities = value.entities ?? [];
  const list = {
    filters: componentFilters,
    entities,
    backendEntities: entities,
    queryParameters: {},
    loading: false,
    paginationMode: 'none',
    limit: 20,
    totalItems: entities.length,
    totalItemsLoading: false,
    updateFilters: () => {},
    setLimit: () => {},
    setOffset: () => {},
    ...value,
  } as EntityListContextProps;
  await renderInTestApp(
    <ListContext.Provider value={createVersionedValueMap({ 1: list })}>
      <CatalogEntityTable columns={columns} />
    </ListContext.Provider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [[starredEntitiesApiRef, new MockStarredEntitiesApi()]],
    },
  );
}

const headers = () =>
  screen.getAllByRole('columnheader').map(header => header.textContent);

const names = () =>
  screen
    .getAllByRole('rowheader')
    .map(cell => within(cell).getByRole('link').textContent);

describe('CatalogEntityTable', () => {
  it("titles the list with the user's list, the kind and the count, and links each name to its page", async () => {
    await renderTable({
      entities: [entity('Component', 'orders-service')],
      totalItems: 1,
    });
    expect(
      screen.getByRole('heading', { name: 'Owned Components (1)' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'orders-service' }),
    ).toHaveAttribute('href', '/catalog/default/component/orders-service');
    expect(headers()).toEqual([
      'Name',
      'System',
      'Owner',
      'Type',
      'Lifecycle',
      'Description',
      'Tags',
      'Actions',
    ]);
    const row = screen.getAllByRole('row')[1];
    expect(
      within(row).getByRole('link', { name: 'storefront' }),
    ).toHaveAttribute('href', '/catalog/default/system/storefront');
    expect(within(row).getByRole('link', { name: 'checkout' })).toHaveAttribute(
      'href',
      '/catalog/default/group/checkout',
    );
    expect(within(row).getByText('orders-service does things')).toBeVisible();
    expect(within(row).getByText('java')).toBeInTheDocument();
  });

  it.each([
    ['user', ['Name', 'Description', 'Tags', 'Actions']],
    ['system', ['Name', 'Owner', 'Description', 'Tags', 'Actions']],
    ['group', ['Name', 'Type', 'Description', 'Tags', 'Actions']],
    ['location', ['Name', 'Type', 'Targets', 'Actions']],
  ])('shows the columns stock shows for a %s', async (kind, expected) => {
    await renderTable({
      entities: [entity(kind, 'one')],
      filters: { kind: new EntityKindFilter(kind, kind) },
    });
    expect(headers()).toEqual(expected);
  });

  it('leaves the Type column out once a type is chosen, and adds Namespace when an entity is outside the default one', async () => {
    await renderTable({
      entities: [
        entity('Component', 'orders-service'),
        entity('Component', 'billing', { namespace: 'finance' }),
      ],
      filters: { ...componentFilters, type: new EntityTypeFilter('service') },
    });
    expect(headers()).not.toContain('Type');
    expect(headers()).toContain('Namespace');
    expect(screen.getByText('finance')).toBeInTheDocument();
  });

  it("puts a plugin's column after the owner, only in its kind's table", async () => {
    const level: CatalogColumn = {
      id: 'level',
      label: 'Level',
      kinds: ['component'],
      cell: row => `Gold for ${row.entity.metadata.name}`,
    };
    await renderTable({ entities: [entity('Component', 'orders-service')] }, [
      level,
    ]);
    expect(headers().indexOf('Level')).toBe(headers().indexOf('Owner') + 1);
    expect(screen.getByText('Gold for orders-service')).toBeInTheDocument();
  });

  it('sorts the page by a column when its header is pressed, and back the other way', async () => {
    await renderTable({
      entities: [
        entity('Component', 'b-service'),
        entity('Component', 'c-service'),
        entity('Component', 'a-service'),
      ],
      paginationMode: 'cursor',
    });
    expect(names()).toEqual(['b-service', 'c-service', 'a-service']);
    const nameHeader = screen.getByRole('columnheader', { name: 'Name' });
    expect(nameHeader).toHaveAttribute('aria-sort', 'none');
    fireEvent.click(within(nameHeader).getByRole('button'));
    expect(names()).toEqual(['a-service', 'b-service', 'c-service']);
    expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
    fireEvent.click(within(nameHeader).getByRole('button'));
    expect(names()).toEqual(['c-service', 'b-service', 'a-service']);
    expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
    // Description is not sortable: its header is no button.
    expect(
      within(
        screen.getByRole('columnheader', { name: 'Description' }),
      ).queryByRole('button'),
    ).not.toBeInTheDocument();
  });

  it('stars and unstars an entity from its row', async () => {
    await renderTable({ entities: [entity('Component', 'orders-service')] });
    fireEvent.click(screen.getByRole('button', { name: 'Add to favorites' }));
    fireEvent.click(
      await screen.findByRole('button', { name: 'Remove from favorites' }),
    );
    expect(
      await screen.findByRole('button', { name: 'Add to favorites' }),
    ).toBeInTheDocument();
  });

  it("opens the entity's view and edit links, and disables them when it has none", async () => {
    const open = jest.spyOn(window, 'open').mockReturnValue(null);
    await renderTable({
      entities: [
        entity('Component', 'orders-service', {
          annotations: {
            'backstage.io/view-url': 'http://git.example/orders',
          },
        }),
      ],
    });
    fireEvent.click(screen.getByRole('button', { name: 'View' }));
    expect(open).toHaveBeenCalledWith(
      'http://git.example/orders',
      '_blank',
      'noopener',
    );
    expect(screen.getByRole('button', { name: 'Edit' })).toBeDisabled();
    open.mockRestore();
  });

  it("moves through the catalog's cursor pages", async () => {
    const next = jest.fn();
    await renderTable({
      entities: components(2),
      totalItems: 5,
      paginationMode: 'cursor',
      limit: 2,
      pageInfo: { next },
    });
    expect(screen.getByText('2 of 5')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Previous table page' }),
    ).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Next table page' }));
    expect(next).toHaveBeenCalled();
  });

  it("moves through the catalog's offset pages, of the size the page is configured with", async () => {
    const setOffset = jest.fn();
    await renderTable({
      entities: components(2),
      totalItems: 5,
      paginationMode: 'offset',
      limit: 2,
      offset: 2,
      setOffset,
    });
    expect(screen.getByText('3 - 4 of 5')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Next table page' }));
    expect(setOffset).toHaveBeenLastCalledWith(4);
    fireEvent.click(
      screen.getByRole('button', { name: 'Previous table page' }),
    );
    expect(setOffset).toHaveBeenLastCalledWith(0);
  });

  it('shows the last page when a filter leaves the offset past the end', async () => {
    const setOffset = jest.fn();
    await renderTable({
      entities: [],
      totalItems: 3,
      paginationMode: 'offset',
      limit: 2,
      offset: 4,
      setOffset,
    });
    expect(setOffset).toHaveBeenCalledWith(1);
  });

  it('writes an acronym kind\'s plural with a lower-case "s"', async () => {
    await renderTable({
      entities: [entity('API', 'orders-api', { spec: { type: 'openapi' } })],
      filters: {
        kind: new EntityKindFilter('api', 'API'),
        user: EntityUserFilter.all(),
      },
      totalItems: 1,
    });
    expect(
      screen.getByRole('heading', { name: 'All APIs (1)' }),
    ).toBeInTheDocument();
  });

  it('pages through an unpaginated list 20 at a time, by title', async () => {
    await renderTable({ entities: components(25).reverse() });
    expect(names()).toHaveLength(20);
    expect(names()[0]).toBe('service-00');
    expect(screen.getByText('1 - 20 of 25')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Next table page' }));
    expect(names()).toEqual([
      'service-20',
      'service-21',
      'service-22',
      'service-23',
      'service-24',
    ]);
  });

  it('says why the list could not be loaded', async () => {
    await renderTable({
      entities: [],
      error: new Error('catalog unavailable'),
    });
    expect(
      screen.getByText(/Could not fetch catalog entities/),
    ).toBeInTheDocument();
    // The message is in the panel's code block, which the highlighter splits into spans.
    await waitFor(() =>
      expect(document.body).toHaveTextContent('Error: catalog unavailable'),
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says so when no entity matches', async () => {
    await renderTable({ entities: [], totalItems: 0 });
    expect(screen.getByText('No records to display')).toBeInTheDocument();
  });
});
