import type { Page } from '../../api/client';
import { useApi } from '../../app/session-context';
import { useLoad, type Loaded } from '../../app/use-load';
import type { Organization } from './types';

export const PAGE_SIZE = 25;

/** One page of organizations; a search term is a prefix of the name or display name, matched by the API. */
export function useOrganizationRows(term: string, skip: number, version: number): Loaded<Page<Organization>> {
  const api = useApi();
  const search = term.trim();
  return useLoad(() => api.get<Page<Organization>>('/v1/organizations', { limit: PAGE_SIZE, skip, search: search || undefined }), [api, search, skip, version]);
}
