import { useApi } from '../../app/session-context';
import { NewNamedDialog } from './NewNamedDialog';
import type { OrganizationWithSecret } from './types';

export function NewOrganizationDialog({ onCreated, onClose }: { onCreated: (created: OrganizationWithSecret) => void; onClose: () => void }) {
  const api = useApi();
  return (
    <NewNamedDialog
      title="New organization"
      nameHelp="Lower-case letters, digits and -; part of the gateway's URLs."
      create={(body) => api.post<OrganizationWithSecret>('/v1/organizations', body)}
      onCreated={onCreated}
      onClose={onClose}
    />
  );
}
