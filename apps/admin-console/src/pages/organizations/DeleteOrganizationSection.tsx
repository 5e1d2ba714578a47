import { useNavigate } from 'react-router';
import { useApi } from '../../app/session-context';
import { DeleteByNameSection } from './DeleteByNameSection';
import type { Organization } from './types';

/** Deletes the organization with everything beneath it (`?cascade=true`); every login beneath it is revoked. */
export function DeleteOrganizationSection({ organization }: { organization: Organization }) {
  const api = useApi();
  const navigate = useNavigate();
  return (
    <DeleteByNameSection
      what="organization"
      name={organization.name}
      explanation="Deletes the organization, its apps, environments, services, clients and users. Audit events are kept."
      warning={`This deletes ${organization.name} and everything in it, and signs out every user of its apps. It cannot be undone.`}
      remove={async () => {
        await api.delete(`/v1/organizations/${organization.id}`, { cascade: true });
        navigate('/organizations', { replace: true });
      }}
    />
  );
}
