import { useState } from 'react';
import { Link } from 'react-router';
import type { Page } from '../../api/client';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import type { Column } from '../../components/ListTable';
import { ListSection } from '../../components/ListSection';
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
    <ListSection
      title="Apps"
      what="apps"
      emptyText="No apps yet"
      createButton={newButton}
      loaded={apps}
      columns={APP_COLUMNS}
      rowKey={(app) => app.id}
      onSkip={setSkip}
    >
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
    </ListSection>
  );
}
