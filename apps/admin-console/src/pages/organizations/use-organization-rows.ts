import type { Page } from '../../api/client';
import { useApi } from '../../app/session-context';
import { useLoad, type Loaded } from '../../app/use-load';
import { allOrganizations } from './all-organizations';
import type { Organization } from './types';

export const PAGE_SIZE = 25;

/**
 * One page of organizations. `GET /v1/organizations` has no search parameter, so a search term
 * reads every organization the caller may see and filters names and display names here.
 */
export function useOrganizationRows(term: string, skip: number, version: number): Loaded<Page<Organization>> {
  const api = useApi();
  const wanted = term.trim().toLowerCase();
  const searching = wanted.length > 0;
  const paged = useLoad<Page<Organization> | undefined>(
    () => (searching ? Promise.resolve(undefined) : api.get<Page<Organization>>('/v1/organizations', { limit: PAGE_SIZE, skip })),
    [api, searching, skip, version],
  );
  const everything = useLoad<Organization[] | undefined>(() => (searching ? allOrganizations(api) : Promise.resolve(undefined)), [api, searching, version]);
  if (!searching) return paged.state === 'ready' && paged.value ? { state: 'ready', value: paged.value } : paged.state === 'failed' ? paged : { state: 'loading' };
  if (everything.state === 'failed') return everything;
  if (everything.state === 'loading' || !everything.value) return { state: 'loading' };
  const matching = everything.value.filter((row) => row.name.includes(wanted) || row.displayName.toLowerCase().includes(wanted));
  return { state: 'ready', value: { total: matching.length, limit: PAGE_SIZE, skip, rows: matching.slice(skip, skip + PAGE_SIZE) } };
}
