import type { Api, Page } from '../../api/client';
import type { Organization } from './types';

const MOST = 100;

/** Every organization the caller may read, fetched page by page (the list route answers at most 100 rows). */
export async function allOrganizations(api: Api): Promise<Organization[]> {
  const rows: Organization[] = [];
  for (let skip = 0; ; skip += MOST) {
    const page = await api.get<Page<Organization>>('/v1/organizations', { limit: MOST, skip });
    rows.push(...page.rows);
    if (page.rows.length === 0 || skip + MOST >= page.total) return rows;
  }
}
