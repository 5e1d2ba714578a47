import { useState } from 'react';
import { Link } from 'react-router';
import type { Page } from '../../api/client';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import type { Column } from '../../components/ListTable';
import { ListSection } from '../../components/ListSection';
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
    <ListSection
      title="Environments"
      what="environments"
      emptyText="No environments yet"
      createButton={newButton}
      loaded={environments}
      columns={columns}
      rowKey={(environment) => environment.id}
      onSkip={setSkip}
    >
      {creating ? <NewEnvironmentDialog appId={appId} onCreated={created} onClose={() => setCreating(false)} /> : null}
      {issued ? <SecretOnce title="Environment created" values={issued} onDone={() => setIssued(undefined)} /> : null}
    </ListSection>
  );
}
