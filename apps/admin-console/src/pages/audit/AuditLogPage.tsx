import { useState } from 'react';
import type { Page } from '../../api/client';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import { ErrorBanner } from '../../components/ErrorBanner';
import { invalidInput } from '../../components/use-submit';
import { PagedList } from '../../components/PagedList';
import type { Admin } from '../admins/types';
import { allOrganizations } from '../organizations/all-organizations';
import { auditQuery, filterProblems } from './audit-query';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { NO_FILTERS, type AuditEvent, type AuditFilterValues } from './types';
import './audit.css';

const PAGE_SIZE = 25;

export function AuditLogPage() {
  const api = useApi();
  const [filters, setFilters] = useState<AuditFilterValues>(NO_FILTERS);
  const [skip, setSkip] = useState(0);
  const organizations = useLoad(() => allOrganizations(api).catch(() => []), [api]);
  const admins = useLoad(() => api.get<Page<Admin>>('/v1/admins', { limit: 100 }).then((page) => page.rows, () => []), [api]);
  const names = new Map<string, string>([
    ...(admins.state === 'ready' ? admins.value.map((admin) => [admin.id, admin.username] as const) : []),
    ...(organizations.state === 'ready' ? organizations.value.map((organization) => [organization.id, organization.name] as const) : []),
  ]);
  // Filters the console finds wrong are not sent: the table keeps the last good answer meanwhile.
  const [applied, setApplied] = useState<AuditFilterValues>(NO_FILTERS);
  const problems = filterProblems(filters);
  const refusedLocally = problems.length > 0 ? invalidInput(problems) : undefined;
  const events = useLoad(() => api.get<Page<AuditEvent>>('/v1/audit-events', auditQuery(applied, PAGE_SIZE, skip)), [api, applied, skip]);
  const platformRefused = events.state === 'failed' && (events.error.status === 403 || events.error.status === 404) && !applied.organizationId;
  return (
    <section>
      <h1>Audit log</h1>
      <AuditFilters
        values={filters}
        organizations={organizations.state === 'ready' ? organizations.value : []}
        problems={refusedLocally ?? (events.state === 'failed' ? events.error : undefined)}
        onChange={(next) => {
          setFilters(next);
          if (filterProblems(next).length > 0) return;
          setApplied(next);
          setSkip(0);
        }}
      />
      <ErrorBanner error={refusedLocally} />
      <PagedList
        loaded={events}
        failed={(error) => (platformRefused ? <p>Choose an organization to see its events.</p> : <ErrorBanner error={error} />)}
        empty={<p>No events match these filters.</p>}
        onSkip={setSkip}
      >
        {(rows) => <AuditTable rows={rows} names={names} />}
      </PagedList>
    </section>
  );
}
