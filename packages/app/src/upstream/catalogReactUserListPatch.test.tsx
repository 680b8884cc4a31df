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
 *
 * And it sends the list's first query in the commit that completes its filters. Stock sent it
 * from a 10 ms timer, restarted by every picker that registered a filter, and a timer waits
 * for the main thread, which the loading page keeps busy: the first rows came about 90 ms later
 * than they could. While a filter given in the page's address is not registered yet, the first
 * query is left to the timer, as stock left it.
 *
 * And the autocomplete pickers (lifecycle, tags, namespace) ask for their facets again only when
 * the backend filter they ask with changes. Stock asked again whenever the kind filter's object
 * changed, and the kind picker registers a new object for the same kind once its kinds arrive:
 * every picker asked twice for the same facets while the page loaded.
 */
import { Entity } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  EntityKindPicker,
  EntityLifecyclePicker,
  EntityListProvider,
  MockStarredEntitiesApi,
  starredEntitiesApiRef,
  UserListPicker,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { identityApiOwning } from '../__testUtils__/identityApi';

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { namespace: 'default', name },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});

const entities: Entity[] = [
  component('auth-gateway', 'platform'),
  component('cart-service', 'checkout'),
  component('orders-service', 'checkout'),
  component('search-service', 'discovery'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { namespace: 'default', name: 'orders-api' },
    spec: { type: 'openapi', lifecycle: 'experimental', owner: 'checkout' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/checkout' }],
  },
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

async function renderCatalogList(
  getOwnershipEntityRefs: () => Promise<string[]>,
  options: {
    address?: string;
    lifecyclePicker?: boolean;
    facetsAnswerLater?: boolean;
  } = {},
) {
  const catalogApi = catalogApiMock({ entities });
  const queryEntities = jest.spyOn(catalogApi, 'queryEntities');
  const answerFacets = catalogApi.getEntityFacets.bind(catalogApi);
  const getEntityFacets = jest
    .spyOn(catalogApi, 'getEntityFacets')
    .mockImplementation(async request => {
      if (options.facetsAnswerLater) {
        // As on a full load: the pickers' facets answer after the user's ownership is known.
        await answerLater(() => undefined);
      }
      return answerFacets(request);
    });
  const identityApi = identityApiOwning(getOwnershipEntityRefs);
  const shown: string[][] = [];
  await renderInTestApp(
    <EntityListProvider pagination>
      <EntityKindPicker initialFilter="component" />
      <UserListPicker initialFilter="owned" />
      {options.lifecyclePicker && <EntityLifecyclePicker />}
      <ListRecorder shown={shown} />
    </EntityListProvider>,
    {
      apis: [
        [catalogApiRef, catalogApi],
        [identityApiRef, identityApi],
        [starredEntitiesApiRef, new MockStarredEntitiesApi()],
      ],
      initialRouteEntries: options.address ? [options.address] : undefined,
    },
  );
  return { queryEntities, getEntityFacets, shown };
}

/**
 * Holds back every 10 ms timer (the list's debounce) until `release`, so a test sees what the
 * page does while its main thread is too busy for timers to run.
 */
function holdTenMillisecondTimers() {
  const realSetTimeout = window.setTimeout;
  const held: Array<() => void> = [];
  const spy = jest.spyOn(window, 'setTimeout').mockImplementation(((
    callback: () => void,
    ms?: number,
  ) => {
    if (ms === 10) {
      held.push(callback);
      return 0;
    }
    return realSetTimeout(callback, ms);
  }) as typeof window.setTimeout);
  return {
    held,
    release: () => {
      spy.mockRestore();
      held.splice(0).forEach(callback => callback());
    },
  };
}

/** The filters of the list's own queries (the counts beside the picker ask for no rows). */
function listQueryFilters(queryEntities: jest.SpyInstance) {
  return queryEntities.mock.calls
    .map(([request]) => request)
    .filter(request => request?.limit !== 0 && !('cursor' in request))
    .map(request => request.filter);
}

/** The filters the lifecycle picker asked for its facets with, in order. */
function lifecycleFacetFilters(getEntityFacets: jest.SpyInstance) {
  return getEntityFacets.mock.calls
    .map(([request]) => request)
    .filter(request => request.facets.includes('spec.lifecycle'))
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

  it('sends the first list query as soon as its filters are complete, not from a timer', async () => {
    const timers = holdTenMillisecondTimers();
    try {
      const { queryEntities } = await renderCatalogList(async () => [
        'user:default/ada',
        'group:default/checkout',
      ]);

      expect(
        await screen.findByText('orders-service', {}, { timeout: 20_000 }),
      ).toBeInTheDocument();
      expect(timers.held.length).toBeGreaterThan(0);
      expect(listQueryFilters(queryEntities)).toEqual([
        {
          kind: 'component',
          'relations.ownedBy': ['user:default/ada', 'group:default/checkout'],
        },
      ]);
    } finally {
      timers.release();
    }
  });

  it("leaves the first query to the timer, as stock does, while a filter from the page's address is unregistered", async () => {
    const timers = holdTenMillisecondTimers();
    let queryEntities: jest.SpyInstance;
    try {
      ({ queryEntities } = await renderCatalogList(
        async () => ['user:default/ada', 'group:default/checkout'],
        {
          address: '/?filters[lifecycles]=production',
          lifecyclePicker: true,
          facetsAnswerLater: true,
        },
      ));
      expect(await screen.findByText('list: owned')).toBeInTheDocument();
      await new Promise(resolve => setTimeout(resolve, 100));
      expect(listQueryFilters(queryEntities)).toEqual([]);
    } finally {
      timers.release();
    }

    expect(
      await screen.findByText('orders-service', {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
    // Once its picker has registered it, the address's filter is in the query.
    await waitFor(() =>
      expect(listQueryFilters(queryEntities).at(-1)).toEqual({
        kind: 'component',
        'spec.lifecycle': ['production'],
        'relations.ownedBy': ['user:default/ada', 'group:default/checkout'],
      }),
    );
  });

  /** The checkout team's list with a lifecycle picker, shown; its facet requests recorded. */
  async function renderListWithLifecyclePicker() {
    const { getEntityFacets } = await renderCatalogList(
      async () => ['user:default/ada', 'group:default/checkout'],
      { lifecyclePicker: true },
    );
    expect(
      await screen.findByText('orders-service', {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
    return getEntityFacets;
  }

  it("asks for a picker's facets once per kind, not again when the kind picker re-registers the same kind", async () => {
    const getEntityFacets = await renderListWithLifecyclePicker();
    expect(await screen.findByText('Lifecycle')).toBeInTheDocument();
    await new Promise(resolve => setTimeout(resolve, 200));

    // Once before the kind picker has registered its kind, once with it.
    expect(lifecycleFacetFilters(getEntityFacets)).toEqual([
      {},
      { kind: 'component' },
    ]);
  });

  it("asks for a picker's facets again when the kind changes", async () => {
    const getEntityFacets = await renderListWithLifecyclePicker();

    fireEvent.mouseDown(screen.getByRole('button', { name: /component/i }));
    fireEvent.click(await screen.findByRole('option', { name: 'API' }));

    await waitFor(() =>
      expect(lifecycleFacetFilters(getEntityFacets).at(-1)).toEqual({
        kind: 'api',
      }),
    );
  });
});
