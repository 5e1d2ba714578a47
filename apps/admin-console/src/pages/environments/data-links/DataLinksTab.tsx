import { useState } from 'react';
import type { Page } from '../../../api/client';
import { useApi } from '../../../app/session-context';
import { useLoad } from '../../../app/use-load';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { PagedList } from '../../../components/PagedList';
import { TabToolbar } from '../TabToolbar';
import type { AuthServiceSummary, EnvironmentView } from '../types';
import { useRowActions } from '../use-row-actions';
import { changedFields, dataLinkBody, formOf, NEW_DATA_LINK } from './data-link-form';
import { DataLinkDialog } from './DataLinkDialog';
import { DataLinksTable } from './DataLinksTable';
import type { DataLink } from './types';

const LIMIT = 25;

/** The environment's data links: backends the gateway proxies /datalink/<name>/… to (docs/admin-api.md#data-links). */
export function DataLinksTab({ environment }: { environment: EnvironmentView }) {
  const api = useApi();
  const [skip, setSkip] = useState(0);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<DataLink>();
  const [deleting, setDeleting] = useState<DataLink>();
  const links = useLoad(() => api.get<Page<DataLink>>(`/v1/environments/${environment.id}/data-links`, { limit: LIMIT, skip }), [api, environment.id, skip]);
  const services = useLoad(() => api.get<Page<AuthServiceSummary>>('/v1/auth-services', { environmentId: environment.id, limit: 100 }), [api, environment.id]);
  const serviceRows = services.state === 'ready' ? services.value.rows : [];
  const actions = useRowActions(links.reload);
  return (
    <>
      <TabToolbar title="Data links" action="New data link" onAction={() => setCreating(true)} />
      <ErrorBanner error={actions.error} />
      {services.state === 'failed' ? <ErrorBanner error={services.error} /> : null}
      <PagedList loaded={links} empty={<EmptyState text="No data links yet" />} onSkip={setSkip}>
        {(rows) => <DataLinksTable links={rows} services={serviceRows} allowed={actions.allowed} onEdit={setEditing} onDelete={setDeleting} />}
      </PagedList>
      {creating ? (
        <DataLinkDialog
          title="New data link"
          initial={NEW_DATA_LINK}
          editing={false}
          services={serviceRows}
          send={(link) => api.post<DataLink>(`/v1/environments/${environment.id}/data-links`, dataLinkBody(link))}
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            links.reload();
          }}
        />
      ) : null}
      {editing ? (
        <DataLinkDialog
          title={`Edit data link ${editing.name}`}
          initial={formOf(editing)}
          editing
          services={serviceRows}
          send={(link) => api.patch<DataLink>(`/v1/data-links/${editing.id}`, changedFields(formOf(editing), link))}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            links.reload();
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmAction
          title={`Delete data link ${deleting.name}?`}
          message={`The gateway stops proxying /datalink/${deleting.name}/ at once.`}
          action="Delete"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.delete(`/v1/data-links/${deleting.id}`);
            setDeleting(undefined);
            links.reload();
          }}
        />
      ) : null}
    </>
  );
}
