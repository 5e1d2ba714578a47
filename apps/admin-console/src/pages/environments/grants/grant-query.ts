/** Filters of the grant list as the form holds them; empty means "any". */
export interface GrantFilters {
  readonly enabled: '' | 'true' | 'false';
  readonly clientId: string;
  readonly principalId: string;
  readonly title: string;
}

export const NO_FILTERS: GrantFilters = { enabled: '', clientId: '', principalId: '', title: '' };

/** The fields the API sorts on (docs/admin-api.md, "Lists and paging"). */
export type SortField = 'title' | 'enabled' | 'createdAt' | 'updatedAt';

export interface GrantSort {
  readonly field: SortField;
  readonly direction: 1 | -1;
}

/** The API's own order when no sort is asked: creation, oldest first. */
export const DEFAULT_SORT: GrantSort = { field: 'createdAt', direction: 1 };

export const LIMIT = 25;

/** A header click sorts by its column ascending, or flips the direction of the column already sorted on. */
export const sortedBy = (current: GrantSort, field: SortField): GrantSort =>
  current.field === field ? { field, direction: current.direction === 1 ? -1 : 1 } : { field, direction: 1 };

/** The body of POST /v1/authentication-grants/query: this environment's grants, field equality on each filter set. */
export function queryBody(environmentId: string, filters: GrantFilters, sort: GrantSort, skip: number) {
  return {
    query: {
      principalDomainId: environmentId,
      ...(filters.enabled !== '' && { enabled: filters.enabled === 'true' }),
      ...(filters.clientId.trim() !== '' && { clientId: filters.clientId.trim() }),
      ...(filters.principalId.trim() !== '' && { principalId: filters.principalId.trim() }),
      ...(filters.title !== '' && { title: filters.title }),
    },
    sort: { [sort.field]: sort.direction },
    limit: LIMIT,
    skip,
  };
}
