import { ReactNode, useMemo, useRef } from 'react';
import {
  EntityListContextProps,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import {
  createVersionedContext,
  createVersionedValueMap,
} from '@backstage/version-bridge';

/**
 * The catalog-react context, by its global key: the table and the filters use the root copy of
 * `@backstage/plugin-catalog-react`, this app its own, and both meet in this one context.
 */
const EntityListContext = createVersionedContext<{
  1: EntityListContextProps;
}>('entity-list-context');

/**
 * What the catalog table (`CatalogEntityTable` and its columns) draws from. Of the filters it
 * reads the kind's value and label, whether a type is set and which, and which user list is
 * shown: the other filters change the table only through the entities they select.
 * `TableEntityList.test.tsx` fails when the table reads another filter.
 */
export const FILTERS_THE_TABLE_READS = ['kind', 'type', 'user'] as const;

const FIELDS_THE_TABLE_READS = [
  'loading',
  'error',
  'totalItems',
  'totalItemsLoading',
  'pageInfo',
  'paginationMode',
  'limit',
  'offset',
  'setLimit',
  'setOffset',
] as const;

type Filter = { value?: unknown; label?: unknown } | undefined;

/**
 * A filter as the table sees it. The list picker registers three "Owned" filters as ownership
 * loads, and the kind picker registers its kind again with a label: the same for the table.
 */
function sameFilter(a: Filter, b: Filter) {
  return (
    a === b ||
    (a !== undefined &&
      b !== undefined &&
      a.value === b.value &&
      a.label === b.label)
  );
}

function sameItems<T>(a: readonly T[], b: readonly T[]) {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function drawsTheSame(
  previous: EntityListContextProps,
  next: EntityListContextProps,
) {
  return (
    FIELDS_THE_TABLE_READS.every(field => previous[field] === next[field]) &&
    FILTERS_THE_TABLE_READS.every(name =>
      sameFilter(
        previous.filters[name] as Filter,
        next.filters[name] as Filter,
      ),
    ) &&
    // The provider derives a new array on every filter change, often with the same entities.
    sameItems(previous.entities, next.entities)
  );
}

/**
 * Gives the catalog table the entity list only when something it draws changes.
 *
 * Each filter picker registers its filter, and loads its facets, as the page loads: a full load
 * of `/catalog` changed the list's context a dozen times before the first row, and each time
 * the stock table (material-table, with a draggable header per column) rendered again although
 * nothing it shows had changed. When the table does render, it gets the list's current value.
 */
export function TableEntityList({ children }: { children: ReactNode }) {
  const list = useEntityList();
  const drawn = useRef(list);
  if (!drawsTheSame(drawn.current, list)) {
    drawn.current = list;
  }
  const current = drawn.current;
  const value = useMemo(
    () => createVersionedValueMap({ 1: current }),
    [current],
  );
  return (
    <EntityListContext.Provider value={value}>
      {children}
    </EntityListContext.Provider>
  );
}
