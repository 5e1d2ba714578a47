import { useState } from 'react';
import { Link } from 'react-router';
import type { Page } from '../../api/client';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import { EmptyState } from '../../components/EmptyState';
import { ListTable, type Column } from '../../components/ListTable';
import { PagedList } from '../../components/PagedList';
import { PageSection, SectionFailed } from '../../components/PageSection';
import { SecretOnce, type ShownValue } from '../../components/SecretOnce';
import { NewEnvironmentDialog } from './NewEnvironmentDialog';
import type { Environment, EnvironmentWithSecret } from './types';

const PAGE_SIZE = 25;

export function EnvironmentsSection({ appId, defaultEnvironmentId }: { appId: string; defaultEnvironmentId: string | null }) {
  const api = useApi();
  const [skip, setSkip] = useState(0);
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<readonly ShownValue[]>();
  const environments = useLoad(() => api.get<Page<Environment>>(`/v1/apps/${appId}/environments`, { limit: PAGE_SIZE, skip }), [api, appId, skip]);
  const created = (environment: EnvironmentWithSecret) => {
    setCreating(false);
    setIssued([
      { label: 'App key', value: environment.appKey },
      { label: 'App secret', value: environment.appSecret },
    ]);
    environments.reload();
  };
  const newButton = (
    <button type="button" className="primary" onClick={() => setCreating(true)}>
      New environment
    </button>
  );
  const columns: Column<Environment>[] = [
    { label: 'Name', cell: (environment) => <Link to={`/environments/${environment.id}`}>{environment.name}</Link> },
    { label: 'App key', long: true, cell: (environment) => <code>{environment.appKey}</code> },
    { label: 'Default', cell: (environment) => (environment.id === defaultEnvironmentId ? 'Default' : '') },
  ];
  return (
    <PageSection title="Environments" actions={environments.state === 'ready' && environments.value.total > 0 ? newButton : null}>
      <PagedList
        loaded={environments}
        failed={(error) => <SectionFailed error={error} what="environments" />}
        empty={<EmptyState text="No environments yet">{newButton}</EmptyState>}
        onSkip={setSkip}
      >
        {(rows) => <ListTable columns={columns} rows={rows} rowKey={(environment) => environment.id} />}
      </PagedList>
      {creating ? <NewEnvironmentDialog appId={appId} onCreated={created} onClose={() => setCreating(false)} /> : null}
      {issued ? <SecretOnce title="Environment created" values={issued} onDone={() => setIssued(undefined)} /> : null}
    </PageSection>
  );
}
