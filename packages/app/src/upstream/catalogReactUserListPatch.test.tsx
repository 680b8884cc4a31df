/**
 * `.yarn/patches/@backstage-plugin-catalog-react-*.patch` makes the catalog's "Owned" list
 * (the page's default) apply as soon as the signed-in user's ownership references are known.
 * Stock applied it only once the count of owned entities had come back, so the list's first
 * query went out without it: the page drew everyone's components, then swapped in the user's
 * own a round trip later. These tests fail when an upgrade drops the patch, and check that a
 * user who owns nothing still lands on "All", as stock does.
 *
 * The patch also counts the list only when the query it counts changes. Stock counted again
 * whenever any picker registered a filter, even one that selects nothing, and each count
 * re-rendered the table twice (loading, then the same number).
 */
import { Entity } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  EntityKindPicker,
  EntityListProvider,
  MockStarredEntitiesApi,
  starredEntitiesApiRef,
  UserListPicker,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { identityApiOwning } from '../__testUtils__/identityApi';

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { namespace: 'default', name },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});

const entities = [
  component('auth-gateway', 'platform'),
  component('cart-service', 'checkout'),
  component('orders-service', 'checkout'),
  component('search-service', 'discovery'),
];

/** Every list the page showed, in order, as the names it held. */
function ListRecorder({ shown }: { shown: string[][] }) {
  const {
    entities: listed,
    loading,
    filters,
    refresh,
    updateFilters,
  } = useEntityList();
  const names = listed.map(e => e.metadata.name);
  if (!loading && names.length && shown.at(-1)?.join() !== names.join()) {
    shown.push(names);
  }
  return (
    <>
      <p>list: {filters.user?.value ?? 'none'}</p>
      <button onClick={() => refresh?.()}>refresh</button>
      {/* What a picker does when its facets load and nothing is selected in it. */}
      <button onClick={() => updateFilters({ tags: undefined })}>
        register an empty filter
      </button>
      <ul aria-label="listed">
        {names.map(name => (
          <li key={name}>{name}</li>
        ))}
      </ul>
    </>
  );
}

async function renderCatalogList(
  getOwnershipEntityRefs: () => Promise<string[]>,
) {
  const catalogApi = catalogApiMock({ entities });
  const queryEntities = jest.spyOn(catalogApi, 'queryEntities');
  const identityApi = identityApiOwning(getOwnershipEntityRefs);
  const shown: string[][] = [];
  await renderInTestApp(
    <EntityListProvider pagination>
      <EntityKindPicker initialFilter="component" />
      <UserListPicker initialFilter="owned" />
      <ListRecorder shown={shown} />
    </EntityListProvider>,
    {
      apis: [
        [catalogApiRef, catalogApi],
        [identityApiRef, identityApi],
        [starredEntitiesApiRef, new MockStarredEntitiesApi()],
      ],
    },
  );
  return { queryEntities, shown };
}

/** The filters of the list's own queries (the counts beside the picker ask for no rows). */
function listQueryFilters(queryEntities: jest.SpyInstance) {
  return queryEntities.mock.calls
    .map(([request]) => request)
    .filter(request => request?.limit !== 0 && !('cursor' in request))
    .map(request => request.filter);
}

/** The list's own counts: no rows, in the list's order (the pickers' counts have no order). */
function listCounts(queryEntities: jest.SpyInstance) {
  return queryEntities.mock.calls
    .map(([request]) => request)
    .filter(request => request?.limit === 0 && request.orderFields)
    .map(request => JSON.stringify(request));
}

jest.setTimeout(30_000);

/** The identity answering after the page's filters have registered, as on a first load. */
const answerLater = <T,>(value: () => T) =>
  new Promise<T>((resolve, reject) =>
    setTimeout(() => {
      try {
        resolve(value());
      } catch (error) {
        reject(error);
      }
    }, 300),
  );

/** The "Owned" list of a user in the checkout team, shown, with its first count answered. */
async function renderSettledOwnedList() {
  const { queryEntities } = await renderCatalogList(() =>
    answerLater(() => ['user:default/ada', 'group:default/checkout']),
  );
  expect(
    await screen.findByText('orders-service', {}, { timeout: 20_000 }),
  ).toBeInTheDocument();
  await new Promise(resolve => setTimeout(resolve, 200));
  return queryEntities;
}

describe('the @backstage/plugin-catalog-react patch', () => {
  it("lists the user's own components from the first query, never everyone's first", async () => {
    const { queryEntities, shown } = await renderCatalogList(() =>
      answerLater(() => ['user:default/ada', 'group:default/checkout']),
    );

    expect(
      await screen.findByText('orders-service', {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('cart-service')).toBeInTheDocument();
    expect(screen.getByText('list: owned')).toBeInTheDocument();
    expect(shown).toEqual([['cart-service', 'orders-service']]);

    const filters = listQueryFilters(queryEntities);
    expect(filters.length).toBeGreaterThan(0);
    for (const filter of filters) {
      expect(filter).toEqual({
        kind: 'component',
        'relations.ownedBy': ['user:default/ada', 'group:default/checkout'],
      });
    }
  });

  it('lands on All for a user who owns nothing, as stock does', async () => {
    const { shown } = await renderCatalogList(() =>
      answerLater(() => ['user:default/nobody']),
    );

    expect(
      await screen.findByText('list: all', {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(await screen.findByText('auth-gateway')).toBeInTheDocument();
    expect(shown).toEqual([
      ['auth-gateway', 'cart-service', 'orders-service', 'search-service'],
    ]);
  });

  it("lists everyone's components when the identity cannot be loaded, as stock does", async () => {
    await renderCatalogList(() =>
      answerLater(() => {
        throw new Error('identity unavailable');
      }),
    );

    expect(
      await screen.findByText('search-service', {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('orders-service')).toBeInTheDocument();
    expect(screen.getByText('list: none')).toBeInTheDocument();
  });

  it('does not count the list again when a picker registers a filter that selects nothing', async () => {
    const queryEntities = await renderSettledOwnedList();
    const counts = listCounts(queryEntities);
    expect(counts).toHaveLength(1);
    expect(JSON.parse(counts[0]).filter).toEqual({
      kind: 'component',
      'relations.ownedBy': ['user:default/ada', 'group:default/checkout'],
    });

    await userEvent.click(
      screen.getByRole('button', { name: 'register an empty filter' }),
    );

    await new Promise(resolve => setTimeout(resolve, 200));
    expect(listCounts(queryEntities)).toEqual(counts);
  });

  it('counts the list again when it is refreshed', async () => {
    const queryEntities = await renderSettledOwnedList();
    const before = listCounts(queryEntities).length;

    await userEvent.click(screen.getByRole('button', { name: 'refresh' }));

    await new Promise(resolve => setTimeout(resolve, 200));
    expect(listCounts(queryEntities)).toHaveLength(before + 1);
  });
});
