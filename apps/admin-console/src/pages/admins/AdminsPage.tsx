import { useState } from 'react';
import type { Page } from '../../api/client';
import type { ApiError } from '../../api/errors';
import { useApi } from '../../app/session-context';
import { asApiError, useLoad } from '../../app/use-load';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadFailed } from '../../components/States';
import { PagedList } from '../../components/PagedList';
import { AdminAuthoritiesDialog } from './AdminAuthoritiesDialog';
import { AdminsTable } from './AdminsTable';
import { NewAdminDialog } from './NewAdminDialog';
import type { Admin } from './types';

const PAGE_SIZE = 25;

export function AdminsPage() {
  const api = useApi();
  const [skip, setSkip] = useState(0);
  const [creating, setCreating] = useState(false);
  const [busyId, setBusyId] = useState<string>();
  const [refused, setRefused] = useState<ApiError>();
  const [notice, setNotice] = useState<string>();
  const [refusedIds, setRefusedIds] = useState<ReadonlySet<string>>(new Set());
  const [showing, setShowing] = useState<Admin>();
  const admins = useLoad(() => api.get<Page<Admin>>('/v1/admins', { limit: PAGE_SIZE, skip }), [api, skip]);
  // Disabling stops the admin's tokens at once; the last enabled platform owner is refused (409 LAST_OWNER).
  // A 403 is about this admin (it holds authorities the caller lacks, docs/admin-api.md), so only its toggle goes off.
  const toggle = async (admin: Admin) => {
    setBusyId(admin.id);
    setRefused(undefined);
    setNotice(undefined);
    try {
      await api.patch<Admin>(`/v1/admins/${admin.id}`, { disabled: !admin.disabled });
      setNotice(`${admin.username} is ${admin.disabled ? 'enabled' : 'disabled'}.`);
      admins.reload();
    } catch (caught) {
      const error = asApiError(caught);
      if (error.status === 403) setRefusedIds((ids) => new Set(ids).add(admin.id));
      setRefused(error);
    }
    setBusyId(undefined);
  };
  const newButton = (
    <button type="button" className="primary" onClick={() => setCreating(true)}>
      New admin
    </button>
  );
  return (
    <section>
      <div className="toolbar">
        <h1>Admins</h1>
        {admins.state === 'ready' && admins.value.total > 0 ? newButton : null}
      </div>
      <ErrorBanner error={refused} />
      <p role="status">{notice}</p>
      <PagedList
        loaded={admins}
        failed={(error) => <LoadFailed error={error} what="page" />}
        empty={<EmptyState text="No admins yet">{newButton}</EmptyState>}
        onSkip={setSkip}
      >
        {(rows) => (
          <AdminsTable rows={rows} busyId={busyId} refused={(admin) => refusedIds.has(admin.id)} onToggle={(admin) => void toggle(admin)} onShowAuthorities={setShowing} />
        )}
      </PagedList>
      {creating ? (
        <NewAdminDialog
          onClose={() => setCreating(false)}
          onCreated={(admin) => {
            setCreating(false);
            setNotice(`${admin.username} is created. Grant it a role on an organization's page.`);
            admins.reload();
          }}
        />
      ) : null}
      {showing ? <AdminAuthoritiesDialog admin={showing} onClose={() => setShowing(undefined)} /> : null}
    </section>
  );
}

