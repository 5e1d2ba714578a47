import { useParams } from 'react-router';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import { LoadFailed, Loading, NotFound } from '../../components/States';
import { isUuid } from '../../components/input-rules';
import { EditAction } from '../organizations/EditAction';
import type { App } from '../organizations/types';
import { DeleteAppSection } from './DeleteAppSection';
import { EditAppDialog } from './EditAppDialog';
import { EnvironmentsSection } from './EnvironmentsSection';
import { OrganizationLink } from './OrganizationLink';
import './apps.css';

export function AppPage() {
  const { appId = '' } = useParams();
  return isUuid(appId) ? <AppView appId={appId} /> : <NotFound what="app" />;
}

function AppView({ appId }: { appId: string }) {
  const api = useApi();
  const app = useLoad(() => api.get<App>(`/v1/apps/${appId}`), [api, appId]);
  if (app.state === 'loading') return <Loading />;
  if (app.state === 'failed') return <LoadFailed error={app.error} what="app" />;
  const shown = app.value;
  return (
    <article>
      <OrganizationLink organizationId={shown.organizationId} />
      <div className="toolbar">
        <h1>{shown.name}</h1>
        <EditAction label="Edit app" onSaved={app.reload} dialog={(props) => <EditAppDialog app={shown} {...props} />} />
      </div>
      {shown.displayName && shown.displayName !== shown.name ? <p className="subtitle">{shown.displayName}</p> : null}
      <EnvironmentsSection appId={shown.id} defaultEnvironmentId={shown.defaultEnvironmentId} />
      <DeleteAppSection app={shown} />
    </article>
  );
}
