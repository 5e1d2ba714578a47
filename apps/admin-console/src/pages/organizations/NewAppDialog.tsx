import { useApi } from '../../app/session-context';
import { NewNamedDialog } from './NewNamedDialog';
import type { App } from './types';

export function NewAppDialog({ organizationId, onCreated, onClose }: { organizationId: string; onCreated: (app: App) => void; onClose: () => void }) {
  const api = useApi();
  return (
    <NewNamedDialog
      title="New app"
      nameHelp="Lower-case letters, digits and -; unique in the organization."
      create={(body) => api.post<App>(`/v1/organizations/${organizationId}/apps`, body)}
      onCreated={onCreated}
      onClose={onClose}
    />
  );
}
