import { useState } from 'react';
import { Link } from 'react-router';
import type { Page } from '../../api/client';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import { EmptyState } from '../../components/EmptyState';
import { ListTable, type Column } from '../../components/ListTable';
import { PagedList } from '../../components/PagedList';
import { PageSection, SectionFailed } from '../../components/PageSection';
import { NewAppDialog } from './NewAppDialog';
import type { App } from './types';

const PAGE_SIZE = 25;

const APP_COLUMNS: Column<App>[] = [
  { label: 'Name', cell: (app) => <Link to={`/apps/${app.id}`}>{app.name}</Link> },
  { label: 'Display name', cell: (app) => app.displayName },
];

export function AppsSection({ organizationId }: { organizationId: string }) {
  const api = useApi();
  const [skip, setSkip] = useState(0);
  const [creating, setCreating] = useState(false);
  const apps = useLoad(() => api.get<Page<App>>(`/v1/organizations/${organizationId}/apps`, { limit: PAGE_SIZE, skip }), [api, organizationId, skip]);
  const newButton = (
    <button type="button" className="primary" onClick={() => setCreating(true)}>
      New app
    </button>
  );
  return (
    <PageSection title="Apps" actions={apps.state === 'ready' && apps.value.total > 0 ? newButton : null}>
      <PagedList
        loaded={apps}
        failed={(error) => <SectionFailed error={error} what="apps" />}
        empty={<EmptyState text="No apps yet">{newButton}</EmptyState>}
        onSkip={setSkip}
      >
        {(rows) => <ListTable columns={APP_COLUMNS} rows={rows} rowKey={(app) => app.id} />}
      </PagedList>
      {creating ? (
        <NewAppDialog
          organizationId={organizationId}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            apps.reload();
          }}
        />
      ) : null}
    </PageSection>
  );
}
