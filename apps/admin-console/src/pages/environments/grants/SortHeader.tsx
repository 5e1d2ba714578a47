import type { GrantSort, SortField } from './grant-query';

/** A column header that sorts the list; `aria-sort` says how the list is sorted now. */
export function SortHeader({ field, label, sort, onSort }: { field: SortField; label: string; sort: GrantSort; onSort: (field: SortField) => void }) {
  const active = sort.field === field;
  return (
    <th scope="col" aria-sort={active ? (sort.direction === 1 ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="sort" onClick={() => onSort(field)}>
        {label}
        <span aria-hidden="true">{active ? (sort.direction === 1 ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}
