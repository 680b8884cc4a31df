/**
 * `.yarn/patches/@backstage-plugin-catalog-react-*.patch` makes the catalog's "Owned" list
 * (the page's default) apply as soon as the signed-in user's ownership references are known.
 * Stock applied it only once the count of owned entities had come back, so the list's first
 * query went out without it: the page drew everyone's components, then swapped in the user's
 * own a round trip later. These tests fail when an upgrade drops the patch, and check that a
 * user who owns nothing still lands on "All", as stock does.
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
  const { entities: listed, loading, filters } = useEntityList();
  const names = listed.map(e => e.metadata.name);
  if (!loading && names.length && shown.at(-1)?.join() !== names.join()) {
    shown.push(names);
  }
  return (
    <>
      <p>list: {filters.user?.value ?? 'none'}</p>
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
});
