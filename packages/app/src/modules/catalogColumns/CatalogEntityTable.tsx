import { ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import {
  ANNOTATION_EDIT_URL,
  ANNOTATION_VIEW_URL,
  CompoundEntityRef,
  Entity,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CodeSnippet, WarningPanel } from '@backstage/core-components';
import { useApiHolder, useRouteRef } from '@backstage/frontend-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { catalogTranslationRef } from '@backstage/plugin-catalog';
import {
  EntityPresentationApi,
  EntitySearchBar,
  catalogReactTranslationRef,
  entityPresentationApiRef,
  entityPresentationSnapshot,
  entityRouteParams,
  entityRouteRef,
  getEntityRelations,
  useEntityList,
  useStarredEntities,
} from '@backstage/plugin-catalog-react';
import {
  Flex,
  TablePagination,
  TablePaginationProps,
  Text,
} from '@backstage/ui';
import {
  RiEditLine,
  RiExternalLinkLine,
  RiStarFill,
  RiStarLine,
} from '@remixicon/react';
import { CatalogColumn, CatalogRow } from '@callboard/catalog-columns';
import pluralize from 'pluralize';
import { columnsFor } from './catalogTableColumns';
import { EntityRowsTable, RowSort } from './EntityRowsTable';
import styles from './CatalogEntityTable.module.css';

/** Rows per page when the page is not paginated by the catalog (`pagination: false`). */
const CLIENT_PAGE_SIZE = 20;

function toRow(
  entity: Entity,
  presentation: EntityPresentationApi | undefined,
): CatalogRow {
  return {
    id: stringifyEntityRef(entity),
    entity,
    // The table lists one kind, so its names leave the kind out ("orders-api", not
    // "api:orders-api"), as stock's name column does.
    title: entityPresentationSnapshot(
      entity,
      { defaultKind: entity.kind },
      presentation,
    ).primaryTitle,
    ownedBy: getEntityRelations(entity, RELATION_OWNED_BY),
    partOfSystem: getEntityRelations(entity, RELATION_PART_OF, {
      kind: 'system',
    }),
  };
}

function sortRows(
  rows: CatalogRow[],
  columns: CatalogColumn[],
  sort: RowSort | null,
) {
  const column = columns.find(c => c.id === sort?.column);
  if (!sort || !column?.sortValue) return rows;
  const value = column.sortValue;
  const direction = sort.direction === 'descending' ? -1 : 1;
  return [...rows].sort(
    (a, b) => direction * value(a).localeCompare(value(b), 'en-US'),
  );
}

/** Opens the entity's view or edit URL in a new tab; disabled when the entity has none. */
function OpenUrlAction({
  label,
  url,
  icon,
}: {
  label: string;
  url: string | undefined;
  icon: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      disabled={!url}
      onClick={() => window.open(url, '_blank', 'noopener')}
    >
      {icon}
    </button>
  );
}

/** View, edit and star: stock's row actions. */
function RowActions({ entity }: { entity: Entity }) {
  const { t } = useTranslationRef(catalogTranslationRef);
  const { isStarredEntity, toggleStarredEntity } = useStarredEntities();
  const viewUrl = entity.metadata.annotations?.[ANNOTATION_VIEW_URL];
  const editUrl = entity.metadata.annotations?.[ANNOTATION_EDIT_URL];
  const starred = isStarredEntity(entity);
  const starTitle = starred
    ? t('catalogTable.unStarActionTitle')
    : t('catalogTable.starActionTitle');
  return (
    <span className={styles.actions}>
      <OpenUrlAction
        label={t('catalogTable.viewActionTitle')}
        url={viewUrl}
        icon={<RiExternalLinkLine aria-hidden size="1.125rem" />}
      />
      <OpenUrlAction
        label={t('catalogTable.editActionTitle')}
        url={editUrl}
        icon={<RiEditLine aria-hidden size="1.125rem" />}
      />
      <button
        type="button"
        aria-label={starTitle}
        title={starTitle}
        aria-pressed={starred}
        onClick={() => toggleStarredEntity(entity)}
      >
        {starred ? (
          <RiStarFill aria-hidden size="1.125rem" className={styles.starred} />
        ) : (
          <RiStarLine aria-hidden size="1.125rem" />
        )}
      </button>
    </span>
  );
}

/**
 * The kind's plural for the title. pluralize keeps a word's case, so an acronym came out all in
 * capitals ("API" as "APIS", in stock's title too); an acronym takes a lower-case "s".
 */
function pluralKind(label: string) {
  return /^[A-Z]{2,}$/.test(label) ? `${label}s` : pluralize(label);
}

function useTitle(isFirstLoad: boolean) {
  const { t } = useTranslationRef(catalogTranslationRef);
  const { loading, entities, filters, totalItems, totalItemsLoading } =
    useEntityList();
  const displayedKind = entities[0]?.kind ?? filters.kind?.value;
  const kindLabel =
    displayedKind?.toLowerCase() === filters.kind?.value?.toLowerCase()
      ? filters.kind?.label || ''
      : displayedKind || '';
  const preamble = filters.user?.value ?? t('catalogTable.allFilters');
  const words = [
    preamble.charAt(0).toUpperCase() + preamble.slice(1),
    filters.type?.value,
    kindLabel && pluralKind(kindLabel),
  ].filter(Boolean);
  const countIsStale = !loading && totalItemsLoading;
  const count =
    typeof totalItems === 'number' && !countIsStale ? ` (${totalItems})` : '';
  const busy = !isFirstLoad && (loading || totalItemsLoading);
  return { title: `${words.join(' ')}${count}`, busy };
}

type Pagination = TablePaginationProps | undefined;

/** The pagination bar's settings for the list's pagination mode; none for a single page. */
function usePagination(rowCount: number): {
  pagination: Pagination;
  clientPage: number;
} {
  const {
    paginationMode,
    pageInfo,
    limit,
    offset,
    setLimit,
    setOffset,
    totalItems,
  } = useEntityList();
  const [clientPage, setClientPage] = useState(0);
  const currentOffset = offset ?? 0;

  // A filter that selects fewer entities leaves the offset past the end: show the last page.
  useEffect(() => {
    if (
      paginationMode === 'offset' &&
      totalItems !== undefined &&
      currentOffset > 0 &&
      currentOffset >= totalItems
    ) {
      setOffset?.(Math.max(0, totalItems - limit));
    }
  }, [paginationMode, totalItems, currentOffset, limit, setOffset]);
  useEffect(() => {
    if (clientPage * CLIENT_PAGE_SIZE >= rowCount && clientPage > 0) {
      setClientPage(Math.max(0, Math.ceil(rowCount / CLIENT_PAGE_SIZE) - 1));
    }
  }, [clientPage, rowCount]);

  if (paginationMode === 'cursor') {
    if (!pageInfo?.next && !pageInfo?.prev)
      return { pagination: undefined, clientPage };
    return {
      clientPage,
      pagination: {
        pageSize: limit,
        pageSizeOptions: [],
        totalCount: totalItems,
        getLabel: () => `${rowCount} of ${totalItems ?? '…'}`,
        hasNextPage: Boolean(pageInfo?.next),
        hasPreviousPage: Boolean(pageInfo?.prev),
        onNextPage: () => pageInfo?.next?.(),
        onPreviousPage: () => pageInfo?.prev?.(),
      },
    };
  }
  if (paginationMode === 'offset') {
    return {
      clientPage,
      pagination: {
        pageSize: limit,
        // Stock's sizes, and the configured limit when it is none of them.
        pageSizeOptions: [...new Set([5, 10, 20, 50, 100, limit])].sort(
          (a, b) => a - b,
        ),
        offset: currentOffset,
        totalCount: totalItems,
        hasNextPage:
          totalItems !== undefined && currentOffset + limit < totalItems,
        hasPreviousPage: currentOffset > 0,
        onNextPage: () => setOffset?.(currentOffset + limit),
        onPreviousPage: () => setOffset?.(Math.max(0, currentOffset - limit)),
        onPageSizeChange: setLimit,
      },
    };
  }
  if (rowCount <= CLIENT_PAGE_SIZE)
    return { pagination: undefined, clientPage };
  return {
    clientPage,
    pagination: {
      pageSize: CLIENT_PAGE_SIZE,
      pageSizeOptions: [],
      offset: clientPage * CLIENT_PAGE_SIZE,
      totalCount: rowCount,
      hasNextPage: (clientPage + 1) * CLIENT_PAGE_SIZE < rowCount,
      hasPreviousPage: clientPage > 0,
      onNextPage: () => setClientPage(clientPage + 1),
      onPreviousPage: () => setClientPage(clientPage - 1),
    },
  };
}

/**
 * The catalog's entity list as a plain table in `@backstage/ui`'s look: stock's columns, title,
 * search, row actions and the three pagination modes, without material-table. Stock's table brought
 * material-table, react-beautiful-dnd (a draggable header per column), date-fns and Material
 * UI's pickers: 453 kB of JavaScript the page loaded and ran before its first row (ADR 0067).
 */
export function CatalogEntityTable({
  columns: extra,
}: {
  columns: CatalogColumn[];
}) {
  const { t } = useTranslationRef(catalogTranslationRef);
  const { t: columnTitle } = useTranslationRef(catalogReactTranslationRef);
  // Optional, as in stock's table: without it names fall back to the default presentation.
  const presentation = useApiHolder().get(entityPresentationApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const { loading, error, entities, filters, paginationMode } = useEntityList();

  const hasHadData = useRef(false);
  if (entities.length > 0) hasHadData.current = true;
  const isFirstLoad = loading && !hasHadData.current;

  const kind = (entities[0]?.kind ?? filters.kind?.value)?.toLocaleLowerCase(
    'en-US',
  );
  const typeChosen = filters.type !== undefined;
  const otherNamespaces = entities.some(
    e => (e.metadata.namespace ?? 'default') !== 'default',
  );
  const columns = useMemo(() => {
    const titleOf = (ref: CompoundEntityRef, defaultKind: string) =>
      entityPresentationSnapshot(ref, { defaultKind }, presentation)
        .primaryTitle;
    const hrefOf = (entity: Entity | CompoundEntityRef) =>
      entityRoute?.(entityRouteParams(entity));
    const actions: CatalogColumn = {
      id: 'actions',
      label: 'Actions',
      cell: row => <RowActions entity={row.entity} />,
    };
    return [
      ...columnsFor(extra, {
        kind,
        typeChosen,
        otherNamespaces,
        title: key => columnTitle(`entityTableColumnTitle.${key}`),
        titleOf,
        hrefOf,
      }),
      actions,
    ];
  }, [
    extra,
    kind,
    typeChosen,
    otherNamespaces,
    columnTitle,
    presentation,
    entityRoute,
  ]);

  const [sort, setSort] = useState<RowSort | null>(null);
  const rows = useMemo(() => {
    const all = entities.map(e => toRow(e, presentation));
    // Without the catalog's pagination every entity is here: stock lists them by title.
    return paginationMode === 'none'
      ? [...all].sort((a, b) => a.title.localeCompare(b.title, 'en-US'))
      : all;
  }, [entities, presentation, paginationMode]);
  const sorted = useMemo(
    () => sortRows(rows, columns, sort),
    [rows, columns, sort],
  );
  const { pagination, clientPage } = usePagination(sorted.length);
  const shown =
    paginationMode === 'none' && pagination
      ? sorted.slice(
          clientPage * CLIENT_PAGE_SIZE,
          (clientPage + 1) * CLIENT_PAGE_SIZE,
        )
      : sorted;
  const { title, busy } = useTitle(isFirstLoad);

  if (error) {
    return (
      <WarningPanel
        severity="error"
        title={t('catalogTable.warningPanelTitle')}
      >
        <CodeSnippet language="text" text={error.toString()} />
      </WarningPanel>
    );
  }

  return (
    <div className={styles.card}>
      <Flex justify="between" align="center" className={styles.toolbar}>
        <Flex align="center" gap="2">
          <Text as="h2" variant="title-small" weight="bold" truncate>
            {title}
          </Text>
          {busy && (
            <Text as="span" color="secondary" data-testid="loading-indicator">
              Loading…
            </Text>
          )}
        </Flex>
        <EntitySearchBar />
      </Flex>
      <EntityRowsTable
        columns={columns}
        rows={shown}
        loading={isFirstLoad}
        sort={sort}
        onSort={setSort}
        emptyText="No records to display"
      />
      {pagination && <TablePagination {...pagination} />}
    </div>
  );
}
