import { useState } from 'react';
import type { Page } from '../../api/client';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import { Dialog } from '../../components/Dialog';
import { ListTable, type Column } from '../../components/ListTable';
import { PagedList } from '../../components/PagedList';
import { SectionFailed } from '../../components/PageSection';
import type { Authority } from '../organizations/types';
import { labelFor, targetLabels } from './target-labels';
import type { Admin } from './types';

const PAGE_SIZE = 25;

interface NamedAuthorities {
  readonly page: Page<Authority>;
  readonly labels: ReadonlyMap<string, string>;
}

/** The authorities granted to one admin itself (read-only; granted and revoked on an organization's page). */
export function AdminAuthoritiesDialog({ admin, onClose }: { admin: Admin; onClose: () => void }) {
  const api = useApi();
  const [skip, setSkip] = useState(0);
  const loaded = useLoad(async (): Promise<NamedAuthorities> => {
    const page = await api.get<Page<Authority>>('/v1/authorities', { principalType: 'admin', principalId: admin.id, limit: PAGE_SIZE, skip });
    return { page, labels: await targetLabels(api, page.rows.map((authority) => authority.target)) };
  }, [api, admin.id, skip]);
  const labels = loaded.state === 'ready' ? loaded.value.labels : new Map<string, string>();
  const columns: Column<Authority>[] = [
    { label: 'Role', cell: (authority) => authority.role },
    { label: 'Target', long: true, cell: (authority) => labelFor(labels, authority.target) },
    { label: 'Granted', cell: (authority) => new Date(authority.createdAt).toLocaleString() },
  ];
  const pageOf = loaded.state === 'ready' ? { state: 'ready' as const, value: loaded.value.page } : loaded;
  return (
    <Dialog title={`Authorities of ${admin.username}`} onClose={onClose}>
      <PagedList loaded={pageOf} failed={(error) => <SectionFailed error={error} what="its authorities" />} empty={<p>No authorities yet: grant it a role on an organization's page.</p>} onSkip={setSkip}>
        {(rows) => <ListTable columns={columns} rows={rows} rowKey={(authority) => authority.id} />}
      </PagedList>
      <p className="help">Authorities it holds through its groups are not listed here.</p>
      <div className="actions">
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
