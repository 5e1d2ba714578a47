import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApi } from '../../app/session-context';
import { ConfirmByName } from '../../components/ConfirmByName';
import { PageSection } from '../../components/PageSection';
import { useDenied } from '../../components/use-denied';
import type { Organization } from './types';

/** Deletes the organization with everything beneath it (`?cascade=true`); every login beneath it is revoked. */
export function DeleteOrganizationSection({ organization }: { organization: Organization }) {
  const api = useApi();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const { denied, guard } = useDenied();
  return (
    <PageSection title="Delete">
      <p>Deletes the organization, its apps, environments, services, clients and users. Audit events are kept.</p>
      <button type="button" className="danger" disabled={denied} onClick={() => setConfirming(true)}>
        Delete organization
      </button>
      {denied ? <p>You may not delete this organization.</p> : null}
      {confirming ? (
        <ConfirmByName
          title="Delete organization"
          name={organization.name}
          action="Delete"
          warning={`This deletes ${organization.name} and everything in it, and signs out every user of its apps. It cannot be undone.`}
          onClose={() => setConfirming(false)}
          onConfirm={guard(async () => {
            await api.delete(`/v1/organizations/${organization.id}`, { cascade: true });
            navigate('/organizations', { replace: true });
          })}
        />
      ) : null}
    </PageSection>
  );
}
