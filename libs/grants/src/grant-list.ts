import { isUUID } from 'class-validator';
import { GrantError } from './grants.errors';

/** Fields a list may sort on (allow-listed only), as in `{"title": -1}`. */
export const SORTABLE_FIELDS = ['title', 'createdAt', 'updatedAt', 'enabled'] as const;
export type SortField = (typeof SORTABLE_FIELDS)[number];
export type GrantSort = ReadonlyArray<readonly [SortField, 'ASC' | 'DESC']>;

/** Field equality a query may ask for (POST /v1/authentication-grants/query). */
export interface GrantFilter {
  readonly enabled?: boolean;
  readonly clientId?: string;
  readonly principalId?: string;
  readonly principalDomainId?: string;
  readonly title?: string;
}

const FILTER_TYPES: Record<keyof GrantFilter, 'boolean' | 'string' | 'uuid'> = {
  enabled: 'boolean',
  clientId: 'string',
  principalId: 'uuid',
  principalDomainId: 'uuid',
  title: 'string',
};

const DEFAULT_SORT: GrantSort = [['createdAt', 'ASC']];

/** A sort given as a JSON string (query parameter) or an object (query body); `{}` or none sorts by creation. */
export function readSort(value: unknown, field = 'sort'): GrantSort {
  if (value === undefined || value === null) return DEFAULT_SORT;
  const sort = typeof value === 'string' ? parseJson(value, field) : value;
  if (typeof sort !== 'object' || sort === null || Array.isArray(sort)) {
    throw new GrantError('INVALID_SORT', `${field} must be an object such as {"title": -1}`, field);
  }
  const entries = Object.entries(sort);
  if (entries.length === 0) return DEFAULT_SORT;
  return entries.map(([name, direction]) => {
    if (!(SORTABLE_FIELDS as readonly string[]).includes(name)) {
      throw new GrantError('INVALID_SORT', `cannot sort on ${name}; sortable: ${SORTABLE_FIELDS.join(', ')}`, `${field}.${name}`);
    }
    if (direction !== 1 && direction !== -1) throw new GrantError('INVALID_SORT', `${field}.${name} must be 1 or -1`, `${field}.${name}`);
    return [name as SortField, direction === 1 ? 'ASC' : 'DESC'] as const;
  });
}

/** A query's field equalities; any other field, or a value of the wrong type, is refused. */
export function readFilter(value: unknown, field = 'query'): GrantFilter {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new GrantError('INVALID_QUERY', `${field} must be an object`, field);
  const filter: Record<string, string | boolean> = {};
  for (const [name, expected] of Object.entries(value)) {
    const at = `${field}.${name}`;
    if (!Object.hasOwn(FILTER_TYPES, name)) {
      throw new GrantError('INVALID_QUERY', `cannot query on ${name}; queryable: ${Object.keys(FILTER_TYPES).join(', ')}`, at);
    }
    const type = FILTER_TYPES[name as keyof GrantFilter];
    if (type === 'boolean' && typeof expected !== 'boolean') throw new GrantError('INVALID_QUERY', `${at} must be true or false`, at);
    if (type !== 'boolean' && (typeof expected !== 'string' || expected.length > 200)) {
      throw new GrantError('INVALID_QUERY', `${at} must be a string of at most 200 characters`, at);
    }
    if (type === 'uuid' && !isUUID(expected as string)) throw new GrantError('INVALID_QUERY', `${at} must be a UUID`, at);
    filter[name] = expected as string | boolean;
  }
  return filter as GrantFilter;
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new GrantError('INVALID_SORT', `${field} must be JSON such as {"title": -1}`, field);
  }
}
