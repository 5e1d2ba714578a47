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
  const searching = term.trim().length > 0;
  const paged = useLoad(
    () => (searching ? Promise.resolve(undefined) : api.get<Page<Organization>>('/v1/organizations', { limit: PAGE_SIZE, skip })),
    [api, searching, skip, version],
  );
  const everything = useLoad(() => (searching ? allOrganizations(api) : Promise.resolve(undefined)), [api, searching, version]);
  const source = searching ? everything : paged;
  if (source.state !== 'ready' || source.value === undefined) return source.state === 'failed' ? source : { state: 'loading' };
  if (!searching) return { state: 'ready', value: source.value as Page<Organization> };
  const wanted = term.trim().toLowerCase();
  const matching = (source.value as Organization[]).filter((row) => row.name.includes(wanted) || row.displayName.toLowerCase().includes(wanted));
  return { state: 'ready', value: { total: matching.length, limit: PAGE_SIZE, skip, rows: matching.slice(skip, skip + PAGE_SIZE) } };
}
