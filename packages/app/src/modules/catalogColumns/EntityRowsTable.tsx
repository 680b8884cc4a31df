import { memo } from 'react';
import { Skeleton } from '@backstage/ui';
import { RiArrowDownSLine, RiArrowUpSLine } from '@remixicon/react';
import { CatalogColumn, CatalogRow } from '@callboard/catalog-columns';
import styles from './CatalogEntityTable.module.css';

export type RowSort = { column: string; direction: 'ascending' | 'descending' };

/** Rows drawn while the first page loads, as placeholders of the table's height. */
const PLACEHOLDER_ROWS = 3;

const Row = memo(function EntityRow({
  row,
  columns,
}: {
  row: CatalogRow;
  columns: CatalogColumn[];
}) {
  return (
    <tr>
      {columns.map(column =>
        column.id === 'name' ? (
          <th key={column.id} scope="row">
            {column.cell(row)}
          </th>
        ) : (
          <td key={column.id}>{column.cell(row)}</td>
        ),
      )}
    </tr>
  );
});

function HeaderCell({
  column,
  sort,
  onSort,
}: {
  column: CatalogColumn;
  sort: RowSort | null;
  onSort: (sort: RowSort) => void;
}) {
  if (!column.sortValue) return <th scope="col">{column.label}</th>;
  const direction = sort?.column === column.id ? sort.direction : undefined;
  const next =
    direction === 'ascending' ? 'descending' : ('ascending' as const);
  const Arrow = direction === 'descending' ? RiArrowDownSLine : RiArrowUpSLine;
  return (
    <th scope="col" aria-sort={direction ?? 'none'}>
      <button
        type="button"
        className={styles.sort}
        onClick={() => onSort({ column: column.id, direction: next })}
      >
        {column.label}
        <Arrow
          aria-hidden
          size="1em"
          className={direction ? styles.sorted : styles.unsorted}
        />
      </button>
    </th>
  );
}

/**
 * The rows as a plain HTML table. `@backstage/ui`'s table (a react-aria grid) was measured first:
 * its focus, press and selection handling for every row and cell made a full load of `/catalog`
 * slower than stock's material-table (ADR 0067). Rows are read and followed by their links, so
 * the table needs none of a grid's keyboard model.
 */
export function EntityRowsTable({
  columns,
  rows,
  loading,
  sort,
  onSort,
  emptyText,
}: {
  columns: CatalogColumn[];
  rows: CatalogRow[];
  /** The first page is loading: placeholders instead of rows. */
  loading: boolean;
  sort: RowSort | null;
  onSort: (sort: RowSort) => void;
  emptyText: string;
}) {
  let body;
  if (loading) {
    body = Array.from({ length: PLACEHOLDER_ROWS }, (_, i) => (
      <tr key={i}>
        {columns.map(column => (
          <td key={column.id}>
            <Skeleton width="80%" height={16} />
          </td>
        ))}
      </tr>
    ));
  } else if (rows.length === 0) {
    body = (
      <tr>
        <td colSpan={columns.length} className={styles.empty}>
          {emptyText}
        </td>
      </tr>
    );
  } else {
    body = rows.map(row => <Row key={row.id} row={row} columns={columns} />);
  }
  return (
    <div className={styles.scroll}>
      <table className={styles.table} aria-busy={loading}>
        <thead>
          <tr>
            {columns.map(column => (
              <HeaderCell
                key={column.id}
                column={column}
                sort={sort}
                onSort={onSort}
              />
            ))}
          </tr>
        </thead>
        <tbody>{body}</tbody>
      </table>
    </div>
  );
}
