import type { ReactNode } from 'react';
import './ListTable.css';

/**
 * A list as a real table inside `.table-wrap`: on a narrow screen the table scrolls inside its wrap
 * rather than breaking short words letter by letter; cells marked `long` (ids, emails) wrap anywhere.
 */
export function ListTable({ children }: { children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="list-table">{children}</table>
    </div>
  );
}
