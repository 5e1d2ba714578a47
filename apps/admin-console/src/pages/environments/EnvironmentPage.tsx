import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import { LoadFailed, Loading, NotFound } from '../../components/States';
import { ClientsTab } from './clients/ClientsTab';
import { DataLinksTab } from './data-links/DataLinksTab';
import { DevicesTab } from './devices/DevicesTab';
import { EnvironmentActions } from './EnvironmentActions';
import { EnvironmentTabs, type TabSpec } from './EnvironmentTabs';
import { GrantsTab } from './grants/GrantsTab';
import { IdentityTab } from './identity/IdentityTab';
import { ServicesTab } from './services/ServicesTab';
import type { AppView, EnvironmentView } from './types';
import { UsersTab } from './users/UsersTab';
import './environment-page.css';

/** The tabs, each at its own path under /environments/:id so deep links and reloads keep it. */
const TABS: readonly TabSpec[] = [
  { slug: 'services', label: 'Auth services' },
  { slug: 'identity', label: 'Identity' },
  { slug: 'clients', label: 'Clients' },
  { slug: 'users', label: 'Users' },
  { slug: 'grants', label: 'Authentication grants' },
  { slug: 'data-links', label: 'Data links' },
  { slug: 'devices', label: 'Devices' },
];

export function EnvironmentPage() {
  const { environmentId = '', '*': rest = '' } = useParams();
  const api = useApi();
  const navigate = useNavigate();
  const environment = useLoad(() => api.get<EnvironmentView>(`/v1/environments/${environmentId}`), [api, environmentId]);
  const slug = rest.split('/')[0] || 'services';
  if (!TABS.some((tab) => tab.slug === slug)) return <NotFound what="tab" back={`/environments/${environmentId}`} />;
  if (environment.state === 'loading') return <Loading />;
  if (environment.state === 'failed') return <LoadFailed error={environment.error} what="environment" />;
  const { value } = environment;
  return (
    <section className="environment-page">
      <AppLink appId={value.appId} />
      <h1>{value.name}</h1>
      <p className="environment-key">
        appKey <code>{value.appKey}</code>
      </p>
      <EnvironmentActions environment={value} />
      <EnvironmentTabs tabs={TABS} selected={slug} onSelect={(next) => navigate(`/environments/${environmentId}/${next}`)} label="Environment settings">
        <TabPanel slug={slug} environment={value} />
      </EnvironmentTabs>
    </section>
  );
}

function TabPanel({ slug, environment }: { slug: string; environment: EnvironmentView }) {
  switch (slug) {
    case 'identity':
      return <IdentityTab environment={environment} />;
    case 'clients':
      return <ClientsTab environment={environment} />;
    case 'users':
      return <UsersTab environmentId={environment.id} />;
    case 'grants':
      return <GrantsTab environment={environment} />;
    case 'data-links':
      return <DataLinksTab environment={environment} />;
    case 'devices':
      return <DevicesTab environment={environment} />;
    default: {
      const scope = { environmentId: environment.id, organizationId: environment.organizationId };
      return <ServicesTab {...scope} />;
    }
  }
}

/** Back to the environment's app, by the app's name once it is known. */
function AppLink({ appId }: { appId: string }) {
  const api = useApi();
  const app = useLoad(() => api.get<AppView>(`/v1/apps/${appId}`), [api, appId]);
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <Link to={`/apps/${appId}`}>{app.state === 'ready' ? `Back to app ${app.value.name}` : 'Back to the app'}</Link>
    </nav>
  );
}
