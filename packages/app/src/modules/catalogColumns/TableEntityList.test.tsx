import fs from 'node:fs';
import path from 'node:path';
import { ReactNode } from 'react';
import { Entity } from '@backstage/catalog-model';
import {
  EntityKindFilter,
  EntityListContextProps,
  EntityTagFilter,
  EntityUserFilter,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import {
  createVersionedContext,
  createVersionedValueMap,
} from '@backstage/version-bridge';
import { render } from '@testing-library/react';
import { FILTERS_THE_TABLE_READS, TableEntityList } from './TableEntityList';

const ListContext = createVersionedContext<{ 1: EntityListContextProps }>(
  'entity-list-context',
);

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { namespace: 'default', name },
  spec: { type: 'service', owner: 'checkout' },
});
const cart = component('cart-service');
const orders = component('orders-service');
// The provider's setters are React state setters: the same functions on every render.
const setters = {
  updateFilters: () => {},
  setLimit: () => {},
  setOffset: () => {},
};

function listValue(
  change: Partial<EntityListContextProps> = {},
): EntityListContextProps {
  return {
    filters: {
      kind: new EntityKindFilter('component', 'Component'),
      user: EntityUserFilter.owned(['group:default/checkout']),
    },
    entities: [cart],
    backendEntities: [cart],
    queryParameters: {},
    loading: false,
    paginationMode: 'offset',
    limit: 20,
    offset: 0,
    ...setters,
    totalItems: 1,
    totalItemsLoading: false,
    ...change,
  } as EntityListContextProps;
}

function Provide({
  value,
  children,
}: {
  value: EntityListContextProps;
  children: ReactNode;
}) {
  return (
    <ListContext.Provider value={createVersionedValueMap({ 1: value })}>
      {children}
    </ListContext.Provider>
  );
}

/** Stands in for the table: records every render and the list it was given. */
function renderTable() {
  const renders: EntityListContextProps[] = [];
  function TableProbe() {
    renders.push(useEntityList());
    return null;
  }
  // One element for every render, so only the list's context can make the probe render again.
  const probe = (
    <TableEntityList>
      <TableProbe />
    </TableEntityList>
  );
  const view = render(<Provide value={listValue()}>{probe}</Provide>);
  const show = (value: EntityListContextProps) =>
    view.rerender(<Provide value={value}>{probe}</Provide>);
  return { renders, show };
}

describe('TableEntityList', () => {
  it('does not draw the table again when a filter it does not show changes', () => {
    const { renders, show } = renderTable();
    const first = listValue();
    show(first);
    show({
      ...first,
      filters: { ...first.filters, tags: new EntityTagFilter(['java']) },
      // The provider derives a new array with the same entities.
      entities: [cart],
    });
    expect(renders).toHaveLength(1);
  });

  it('does not draw the table again for another "Owned" filter of the same list', () => {
    const { renders, show } = renderTable();
    show(
      listValue({
        filters: {
          kind: new EntityKindFilter('component', 'Component'),
          user: EntityUserFilter.owned(['group:default/checkout']),
        },
      }),
    );
    expect(renders).toHaveLength(1);
  });

  it('draws the table with the current list when something it shows changes', () => {
    const { renders, show } = renderTable();
    const tags = new EntityTagFilter(['java']);
    show(listValue({ filters: { ...listValue().filters, tags } }));
    show(
      listValue({
        filters: { ...listValue().filters, tags },
        entities: [cart, orders],
        totalItems: 2,
      }),
    );
    expect(renders).toHaveLength(2);
    expect(renders[1].entities.map(e => e.metadata.name)).toEqual([
      'cart-service',
      'orders-service',
    ]);
    expect(renders[1].totalItems).toBe(2);
    // Everything else it is given is current too, though it was not why it drew.
    expect(renders[1].filters.tags).toBe(tags);
  });

  it.each([
    ['the kind', { filters: { kind: new EntityKindFilter('api', 'API') } }],
    ['the user list', { filters: { user: EntityUserFilter.all() } }],
    ['loading', { loading: true }],
    ['the count loading', { totalItemsLoading: true }],
    ['the page', { offset: 20 }],
  ] as const)(
    'draws the table again when %s changes',
    (_, change: Partial<EntityListContextProps>) => {
      const { renders, show } = renderTable();
      show(
        listValue({
          ...change,
          filters: { ...listValue().filters, ...change.filters },
        }),
      );
      expect(renders).toHaveLength(2);
    },
  );
});

describe("the catalog table's reads", () => {
  it('reads no filter but the kind, the type and the user list', () => {
    const files = ['CatalogEntityTable.tsx', 'catalogTableColumns.tsx'];
    const source = files
      .map(file => fs.readFileSync(path.join(__dirname, file), 'utf8'))
      .join('\n');
    const read = new Set(
      [...source.matchAll(/\bfilters\??\.(\w+)/g)].map(match => match[1]),
    );
    // The table and its columns read `filters` from the list; when they read another filter,
    // add it to FILTERS_THE_TABLE_READS or the table will draw it stale.
    expect([...read].sort()).toEqual([...FILTERS_THE_TABLE_READS].sort());
  });
});
