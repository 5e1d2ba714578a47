import { useNavigate } from 'react-router';
import { useApi } from '../../app/session-context';
import { DeleteByNameSection } from '../organizations/DeleteByNameSection';
import type { App } from '../organizations/types';

/** Deletes the app with its environments (`?cascade=true`, as the organization's delete does); every login beneath it is revoked. */
export function DeleteAppSection({ app }: { app: App }) {
  const api = useApi();
  const navigate = useNavigate();
  return (
    <DeleteByNameSection
      what="app"
      name={app.name}
      explanation="Deletes the app and its environments with their services, clients, users and authentication grants. Audit events are kept."
      warning={`This deletes ${app.name} and every environment in it, and signs out every user of the app. It cannot be undone.`}
      remove={async () => {
        await api.delete(`/v1/apps/${app.id}`, { cascade: true });
        navigate(`/organizations/${app.organizationId}`, { replace: true });
      }}
    />
  );
}
