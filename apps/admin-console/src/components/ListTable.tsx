import { Fragment, type ReactNode } from 'react';
import './ListTable.css';

/** One column of a list: its header, and what each row shows in it. */
export interface Column<T> {
  readonly label: string;
  readonly cell: (row: T) => ReactNode;
  /** Ids, emails, names the console cannot shorten: they may wrap anywhere. */
  readonly long?: boolean;
  /** A header cell of its own (a sortable one) instead of the plain `<th>` of `label`. */
  readonly head?: ReactNode;
}

/**
 * A list as a real table inside `.table-wrap`: on a narrow screen the table scrolls inside its wrap
 * rather than breaking short words letter by letter; `long` columns (ids, emails) wrap anywhere.
 */
export function ListTable<T>({ columns, rows, rowKey, caption }: {
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  caption?: string;
}) {
  return (
    <div className="table-wrap">
      <table className="list-table">
        {caption ? <caption className="muted">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((column) =>
              column.head ? (
                <Fragment key={column.label}>{column.head}</Fragment>
              ) : (
                <th key={column.label} scope="col">
                  {column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.label} className={column.long ? 'long' : undefined}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
