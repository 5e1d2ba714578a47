import { useState } from 'react';
import { Link } from 'react-router';
import type { Page } from '../../api/client';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import { EmptyState } from '../../components/EmptyState';
import { ListTable } from '../../components/ListTable';
import { PageSection, SectionFailed } from '../../components/PageSection';
import { Pager } from '../../components/Pager';
import { Loading } from '../../components/States';
import { NewAppDialog } from './NewAppDialog';
import type { App } from './types';

const PAGE_SIZE = 25;

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
      {apps.state === 'loading' ? <Loading /> : null}
      {apps.state === 'failed' ? <SectionFailed error={apps.error} what="apps" /> : null}
      {apps.state === 'ready' && apps.value.total === 0 ? <EmptyState text="No apps yet">{newButton}</EmptyState> : null}
      {apps.state === 'ready' && apps.value.total > 0 ? (
        <>
          <ListTable>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Display name</th>
              </tr>
            </thead>
            <tbody>
              {apps.value.rows.map((app) => (
                <tr key={app.id}>
                  <td>
                    <Link to={`/apps/${app.id}`}>{app.name}</Link>
                  </td>
                  <td>{app.displayName}</td>
                </tr>
              ))}
            </tbody>
          </ListTable>
          <Pager total={apps.value.total} limit={apps.value.limit} skip={apps.value.skip} onSkip={setSkip} />
        </>
      ) : null}
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
