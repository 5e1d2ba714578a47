import { useState } from 'react';
import { Link } from 'react-router';
import type { Page } from '../../api/client';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import { EmptyState } from '../../components/EmptyState';
import { ListTable } from '../../components/ListTable';
import { PageSection, SectionFailed } from '../../components/PageSection';
import { Pager } from '../../components/Pager';
import { SecretOnce, type ShownValue } from '../../components/SecretOnce';
import { Loading } from '../../components/States';
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
  return (
    <PageSection title="Environments" actions={environments.state === 'ready' && environments.value.total > 0 ? newButton : null}>
      {environments.state === 'loading' ? <Loading /> : null}
      {environments.state === 'failed' ? <SectionFailed error={environments.error} what="environments" /> : null}
      {environments.state === 'ready' && environments.value.total === 0 ? <EmptyState text="No environments yet">{newButton}</EmptyState> : null}
      {environments.state === 'ready' && environments.value.total > 0 ? (
        <>
          <ListTable>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">App key</th>
                <th scope="col">Default</th>
              </tr>
            </thead>
            <tbody>
              {environments.value.rows.map((environment) => (
                <tr key={environment.id}>
                  <td>
                    <Link to={`/environments/${environment.id}`}>{environment.name}</Link>
                  </td>
                  <td className="long">
                    <code>{environment.appKey}</code>
                  </td>
                  <td>{environment.id === defaultEnvironmentId ? 'Default' : ''}</td>
                </tr>
              ))}
            </tbody>
          </ListTable>
          <Pager total={environments.value.total} limit={environments.value.limit} skip={environments.value.skip} onSkip={setSkip} />
        </>
      ) : null}
      {creating ? <NewEnvironmentDialog appId={appId} onCreated={created} onClose={() => setCreating(false)} /> : null}
      {issued ? <SecretOnce title="Environment created" values={issued} onDone={() => setIssued(undefined)} /> : null}
    </PageSection>
  );
}
