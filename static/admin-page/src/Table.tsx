import Button from '@atlaskit/button/new';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import type { ReactNode } from 'react';

type Cell = string | number | null;
export type Row = Readonly<Record<string, Cell>>;

export interface Sort {
  readonly column: string;
  readonly direction: 'asc' | 'desc';
}

const header = (column: string): string => column.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/**
 * A table of report rows, paged and sorted by the resolver (the page never holds a whole report): sortable column
 * headers, and Previous/Next with the position in words.
 */
export function RowsTable(props: {
  readonly label: string;
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  readonly total: number;
  readonly offset: number;
  readonly pageSize: number;
  readonly loading: boolean;
  readonly sort?: Sort | undefined;
  readonly onSort?: (sort: Sort) => void;
  readonly onPage?: (offset: number) => void;
  readonly empty: ReactNode;
  readonly render?: (column: string, value: Cell, row: Row) => ReactNode;
  /** Columns that sort (all, when sorting is offered and this is not given). */
  readonly sortable?: readonly string[];
  /** A header cell's content other than its name (a pick-all box). */
  readonly heading?: (column: string) => ReactNode;
}) {
  const { columns, rows, total, offset, pageSize, onPage } = props;
  const sortable = props.onSort !== undefined;
  return (
    <div>
      <DynamicTableStateless
        label={props.label}
        head={{ cells: columns.map((c) => ({ key: c, content: props.heading?.(c) ?? header(c), isSortable: sortable && (props.sortable === undefined || props.sortable.includes(c)) })) }}
        rows={rows.map((r, i) => ({
          key: `${offset + i}`,
          cells: columns.map((c) => ({ key: c, content: props.render?.(c, r[c] ?? null, r) ?? (r[c] === null || r[c] === undefined ? '' : String(r[c])) })),
        }))}
        isLoading={props.loading}
        loadingSpinnerSize="large"
        emptyView={<div>{props.empty}</div>}
        {...(props.sort === undefined ? {} : { sortKey: props.sort.column, sortOrder: props.sort.direction === 'asc' ? 'ASC' : 'DESC' })}
        onSort={(data: { key: string; sortOrder: 'ASC' | 'DESC' }) => props.onSort?.({ column: data.key, direction: data.sortOrder === 'ASC' ? 'asc' : 'desc' })}
      />
      {onPage === undefined || total <= pageSize ? null : (
        <nav aria-label={`${props.label} pages`} style={{ display: 'flex', gap: 8, alignItems: 'center', marginTop: 8 }}>
          <Button isDisabled={offset === 0 || props.loading} onClick={() => { onPage(Math.max(0, offset - pageSize)); }}>
            Previous
          </Button>
          <span aria-live="polite">
            Rows {(offset + 1).toLocaleString()}–{Math.min(total, offset + pageSize).toLocaleString()} of {total.toLocaleString()}
          </span>
          <Button isDisabled={offset + pageSize >= total || props.loading} onClick={() => { onPage(offset + pageSize); }}>
            Next
          </Button>
        </nav>
      )}
    </div>
  );
}
