// A dense, accessible table with optional row selection; columns render their own cells.
import type { ReactNode } from 'react';
import './data-table.css';

export interface Column<T> {
  key: string;
  header: ReactNode;
  render: (row: T) => ReactNode;
  width?: string;
  align?: 'left' | 'right' | 'center';
  className?: string;
  /** The API's sort field for this column: the header becomes a button toggling ascending/descending. */
  sortField?: string;
}

interface Props<T> {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  empty?: ReactNode;
  caption?: ReactNode;
  rowClassName?: (row: T) => string | undefined;
  /** Extra attributes per row, e.g. data-* hooks for tests. */
  rowProps?: (row: T) => Record<string, string>;
  /** When given, a checkbox column selects rows by key. */
  selection?: {
    selected: ReadonlySet<string>;
    onChange: (next: Set<string>) => void;
    label: (row: T) => string;
    allLabel: string;
    disabled?: (row: T) => boolean;
  };
  /** Server-side sort: `field` or `-field` (descending); a sortable header sets it. */
  sort?: { value: string | undefined; onChange: (next: string) => void };
}

function SortHeader({
  header,
  field,
  sort,
}: {
  header: ReactNode;
  field: string;
  sort: { value: string | undefined; onChange: (next: string) => void };
}) {
  const dir = sort.value === field ? 'asc' : sort.value === `-${field}` ? 'desc' : undefined;
  return (
    <button
      type="button"
      className="th-sort"
      data-sort-field={field}
      onClick={() => sort.onChange(dir === 'asc' ? `-${field}` : field)}
    >
      {header}
      <span className="th-sort-mark" aria-hidden="true">
        {dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : '↕'}
      </span>
    </button>
  );
}

export function DataTable<T>({
  columns,
  rows,
  rowKey,
  empty,
  caption,
  rowClassName,
  rowProps,
  selection,
  sort,
}: Props<T>) {
  const selectable = selection ? rows.filter((r) => !selection.disabled?.(r)) : [];
  const allSelected =
    !!selection && selectable.length > 0 && selectable.every((r) => selection.selected.has(rowKey(r)));
  const someSelected = !!selection && selectable.some((r) => selection.selected.has(rowKey(r)));
  return (
    <div className="table-wrap">
      <table className="table">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead>
          <tr>
            {selection && (
              <th className="col-check" scope="col">
                <input
                  type="checkbox"
                  aria-label={selection.allLabel}
                  checked={allSelected}
                  ref={(el) => {
                    if (el) el.indeterminate = someSelected && !allSelected;
                  }}
                  onChange={() => {
                    const next = new Set(selection.selected);
                    for (const r of selectable) {
                      if (allSelected) next.delete(rowKey(r));
                      else next.add(rowKey(r));
                    }
                    selection.onChange(next);
                  }}
                />
              </th>
            )}
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                style={{ width: c.width, textAlign: c.align }}
                className={c.className}
                aria-sort={
                  sort && c.sortField
                    ? sort.value === c.sortField
                      ? 'ascending'
                      : sort.value === `-${c.sortField}`
                        ? 'descending'
                        : 'none'
                    : undefined
                }
              >
                {sort && c.sortField ? (
                  <SortHeader header={c.header} field={c.sortField} sort={sort} />
                ) : (
                  c.header
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length + (selection ? 1 : 0)} className="table-empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => {
              const k = rowKey(row);
              return (
                <tr key={k} className={rowClassName?.(row)} {...rowProps?.(row)}>
                  {selection && (
                    <td className="col-check">
                      <input
                        type="checkbox"
                        aria-label={selection.label(row)}
                        checked={selection.selected.has(k)}
                        disabled={selection.disabled?.(row)}
                        onChange={(e) => {
                          const next = new Set(selection.selected);
                          if (e.target.checked) next.add(k);
                          else next.delete(k);
                          selection.onChange(next);
                        }}
                      />
                    </td>
                  )}
                  {columns.map((c) => (
                    <td key={c.key} style={{ textAlign: c.align }} className={c.className}>
                      {c.render(row)}
                    </td>
                  ))}
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}
